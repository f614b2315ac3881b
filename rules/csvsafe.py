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
