"""Spreadsheet safety for every CSV the project writes (CSV injection, OWASP's "CSV Injection").

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and some
also act on a leading tab or carriage return. Every CSV writer of the project passes its rows
through :func:`neutralise`, which puts one apostrophe (``'``) in front of such a cell — the
apostrophe is the spreadsheets' own "this is text" mark, so the cell shows as typed.

The rule round-trips. A cell that *already* starts with one or more apostrophes followed by one
of those characters gets one more apostrophe, and every reader of the project's CSV input
(``prop64 evaluate``, ``county``, ``petitions``) takes exactly one leading apostrophe off such a
cell (:func:`restore`). So ``=1+2`` is written ``'=1+2`` and read back as ``=1+2``; the text
``'=1+2`` is written ``''=1+2`` and read back as ``'=1+2``. A cell like ``'Ohana`` (an apostrophe
not followed by a trigger character) is never changed, on reading or on writing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

TRIGGERS = frozenset("=+-@\t\r")
_FIRST = frozenset("=+-@\t\r'")  # the first characters worth a closer look
_ESCAPED = re.compile(r"'*[=+\-@\t\r]")
_RESTORE = re.compile(r"'+[=+\-@\t\r]")


def neutralise_cell(cell: str) -> str:
    """The cell as written: with one more leading apostrophe when a spreadsheet would run it."""
    if cell and cell[0] in _FIRST and _ESCAPED.match(cell):
        return "'" + cell
    return cell


def restore_cell(cell: str) -> str:
    """The cell as given, from the cell as written (the inverse of :func:`neutralise_cell`)."""
    if cell[:1] == "'" and _RESTORE.match(cell):
        return cell[1:]
    return cell


_MARKS = tuple("\x00" + c for c in "=+-@\t\r'")


def neutralise(row: list[str]) -> list[str]:
    """The row with every cell neutralised (in place, and returned).

    Most rows have no cell to change: one C-level join and seven substring tests find them,
    so the per-cell loop runs only for the few rows that need it."""
    joined = "\x00" + "\x00".join(row)
    for mark in _MARKS:
        if mark in joined:
            break
    else:
        return row
    first = _FIRST
    for i, cell in enumerate(row):
        if cell and cell[0] in first:
            row[i] = neutralise_cell(cell)
    return row


def restore(row: list[str]) -> list[str]:
    """The row with every cell restored (in place, and returned)."""
    for i, cell in enumerate(row):
        if cell[:1] == "'":
            row[i] = restore_cell(cell)
    return row


def restoring(rows: Iterable[list[str]]) -> Iterator[list[str]]:
    """Rows of a CSV reader, restored (see the module doc)."""
    for row in rows:
        if "'" in "".join(row):
            restore(row)
        yield row


def reader(lines: Iterable[str]) -> Iterator[list[str]]:
    """csv.reader over ``lines`` with cells restored; only rows whose lines hold an apostrophe
    are looked at cell by cell (a substring test per line, at memory speed)."""
    seen = [False]

    def feed() -> Iterator[str]:
        for line in lines:
            if "'" in line:
                seen[0] = True
            yield line

    for row in csv.reader(feed()):
        if seen[0]:
            seen[0] = False
            restore(row)
        yield row


def csv_text(cells: list[str]) -> str:
    """Cells as one CSV line's text (no line end), neutralised: what ``SafeWriter`` over
    ``csv.writer`` would write (minimal quoting)."""
    if _SPECIAL.search("\x00" + "\x00".join(cells)) is None:
        return ",".join(cells)
    out = []
    for c in cells:
        if c and c[0] in _FIRST:
            c = neutralise_cell(c)
        if _NEEDS_QUOTES.search(c):
            c = '"' + c.replace('"', '""') + '"'
        out.append(c)
    return ",".join(out)


_NEEDS_QUOTES = re.compile(r'[,"\r\n]')
_SPECIAL = re.compile("[,\"\r\n]|\x00[=+\\-@\t\r']")


def records(lines: Iterable[str]) -> Iterator[tuple[str, list[str]]]:
    """(raw text, cells) of every CSV record of ``lines`` (a text stream opened with
    ``newline=""``), cells restored. The raw text is the record as it is in the file, line end
    included, so that a writer can copy it instead of quoting its cells again
    (:func:`copy_safe` says when that is safe). csv.reader pulls exactly the lines of one
    record before giving it, so the lines gathered here are that record's."""
    got: list[str] = []
    keep = got.append

    def feed() -> Iterator[str]:
        for line in lines:
            keep(line)
            yield line

    for row in csv.reader(feed()):
        raw = got[0] if len(got) == 1 else "".join(got)
        got.clear()
        if "'" in raw:
            restore(row)
        yield raw, row


_AFTER_COMMA = tuple("," + c for c in "=+-@\t\r")


def copy_safe(raw: str) -> bool:
    """True when a raw record has no cell that starts with a formula character, so that copying
    it unchanged writes what :func:`neutralise` would (false alarms only cost the slow path).
    Substring tests, not a regular expression: they run at memory speed on long DOJ lines."""
    first = raw[:1]
    if first in TRIGGERS or (first == '"' and raw[1:2] in TRIGGERS):
        return False
    for mark in _AFTER_COMMA:
        if mark in raw:
            return False
    start = raw.find(',"')
    while start != -1:
        if raw[start + 2 : start + 3] in TRIGGERS and raw[start + 2 : start + 3]:
            return False
        start = raw.find(',"', start + 2)
    return True


class SafeWriter:
    """A ``csv.writer`` look-alike that neutralises every row it writes."""

    __slots__ = ("_writer",)

    def __init__(self, writer: object) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[str]) -> object:
        return self._writer.writerow(neutralise(list(row)))  # type: ignore[attr-defined]

    def writerows(self, rows: Iterable[Iterable[str]]) -> None:
        for row in rows:
            self.writerow(row)
