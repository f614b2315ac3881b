"""The batch CSV contract: read a county's records, evaluate every row, write every row back.

Input: UTF-8 CSV with a header; column names are case-insensitive; unknown columns are carried
through unchanged and in order. Required: ``person_id``, ``code_section``. Blank means unknown.
Output: every input column, then :data:`OUTPUT_COLUMNS`.

``arrest_date`` (optional) is the day of the arrest for the conviction: the offense happened on
or before it. Without an ``offense_date`` it bounds the offense date (and so the age at the
offense) more tightly than the conviction date; with one, an offense after it is an error.
Cells that a spreadsheet would run as formulas are written with a leading apostrophe and read
back without it (:mod:`rules.csvsafe`).

The file is read twice: the first pass keeps, per person, only what can make another row a
prior (the kind and dates of rows of §§ 11358-11360 and of rows on the super-strike / PC 290(c)
lists, packed in numbers: :class:`People`) and the person's own facts; the second pass evaluates
and writes row by row. So memory grows
with the number of people, not with the width of the file, and a person's rows may be anywhere
in the file, in any order. Nothing is written to disk but the output the caller asked for.
"""

from __future__ import annotations

import collections
import csv
import io
import itertools
import operator
import os
import pickle
import re
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import IO, TYPE_CHECKING

from rules.csvsafe import SafeWriter, copy_safe, csv_text, records, restore
from rules.engine import RecordEntry, evaluate_one, prior_relevant_section, record_kind
from rules.model import N_, Conviction, Court, Joined, Level, Note, Person, Result, SentenceStatus
from rules.spool import external_sort

if TYPE_CHECKING:
    from _csv import Reader as _CsvReader

    from rules.policy import PersonFacts
    from rules.sections import Section

REQUIRED = ("person_id", "code_section")
OPTIONAL = (
    "name",
    "date_of_birth",
    "county",
    "case_number",
    "level",
    "offense_date",
    "conviction_date",
    "sentence_status",
    "court",
    "cannabis_grams",
    "concentrate_grams",
    "plant_count",
    "sold",
    "minor_involved",
    "interstate",
    "environmental_violation",
    "superstrike_prior",
    "pc290_prior",
    "arrest_date",
)
OUTPUT_COLUMNS = (
    "outcome",
    "track",
    "reasons",
    "citations",
    "questions",
    "possible_outcome",
    "errors",
    "priors",
)
MAX_FIELD = 1_000_000  # csv's own limit is 131,072; a longer cell is an error, not a crash


class ContractError(Exception):
    """The input is not a CSV file of this contract (exit status 2)."""


# -- Reading values ----------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@lru_cache(maxsize=65536)
def parse_date(text: str) -> date | str | None:
    """A date, None for blank, or an error message (str)."""
    t = text.strip()
    if not t:
        return None
    m = _ISO.match(t)
    if m:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _US.match(t)
        if not m:
            return Note(UNKNOWN_DATE_FORMAT, value=repr(t))
        mo, d, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError:
        return Note(_IMPOSSIBLE_DATE, value=repr(t))


# A date's problem (parse_date), and the same problem named with its column (the row's error).
UNKNOWN_DATE_FORMAT = N_(
    "unknown date format %(value)s (use YYYY-MM-DD or MM/DD/YYYY; offense and conviction dates"
    " may also be YYYY-MM, MM/YYYY or YYYY)"
)
_IMPOSSIBLE_DATE = N_("impossible date %(value)s")
_IN_COLUMN = {
    UNKNOWN_DATE_FORMAT: N_(
        "%(column)s: unknown date format %(value)s (use YYYY-MM-DD or MM/DD/YYYY; offense and"
        " conviction dates may also be YYYY-MM, MM/YYYY or YYYY)"
    ),
    _IMPOSSIBLE_DATE: N_("%(column)s: impossible date %(value)s"),
}


def date_problem(column: str, problem: str) -> str:
    """``problem`` (a :func:`parse_date` message) as a row's error about ``column``."""
    if isinstance(problem, Note) and problem.template in _IN_COLUMN:
        return Note(_IN_COLUMN[problem.template], column=column, **problem.values)
    return f"{column}: {problem}"


_DATES: dict[str, date] = {}  # texts already read as valid dates
_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}
_LEVELS = {
    "f": Level.FELONY,
    "felony": Level.FELONY,
    "m": Level.MISDEMEANOR,
    "misdemeanor": Level.MISDEMEANOR,
    "i": Level.INFRACTION,
    "infraction": Level.INFRACTION,
}
_LEVELS.update({k.upper(): v for k, v in list(_LEVELS.items())})
_STATUS = {"serving": SentenceStatus.SERVING, "completed": SentenceStatus.COMPLETED}
_COURTS = {"adult": Court.ADULT, "juvenile": Court.JUVENILE}
for _table in (_LEVELS, _STATUS, _COURTS):
    _table[""] = None  # type: ignore[assignment]


def _choice(table: dict[str, object], text: str, column: str, errors: list[str]) -> object:
    """Slow path: case and spaces (the fast path is an exact dictionary hit)."""
    t = text.strip().lower()
    if not t:
        return None
    if t in table:
        return table[t]
    errors.append(
        Note(N_("%(column)s: unknown value %(value)s"), column=column, value=repr(text.strip()))
    )
    return None


def _yes_no(text: str, column: str, errors: list[str]) -> bool | None:
    t = text.strip().lower()
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    errors.append(_not_yes_no(column, text))
    return None


def _not_yes_no(column: str, text: str) -> Note:
    return Note(
        N_("%(column)s: expected yes or no, got %(value)s"),
        column=column,
        value=repr(text.strip()),
    )


def _number(text: str, column: str, errors: list[str], *, integer: bool = False) -> float | None:
    t = text.strip()
    if not t:
        return None
    try:
        value = float(t)
    except ValueError:
        errors.append(Note(N_("%(column)s: not a number: %(value)s"), column=column, value=repr(t)))
        return None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        errors.append(
            Note(N_("%(column)s: not a usable amount: %(value)s"), column=column, value=repr(t))
        )
        return None
    if integer and not value.is_integer():
        errors.append(
            Note(N_("%(column)s: not a whole number: %(value)s"), column=column, value=repr(t))
        )
        return None
    return value


_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{4})$")


def partial_date_bounds(text: str) -> tuple[date, date] | None:
    """The earliest and latest day of an offense or conviction date given only as a year or a
    month (``2015``, ``2015-06``, ``06/2015``, as the site accepts them); None for anything else.

    The row is evaluated at both ends (:func:`_partial_dates`): when the answer depends on the day,
    the row gets an input error asking for the whole date, never a guessed day."""
    t = text.strip()
    m = _YEAR.match(t)
    if m:
        y = int(m[1])
        return date(y, 1, 1), date(y, 12, 31)
    m = _YEAR_MONTH.match(t) or _MONTH_YEAR.match(t)
    if not m:
        return None
    y, mo = (int(m[1]), int(m[2])) if "-" in t else (int(m[2]), int(m[1]))
    if not 1 <= mo <= 12:
        return None
    first = date(y, mo, 1)
    last = (date(y + (mo == 12), mo % 12 + 1, 1)) - timedelta(days=1)
    return first, last


def _date(text: str, column: str, errors: list[str]) -> date | None:
    """Slow path of the date columns (the fast path is a hit in _DATES, valid dates only). A year
    or month date reads as its earliest day here; :func:`_partial_dates` checks the latest."""
    value = parse_date(text)
    if isinstance(value, date):  # a whole date (never also a year or month: other patterns)
        if len(_DATES) < 65_536:
            _DATES[text] = value
        return value
    bounds = partial_date_bounds(text)
    if bounds is not None:
        return bounds[0]
    if isinstance(value, str):
        errors.append(date_problem(column, value))
    return None


# -- Rows --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    names: tuple[str, ...]
    index: dict[str, int]

    @classmethod
    def read(cls, row: list[str]) -> Header:
        names = tuple(row)
        index: dict[str, int] = {}
        for i, name in enumerate(names):
            key = name.strip().lower().lstrip("\ufeff")
            index.setdefault(key, i)
        missing = [c for c in REQUIRED if c not in index]
        if missing:
            raise ContractError(
                "missing required column(s): "
                + ", ".join(missing)
                + " (the header must name person_id and code_section)"
            )
        return cls(names, index)

    def get(self, row: list[str], column: str) -> str:
        """The cell of ``column`` in ``row`` ("" when the column or the cell is absent)."""
        i = self.index.get(column)
        return row[i] if i is not None and i < len(row) else ""

    def pad(self, row: list[str]) -> list[str]:
        """The row with one extra blank cell, which every absent column reads."""
        width = len(self.names)
        if len(row) == width:  # the usual case: csv gives a fresh list, extend it in place
            row.append("")
            return row
        if len(row) < width:
            return [*row, *([""] * (width - len(row))), ""]
        return [*row[:width], ""]

    def position(self, column: str) -> int:
        """Where a column is in a padded row (absent columns read the blank cell at the end)."""
        return self.index.get(column, len(self.names))


# The columns a Conviction is read from, in the order RowReader unpacks them: the section, then
# the optional columns from county to environmental_violation (the rest are the person's).
_FIELDS = (
    "code_section",
    *OPTIONAL[OPTIONAL.index("county") : OPTIONAL.index("superstrike_prior")],
)
_MISSING = object()
_YES_NO: dict[str, bool | None] = {"": None}
for _w in _YES:
    _YES_NO.update({_w: True, _w.upper(): True, _w.title(): True})
for _w in _NO:
    _YES_NO.update({_w: False, _w.upper(): False, _w.title(): False})


class RowReader:
    """Reads the contract's columns out of a row; precomputes where each column is."""

    def __init__(self, h: Header) -> None:
        self.header = h
        self.width = len(h.names)
        self.get = operator.itemgetter(*(h.position(c) for c in _FIELDS))

    def conviction(self, row: list[str], cells: int | None = None) -> tuple[Conviction, list[str]]:
        """A Conviction from a CSV row, and the problems found reading it. With ``cells``, the
        row is already padded (:meth:`Header.pad`) and ``cells`` is its original length."""
        errors: list[str] = []
        if cells is None:
            cells, row = len(row), self.header.pad(row)
        if cells != self.width:
            errors.append(
                Note(
                    N_("malformed row: %(cells)s fields where the header has %(width)s"),
                    cells=str(cells),
                    width=str(self.width),
                )
            )
        (
            sec,
            county,
            case,
            lvl,
            off,
            conv,
            status,
            court,
            grams,
            conc,
            plants,
            sold,
            minor,
            inter,
            env,
        ) = self.get(row)

        # Fast paths: exact dictionary hits for the usual spellings and for values seen before;
        # anything else goes through the slow, message-giving readers.
        level = _LEVELS.get(lvl, _MISSING)
        if level is _MISSING:
            level = _choice(_LEVELS, lvl, "level", errors)  # type: ignore[arg-type]
        status_v = _STATUS.get(status, _MISSING)
        if status_v is _MISSING:
            status_v = _choice(_STATUS, status, "sentence_status", errors)  # type: ignore[arg-type]
        court_v = _COURTS.get(court, _MISSING)
        if court_v is _MISSING:
            court_v = _choice(_COURTS, court, "court", errors)  # type: ignore[arg-type]
        yn, dates = _YES_NO, _DATES
        sold_v = yn[sold] if sold in yn else _yes_no(sold, "sold", errors)
        minor_v = yn[minor] if minor in yn else _yes_no(minor, "minor_involved", errors)
        inter_v = yn[inter] if inter in yn else _yes_no(inter, "interstate", errors)
        env_v = yn[env] if env in yn else _yes_no(env, "environmental_violation", errors)
        n_plants = _number(plants, "plant_count", errors, integer=True) if plants else None
        c = Conviction(
            sec,
            level,  # type: ignore[arg-type]
            (dates.get(off) or _date(off, "offense_date", errors)) if off else None,
            (dates.get(conv) or _date(conv, "conviction_date", errors)) if conv else None,
            status_v,  # type: ignore[arg-type]
            court_v,  # type: ignore[arg-type]
            _number(grams, "cannabis_grams", errors) if grams else None,
            _number(conc, "concentrate_grams", errors) if conc else None,
            int(n_plants) if n_plants is not None else None,
            sold_v,
            minor_v,
            inter_v,
            env_v,
            county.strip() or None,
            case.strip() or None,
        )
        return c, errors


def conviction_from_row(h: Header, row: list[str]) -> tuple[Conviction, list[str]]:
    """A Conviction from a CSV row, and the problems found reading it."""
    return RowReader(h).conviction(row)


# People.flags bits: the answers about priors given on any of the person's rows, and whether the
# rows give different dates of birth.
_SS_YES, _SS_NO, _PC290_YES, _PC290_NO, _DOB_CONFLICT = 1, 2, 4, 8, 16
_YES_BIT = {"superstrike_prior": _SS_YES, "pc290_prior": _PC290_YES}
_NO_BIT = {"superstrike_prior": _SS_NO, "pc290_prior": _PC290_NO}

# A row of a person's record packed in one 64-bit number: its kind (People.kinds: same
# section, listed, section) and its two dates as ordinals (0: none; date.max is 3,652,059 < 2**22).
_ORD_BITS = 22
_ORD_MASK = (1 << _ORD_BITS) - 1
_KIND_SHIFT = 2 * _ORD_BITS
_MAX_KINDS = 1 << (64 - _KIND_SHIFT)


class People:
    """Pass one's memory of everyone in the file: per person, their own facts and the rows that
    can be priors, in flat arrays indexed by the order people first appear (about 130 bytes a
    person, and 16 a prior-relevant row: a county file holds hundreds of thousands of people)."""

    def __init__(self, *, county_facts: bool = False) -> None:
        self.index: dict[str, int] = {}  # person_id -> their index
        self.rows = array("I")  # how many rows of the file are the person's
        self.dob = array("i")  # the first whole date of birth, as an ordinal (0: none)
        self.flags = bytearray()
        # The person's prior-relevant rows, a chain in file order: the first and last entry
        # (-1: none), then per entry its packed facts, its row and the next entry of the person.
        self.head = array("i")
        self.tail = array("i")
        self.packed = array("Q")
        self.line = array("I")
        self.next = array("i")
        self.kinds: list[tuple[str, bool, Section | None]] = []
        self._kind_of: dict[tuple[str, bool, Section | None], int] = {}
        self._kind_of_text: dict[str, int] = {}
        # Problems with the person's own facts on a given row (found in the first pass), by row.
        self.row_errors: dict[int, list[str]] = {}
        self._days: dict[int, date] = {}
        self._decoded_for = -1  # the person whose record _decoded holds: (line, entry) pairs
        self._decoded: list[tuple[int, RecordEntry]] = []
        self.persons: dict[int, tuple[Person, tuple[str, ...]]] = {}
        # Only for county mode (rules.county): cannabis rows and latest conviction (ordinal).
        self.county_facts = county_facts
        self.cannabis = array("I")
        self.latest = array("i")

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, pid: str) -> int:
        i = self.index[pid] = len(self.rows)
        self.rows.append(0)
        self.dob.append(0)
        self.flags.append(0)
        self.head.append(-1)
        self.tail.append(-1)
        if self.county_facts:
            self.cannabis.append(0)
            self.latest.append(0)
        return i

    def add_row_error(self, line: int, error: str) -> None:
        self.row_errors.setdefault(line, []).append(error)

    def kind_of(self, code_section: str) -> int:
        """The index in :attr:`kinds` of what a row of ``code_section`` is as part of a record,
        or -1 when such a row is never a prior the rules read (cached by text)."""
        k = self._kind_of_text.get(code_section)
        if k is not None:
            return k
        sec = prior_relevant_section(code_section)
        k = -1
        if sec is not None:
            kind = record_kind(sec)
            if kind[0] or kind[1]:
                found = self._kind_of.get(kind)
                if found is None:
                    if len(self.kinds) >= _MAX_KINDS:
                        raise ContractError(
                            f"more than {_MAX_KINDS:,} distinct code sections of priors"
                        )
                    found = self._kind_of[kind] = len(self.kinds)
                    self.kinds.append(kind)
                k = found
        if len(self._kind_of_text) >= 65_536:
            self._kind_of_text.clear()
        self._kind_of_text[code_section] = k
        return k

    def add_entry(self, i: int, line: int, k: int, off: date | None, conv: date | None) -> None:
        """Adds to person ``i``'s record the row on ``line``, of kind ``k`` (:meth:`kind_of`)."""
        e = len(self.packed)
        self.packed.append(
            (k << _KIND_SHIFT)
            | ((off.toordinal() if off else 0) << _ORD_BITS)
            | (conv.toordinal() if conv else 0)
        )
        self.line.append(line)
        self.next.append(-1)
        if self.head[i] < 0:
            self.head[i] = e
        else:
            self.next[self.tail[i]] = e
        self.tail[i] = e

    def _day(self, o: int) -> date | None:
        if not o:
            return None
        d = self._days.get(o)
        if d is None:
            if len(self._days) >= 65_536:
                self._days.clear()
            d = self._days[o] = date.fromordinal(o)
        return d

    def record_without(self, i: int, line: int) -> Sequence[RecordEntry]:
        """The person's record but for the row on ``line``. The last person's whole record is
        kept decoded, so a file sorted by person decodes each person once."""
        e = self.head[i]
        if e < 0:
            return ()
        lines, after = self.line, self.next
        if after[e] < 0 and lines[e] == line:  # the row is the person's only prior-relevant one
            return ()
        if self._decoded_for != i:
            whole = []
            packed, kinds, days, day = self.packed, self.kinds, self._days, self._day
            while e >= 0:
                v = packed[e]
                o, c = (v >> _ORD_BITS) & _ORD_MASK, v & _ORD_MASK
                same, listed, section = kinds[v >> _KIND_SHIFT]
                entry = RecordEntry(
                    same, listed, days.get(o) or day(o), days.get(c) or day(c), section
                )
                whole.append((lines[e], entry))
                e = after[e]
            self._decoded_for, self._decoded = i, whole
        return [entry for at, entry in self._decoded if at != line]

    def person(self, i: int) -> tuple[Person, tuple[str, ...]]:
        """The person's own facts, and the problems with them."""
        key = self.dob[i] << 8 | self.flags[i]
        got = self.persons.get(key)
        if got is None:
            o, flags = key >> 8, key & 0xFF
            errors: tuple[str, ...] = ()
            dob = date.fromordinal(o) if o else None
            if flags & _DOB_CONFLICT:
                errors = (Note(N_("the person's rows give different dates of birth")),)
                dob = None
            # A "yes" on any row is the person's answer (it is a fact about the person).
            got = (
                Person(
                    date_of_birth=dob,
                    superstrike_prior=_answer(flags, _SS_YES, _SS_NO),
                    pc290_prior=_answer(flags, _PC290_YES, _PC290_NO),
                ),
                errors,
            )
            if len(self.persons) >= 16_384:
                self.persons.clear()
            self.persons[key] = got
        return got

    def facts(self, pid: str) -> PersonFacts | None:
        """What county mode's options read about a person (``county_facts=True`` only): the
        first whole date of birth, how many rows, how many of a cannabis section, the latest
        conviction date."""
        from rules.policy import PersonFacts

        i = self.index.get(pid)
        if i is None:
            return None
        latest = self.latest[i]
        return PersonFacts(
            date.fromordinal(self.dob[i]) if self.dob[i] else None,
            self.rows[i],
            self.cannabis[i],
            date.fromordinal(latest) if latest else None,
            False,
        )


def _answer(flags: int, yes: int, no: int) -> bool | None:
    return True if flags & yes else False if flags & no else None


def _first_pass(
    h: Header,
    rows: Iterator[list[str]],
    reader: _CsvReader | None,
    marks: list[int],
    people: People,
    start: int = 1,
) -> int:
    """Fills ``people`` with every person's facts and prior-relevant rows (``rows`` numbered
    from ``start``); appends to ``marks`` the physical lines ``reader`` has read after each
    CHUNK_ROWS rows. Returns the number of the last row (0 when none)."""
    n = start - 1
    chunk = CHUNK_ROWS
    p = h.position
    i_pid, i_dob, i_ss, i_290 = (
        p("person_id"),
        p("date_of_birth"),
        p("superstrike_prior"),
        p("pc290_prior"),
    )
    i_sec, i_off, i_conv = p("code_section"), p("offense_date"), p("conviction_date")
    index, counts, flags = people.index, people.rows, people.flags
    kind_cache, dobs = people._kind_of_text, people.dob
    county = people.county_facts
    if county:
        from rules.policy import PROP64_TEXT

        cannabis_text = PROP64_TEXT.search
    for n, raw in enumerate(rows, start=start):
        if reader is not None and n % chunk == 0:
            marks.append(reader.line_num)
        row = h.pad(raw)
        pid = row[i_pid].strip()
        i = index.get(pid)
        if i is None:
            i = people.add(pid)
        counts[i] += 1
        if row[i_dob]:
            dob = parse_date(row[i_dob])
            if isinstance(dob, date):  # the first date of birth; another one is a conflict
                o = dob.toordinal()
                known = dobs[i]
                if not known:
                    dobs[i] = o
                elif known != o:
                    flags[i] |= _DOB_CONFLICT
            elif dob is not None:
                people.add_row_error(n, date_problem("date_of_birth", dob))
        if row[i_ss] or row[i_290]:
            for j, column in ((i_ss, "superstrike_prior"), (i_290, "pc290_prior")):
                t = row[j]
                if t:
                    word = t.strip().lower()
                    if word in _YES:
                        flags[i] |= _YES_BIT[column]
                    elif word in _NO:
                        flags[i] |= _NO_BIT[column]
                    elif word:
                        people.add_row_error(n, _not_yes_no(column, t))
        conv: date | str | None = None
        text = row[i_sec]
        k = kind_cache.get(text)
        if k is None:
            k = people.kind_of(text)
        if k >= 0:
            off, conv = parse_date(row[i_off]), parse_date(row[i_conv])
            people.add_entry(
                i,
                n,
                k,
                off if isinstance(off, date) else None,
                conv if isinstance(conv, date) else None,
            )
        if county:
            if cannabis_text(text):
                people.cannabis[i] += 1
            if k < 0:
                conv = parse_date(row[i_conv]) if row[i_conv] else None
            if isinstance(conv, date) and conv.toordinal() > people.latest[i]:
                people.latest[i] = conv.toordinal()
    return n


def result_columns(result: Result) -> list[str]:
    return [
        result.outcome.value,
        result.track.value if result.track else "",
        ";".join(result.reason_codes),
        " | ".join(result.citations),
        ";".join(q.fact.value for q in result.questions),
        result.possible_outcome.value if result.possible_outcome else "",
        "; ".join(result.errors),
        "; ".join(p.describe() for p in result.priors),
    ]


@dataclass
class Summary:
    rows: int = 0
    people: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class EvaluatedRow:
    """One input row with its result (the public interface for other front ends)."""

    line: int  # 1-based line of the row in the file (the header is line 1)
    cells: list[str]  # the row's cells, exactly as many as the header has
    person_id: str
    conviction: Conviction
    result: Result
    # The row's text as in the file, when its cells are exactly the header's (else ""): a
    # writer may copy it instead of quoting the cells again (rules.csvsafe.copy_safe).
    text: str = ""
    # Whether this is the person's last row (Evaluation.rows without ``select`` only): what is
    # gathered about the person is then complete.
    last: bool = False


class Evaluation:
    """Evaluates the CSV that ``open_input`` opens (it is called twice: see the module doc).

    ``header`` and ``total`` are known once constructed; iterate for the rows, in file order.
    """

    def __init__(self, open_input: Callable[[], IO[str]], *, county_facts: bool = False) -> None:
        self._open = open_input
        with open_input() as first:
            reader, rows = _counted_reader(first)
            self.header = _header(rows)
            # Physical lines read after the header and after each CHUNK_ROWS rows: a process
            # given some chunks skips the others' lines without parsing them.
            self._marks = [reader.line_num]
            self._people = People(county_facts=county_facts)
            self.total = _first_pass(self.header, rows, reader, self._marks, self._people)

    @property
    def people(self) -> int:
        return len(self._people)

    def rows_of(self, person_id: str) -> int:
        """How many rows of the file are the person's (so a reader streaming the rows knows
        when it has seen all of them)."""
        i = self._people.index.get(person_id)
        return self._people.rows[i] if i is not None else 0

    def person_facts(self, person_id: str) -> PersonFacts | None:
        """County mode's facts about the person (``Evaluation(..., county_facts=True)``)."""
        return self._people.facts(person_id)

    def __iter__(self) -> Iterator[EvaluatedRow]:
        return self.rows()

    def rows(self, select: Callable[[int], bool] | None = None) -> Iterator[EvaluatedRow]:
        """The evaluated rows in file order; with ``select``, only the rows whose number (1 for
        the first row after the header) it accepts."""
        with self._open() as second:
            csv.field_size_limit(MAX_FIELD)
            lines = iter(second)
            _skip(lines, self._marks[0])
            seen = array("I", bytes(4 * len(self._people)))
            yield from self._evaluate(records(lines), 1, select, seen)

    def chunk_rows(self, mine: Callable[[int], bool]) -> Iterator[EvaluatedRow]:
        """The evaluated rows of the chunks (of :data:`CHUNK_ROWS` rows, numbered from 0) that
        ``mine`` accepts, in file order; the lines of the other chunks are skipped unparsed."""
        marks = self._marks
        chunks = -(-self.total // CHUNK_ROWS)
        with self._open() as second:
            csv.field_size_limit(MAX_FIELD)
            lines = iter(second)
            _skip(lines, marks[0])
            for k in range(chunks):
                count = marks[k + 1] - marks[k] if k + 1 < len(marks) else None
                part = itertools.islice(lines, count)
                if mine(k):
                    yield from self._evaluate(records(part), k * CHUNK_ROWS + 1, None)
                else:
                    _skip(part, count)

    def _evaluate(
        self,
        rows: Iterator[tuple[str, list[str]]],
        start: int,
        select: Callable[[int], bool] | None,
        seen: array[int] | None = None,
    ) -> Iterator[EvaluatedRow]:
        """``seen``: rows read so far per person in a whole reading (for ``EvaluatedRow.last``)."""
        h = self.header
        people = self._people
        index, row_errors, counts = people.index, people.row_errors, people.rows
        persons, dobs, pflags, heads = people.persons, people.dob, people.flags, people.head
        i_pid = h.position("person_id")
        i_off, i_conv = h.position("offense_date"), h.position("conviction_date")
        reader = RowReader(h)
        width = len(h.names)
        i_arrest = h.index.get("arrest_date")
        full_dates = _DATES
        for n, (text, row) in enumerate(rows, start=start):
            if select is not None and not select(n):
                continue
            n_cells, raw = len(row), row
            row = h.pad(row)
            pid = row[i_pid].strip()
            i = index[pid]
            last = False
            if seen is not None:
                seen[i] += 1
                last = seen[i] == counts[i]
            person, person_errors = persons.get(dobs[i] << 8 | pflags[i]) or people.person(i)
            conviction, errors = reader.conviction(row, n_cells)
            if person_errors:
                errors = [*person_errors, *errors]
            if row_errors and n in row_errors:
                errors.extend(row_errors[n])
            if not pid:
                errors.append(Note(N_("person_id is blank")))
            decided = conviction
            if i_arrest is not None and i_arrest < n_cells and row[i_arrest]:
                decided = _arrest_bound(conviction, row[i_arrest], errors)
            if errors:
                conviction = _with_errors(conviction, errors)
                decided = _with_errors(decided, errors)
            record = people.record_without(i, n) if heads[i] >= 0 else ()
            result = evaluate_one(person, decided, record, with_section=False)
            # A year or month date (never a whole one, which _DATES holds) is checked at its
            # latest day too.
            off, conv = row[i_off], row[i_conv]
            if (conviction.offense_date and off not in full_dates) or (
                conviction.conviction_date and conv not in full_dates
            ):
                checked, result = _partial_dates(reader, row, person, decided, record, result)
                if checked is not decided:  # the row asks for a whole date
                    added = checked.input_errors[len(decided.input_errors) :]
                    conviction = _with_errors(conviction, list(added))
            if n_cells > width:
                extra = ", ".join(repr(v) for v in raw[width:n_cells])
                result = _add_error(
                    result, Note(N_("extra values beyond the header: %(values)s"), values=extra)
                )
            del row[width:]
            # the header is line 1 (a quoted newline in a cell makes this approximate)
            yield EvaluatedRow(
                n + 1, row, pid, conviction, result, text if n_cells == width else "", last
            )


class PersonGroups:
    """A CSV read one person at a time: each person's rows are evaluated as :class:`Evaluation`
    would evaluate them (the same answers; only the person's own rows make their record), and
    nothing about earlier people is kept, so memory does not grow with the file.

    A file sorted by ``person_id`` is read once as it is. Sorted means: wherever the id changes,
    the next id comes after it as text, or as text with its runs of digits read as numbers ("P2"
    before "P10"), one order for the whole file; either way a person's rows are then together.
    Any other file is sorted by person first, in runs of rows written to unnamed temporary files
    (:func:`rules.spool.external_sort`, in ``spool_dir``), which only a caller that may write
    the input's rows beside its output asks for (:meth:`of` with ``sort=True``)."""

    def __init__(
        self,
        open_input: Callable[[], IO[str]],
        header: Header,
        header_lines: int,
        total: int,
        *,
        in_order: bool = True,
        spool_dir: str | None = None,
    ) -> None:
        self._open = open_input
        self.header = header
        self._header_lines = header_lines  # physical lines (a quoted newline makes more than 1)
        self.total = total
        self.in_order = in_order  # sorted by person as it is
        self.number_order = False  # (in_order: sorted with the numbers in ids as numbers)
        self._spool_dir = spool_dir
        self.people = 0  # counted as the groups are read

    @classmethod
    def of(
        cls,
        open_input: Callable[[], IO[str]],
        *,
        sort: bool = False,
        spool_dir: str | None = None,
    ) -> PersonGroups | None:
        """Reads the file once (the header is checked first, as :class:`Evaluation` checks it)
        and returns it as groups when it is sorted by person, or whatever its order with
        ``sort``; else None (it stops reading at the first id out of order)."""
        with open_input() as f:
            reader, rows = _counted_reader(f)
            header = _header(rows)
            header_lines = reader.line_num
            i_pid = header.index["person_id"]
            in_order = text_order = number_order = True
            previous: str | None = None
            previous_key: tuple[str | tuple[int, str], ...] = ()
            n = 0
            for row in rows:
                n += 1
                if not in_order:
                    continue  # (counting the rows)
                pid = row[i_pid].strip() if i_pid < len(row) else ""
                if pid == previous:
                    continue
                if previous is not None:
                    key = _number_key(pid)
                    text_order = text_order and pid > previous
                    number_order = number_order and key > previous_key
                    if not (text_order or number_order):
                        if not sort:
                            return None
                        in_order = False
                    previous_key = key
                else:
                    previous_key = _number_key(pid)
                previous = pid
        groups = cls(open_input, header, header_lines, n, in_order=in_order, spool_dir=spool_dir)
        groups.number_order = in_order and not text_order
        return groups

    def groups(self) -> Iterator[list[EvaluatedRow]]:
        """Every person's evaluated rows (the last of each is marked ``last``): in file order
        for a file sorted by person, else person by person in the order of their ids, each
        person's rows in file order."""
        h = self.header
        i_pid = h.position("person_id")
        self.people = 0

        def person(item: tuple[int, str, list[str]]) -> str:
            row = item[2]
            return row[i_pid].strip() if i_pid < len(row) else ""

        with self._open() as f:
            csv.field_size_limit(MAX_FIELD)
            lines = iter(f)
            _skip(lines, self._header_lines)
            numbered: Iterator[tuple[int, str, list[str]]] = (
                (n, text, row) for n, (text, row) in enumerate(records(lines), start=1)
            )
            if not self.in_order:
                numbered = external_sort(
                    numbered, key=lambda item: (person(item), item[0]), directory=self._spool_dir
                )
            previous: tuple[str | tuple[int, str], ...] | str | None = None
            for pid, group in itertools.groupby(numbered, key=person):
                if self.in_order:  # (as the first reading found it, unless the file changed)
                    key = _number_key(pid) if self.number_order else pid
                    if previous is not None and not key > previous:  # type: ignore[operator]
                        raise ContractError(
                            "the file changed while it was being read; run the command again"
                        )
                    previous = key
                self.people += 1
                yield self._evaluate(list(group))

    def _evaluate(self, group: list[tuple[int, str, list[str]]]) -> list[EvaluatedRow]:
        """One person's rows, numbered 1, 2 … here (a row's number is only its identity in
        the person's record) and given their lines in the file after."""
        one = Evaluation.__new__(Evaluation)
        one.header = self.header
        one._people = People()
        one._marks = []
        # (pass one pads the rows it reads in place: it gets copies)
        one.total = _first_pass(
            self.header, (list(row) for _, _, row in group), None, [], one._people
        )
        evaluated = list(one._evaluate(((text, row) for _, text, row in group), 1, None))
        for ev, (n, _, _) in zip(evaluated, group, strict=True):
            ev.line = n + 1  # (the header is line 1, as Evaluation numbers them)
        evaluated[-1].last = True
        return evaluated


_NUMBERS = re.compile(r"(\d+)")


def _number_key(pid: str) -> tuple[str | tuple[int, str], ...]:
    """The id with its runs of digits as numbers (as (length, digits) without leading zeros,
    which compare as the numbers do, however long): text and numbers alternate, text first, so
    two keys compare position by position, text with text and number with number."""
    parts: list[str | tuple[int, str]] = []
    for i, part in enumerate(_NUMBERS.split(pid)):
        if i % 2:
            digits = part.lstrip("0")
            parts.append((len(digits), digits))
        else:
            parts.append(part)
    return tuple(parts)


def _skip(lines: Iterator[str], count: int | None) -> None:
    """Read ``count`` lines (all of them when None) without keeping them."""
    collections.deque(itertools.islice(lines, count), maxlen=0)


def _counted_reader(stream: IO[str]) -> tuple[_CsvReader, Iterator[list[str]]]:
    """csv.reader over ``stream`` (its ``line_num`` counts the physical lines read), and its
    rows with cells the project neutralised restored (rules.csvsafe)."""
    csv.field_size_limit(MAX_FIELD)
    seen = [False]

    def feed() -> Iterator[str]:
        for line in stream:
            if "'" in line:
                seen[0] = True
            yield line

    reader = csv.reader(feed())

    def rows() -> Iterator[list[str]]:
        for row in reader:
            if seen[0]:
                seen[0] = False
                restore(row)
            yield row

    return reader, rows()


CHUNK_ROWS = 4096  # rows per chunk when the second pass is shared between processes


class _Lines(list[str]):
    """Text gathered for one ``writelines`` (csv.writer writes into it too)."""

    def write(self, text: str) -> int:
        self.append(text)
        return len(text)


class _Formatter:
    """Writes evaluated rows as CSV and counts them. Results of the engine are cached objects,
    so each distinct one is formatted once (kept in the value so its id cannot be reused).
    Lines are gathered and written with one ``writelines`` per :data:`CHUNK_ROWS` rows:
    :meth:`flush` writes what is gathered."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines = _Lines()
        # RFC 4180 line ends: with "\n" alone, csv would leave a cell with a lone "\r" unquoted.
        self.writer = SafeWriter(csv.writer(self.lines))
        self.stream = stream
        self.outcomes: Counter[str] = Counter()
        self.bad_rows: list[tuple[int, str]] = []
        self._formatted: dict[int, tuple[Result, list[str], str]] = {}

    def flush(self) -> None:
        self.stream.writelines(self.lines)
        self.lines.clear()

    def write(self, ev: EvaluatedRow) -> None:
        """A row whose text can be copied (rules.csvsafe.copy_safe) is written as it is in the
        input, then the result's columns, formatted once per distinct result; other rows go
        through csv.writer. Either way the line is what csv.writer would write."""
        result = ev.result
        self.outcomes[result.outcome.value] += 1
        if result.errors:
            self.bad_rows.append((ev.line, Joined(result.errors)))
            columns = result_columns(result)
            text = ""
        else:
            cached = self._formatted.get(id(result))
            if cached is None:
                columns = result_columns(result)
                if len(self._formatted) >= 20_000:  # results with priors are one per row
                    self._formatted.clear()
                cached = self._formatted[id(result)] = (result, columns, csv_text(columns))
            columns, text = cached[1], cached[2]
        lines = self.lines
        if ev.text and text and copy_safe(ev.text):
            lines.append(f"{ev.text.rstrip(_EOL)},{text}\r\n")
        else:
            ev.cells.extend(columns)
            self.writer.writerow(ev.cells)
        if len(lines) >= CHUNK_ROWS:
            self.flush()


_EOL = "\r\n"


def evaluate_csv(
    open_input: Callable[[], IO[str]],
    output: IO[str],
    *,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> Summary:
    """Evaluate every row of the CSV that ``open_input`` opens (it is called twice, and once
    more by each worker) and write every row back with the result columns.

    With ``workers`` > 1 (and fork available), the second pass is shared between that many
    forked processes, chunk by chunk; the output is the same, in the same order."""
    evaluation = Evaluation(open_input)
    total = evaluation.total
    summary = Summary(people=evaluation.people)
    SafeWriter(csv.writer(output)).writerow([*evaluation.header.names, *OUTPUT_COLUMNS])
    if workers > 1 and total > CHUNK_ROWS and hasattr(os, "fork"):
        output.flush()
        _evaluate_in_workers(evaluation, output, summary, workers, progress)
    else:
        fmt = _Formatter(output)
        for n, ev in enumerate(evaluation, start=1):
            fmt.write(ev)
            if progress is not None and n % 2048 == 0:
                progress(n, total)
        fmt.flush()
        summary.outcomes, summary.bad_rows = fmt.outcomes, fmt.bad_rows
    summary.rows = total
    if progress is not None:
        progress(total, total)
    return summary


def _evaluate_in_workers(
    evaluation: Evaluation,
    output: IO[str],
    summary: Summary,
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Worker w evaluates chunks w, w + workers, …: worker 0 is this process, which writes its
    own chunks and, in order between them, those the forked workers send over one pipe each
    (a worker computes its next chunk while this one is written: at most one chunk per worker
    waits in memory)."""
    chunks = -(-evaluation.total // CHUNK_ROWS)
    pipes: dict[int, IO[bytes]] = {}
    pids: list[int] = []
    for w in range(1, workers):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child (the tests compare its output)
            os.close(read_fd)
            status = 1
            try:
                with os.fdopen(write_fd, "wb") as pipe:
                    _worker(evaluation, pipe, w, workers)
                status = 0
            finally:
                os._exit(status)  # no atexit handlers, no flushing of the parent's buffers
        os.close(write_fd)
        pipes[w] = os.fdopen(read_fd, "rb")
        pids.append(pid)
    fmt = _Formatter(output)
    own = itertools.groupby(
        evaluation.chunk_rows(lambda k: k % workers == 0),
        key=lambda ev: (ev.line - 2) // CHUNK_ROWS,
    )
    try:
        for i in range(chunks):
            if i % workers == 0:
                chunk, rows = next(own)
                assert chunk == i, (chunk, i)
                for ev in rows:
                    fmt.write(ev)
                fmt.flush()
            else:
                try:
                    text, outcomes, bad_rows = pickle.load(pipes[i % workers])  # noqa: S301 - our own child
                except EOFError:
                    raise RuntimeError(
                        "a worker process stopped before its rows were done"
                    ) from None
                output.write(text)
                fmt.outcomes.update(outcomes)
                fmt.bad_rows.extend(bad_rows)
            if progress is not None:
                progress(min((i + 1) * CHUNK_ROWS, evaluation.total), evaluation.total)
    finally:
        for reader in pipes.values():
            reader.close()
        for pid in pids:
            os.waitpid(pid, 0)
    summary.outcomes, summary.bad_rows = fmt.outcomes, fmt.bad_rows


def _worker(evaluation: Evaluation, pipe: IO[bytes], w: int, workers: int) -> None:
    buffer = io.StringIO()
    fmt = _Formatter(buffer)
    current = -1
    for ev in evaluation.chunk_rows(lambda k: k % workers == w):
        chunk = (ev.line - 2) // CHUNK_ROWS
        if chunk != current and current >= 0:
            _send(pipe, buffer, fmt)
        current = chunk
        fmt.write(ev)
    if current >= 0:
        _send(pipe, buffer, fmt)


def _send(pipe: IO[bytes], buffer: io.StringIO, fmt: _Formatter) -> None:
    fmt.flush()
    pickle.dump((buffer.getvalue(), dict(fmt.outcomes), fmt.bad_rows), pipe)
    pipe.flush()
    buffer.seek(0)
    buffer.truncate()
    fmt.outcomes = Counter()
    fmt.bad_rows = []


def _arrest_bound(c: Conviction, text: str, errors: list[str]) -> Conviction:
    """The conviction as the rules decide it, given ``arrest_date``: the offense happened on or
    before the arrest, so without an offense date the arrest date bounds it (the engine reads
    the conviction date of the row it decides only as that bound, and the arrest is earlier);
    with one, an offense after the arrest is an error."""
    arrest = _DATES.get(text) or _date(text, "arrest_date", errors)
    if arrest is None:
        return c
    if c.offense_date is not None:
        if c.offense_date > arrest:
            errors.append(Note(N_("offense date is after the arrest date")))
        return c
    if c.conviction_date is not None and c.conviction_date <= arrest:
        return c  # the conviction date is already the tighter bound
    return replace(c, conviction_date=arrest)


PARTIAL_DATE_ERROR = N_(
    "%(column)s %(value)s gives only the year or month, and the outcome depends on the day:"
    " give the whole date"
)


def _partial_dates(
    reader: RowReader,
    row: list[str],
    person: Person,
    conviction: Conviction,
    record: Sequence[RecordEntry],
    result: Result,
) -> tuple[Conviction, Result]:
    """A row whose offense or conviction date is a year or a month was evaluated at the earliest
    day; evaluate it at the latest too. Same outcome: it stands. Different: an input error asks
    for the whole date (the result is ``needs_review``), as the site does."""
    cells = {
        "offense_date": row[reader.header.position("offense_date")],
        "conviction_date": row[reader.header.position("conviction_date")],
    }
    late = {c: b[1] for c, t in cells.items() if (b := partial_date_bounds(t)) is not None}
    if not late:
        return conviction, result

    def outcome_with(columns: dict[str, date]) -> object:
        later = replace(
            conviction,
            offense_date=columns.get("offense_date", conviction.offense_date),
            conviction_date=columns.get("conviction_date", conviction.conviction_date),
        )
        return evaluate_one(person, later, record, with_section=False).outcome

    if outcome_with(late) == result.outcome and all(
        outcome_with({c: d}) == result.outcome for c, d in late.items()
    ):
        return conviction, result
    alone = [c for c, d in late.items() if outcome_with({c: d}) != result.outcome]
    errors: list[str] = [
        Note(PARTIAL_DATE_ERROR, column=c, value=repr(cells[c].strip())) for c in alone or late
    ]
    conviction = _with_errors(conviction, errors)
    return conviction, evaluate_one(person, conviction, record, with_section=False)


def _with_errors(c: Conviction, errors: list[str]) -> Conviction:
    return replace(c, input_errors=(*c.input_errors, *errors))


def _add_error(result: Result, error: str) -> Result:
    return replace(result, errors=(*result.errors, error))


def _header(rows: Iterator[list[str]]) -> Header:
    try:
        first = next(rows)
    except StopIteration:
        raise ContractError("the file is empty: a header row is required") from None
    except (csv.Error, UnicodeDecodeError) as e:
        raise ContractError(f"not a readable CSV file: {e}") from None
    return Header.read(first)


def input_failure(source: str, e: BaseException) -> str | None:
    """The one line a command prints (exit status 2) when ``e`` means the input cannot be used
    at all; None when ``e`` is something else (a bug, which should not be hidden)."""
    if isinstance(e, ContractError):
        return f"prop64: {source}: {e}"
    if isinstance(e, UnicodeDecodeError):
        return f"prop64: {source}: not a UTF-8 text file (byte {e.start}); save it as UTF-8 CSV"
    if isinstance(e, IsADirectoryError):
        return f"prop64: {e.filename}: is a directory"
    if isinstance(e, FileNotFoundError):
        return f"prop64: {e.filename}: no such file"
    if isinstance(e, csv.Error):  # e.g. a NUL byte or an over-long cell mid-file
        return f"prop64: {source}: not a readable CSV file: {e}"
    return None


def check_text(data: bytes) -> str:
    """Decode input bytes as UTF-8 (with or without BOM) or raise ContractError."""
    if b"\x00" in data[:4096]:
        raise ContractError("not a CSV file: it contains binary data")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ContractError(
            f"not a UTF-8 text file (byte {e.start}); save it as UTF-8 CSV"
        ) from None


def open_text(data: str) -> Callable[[], IO[str]]:
    return lambda: io.StringIO(data, newline="")


def input_opener(path: str) -> Callable[[], IO[str]]:
    """Read the input once as bytes to check it is UTF-8 text; stdin is kept in memory (it
    cannot be read twice, and nothing personal may be spooled to disk)."""
    if path == "-":
        return open_text(check_text(sys.stdin.buffer.read()))
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    check_text(head[: len(head) - 3] if len(head) == 1 << 16 else head)

    def opener() -> IO[str]:
        return open(path, encoding="utf-8-sig", newline="")

    return opener
