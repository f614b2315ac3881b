"""The California DOJ bulk extract (the AB 1793 / HSC § 11361.9 research file) as input.

    prop64 evaluate --format doj EXTRACT.csv -o OUT.csv     (also detected from the header)
    prop64 county EXTRACT.csv --county SACRAMENTO -o DIR

The layout is the one Code for America's gogen read (``../shared/peers/gogen/``, fixtures and
``source/data/doj_row.go``): 95 columns (``RECORD_ID`` … ``END_OF_REC``; the issue's "96"
counts a trailing comma some extracts have), a header row or none, cells padded with spaces,
dates written ``YYYYMMDD``. One row is one event of a person's record: an arrest, a court action,
a registration, a death. How this module reads it:

- **Who.** Rows are grouped per person by ``SUBJECT_ID``, wherever they are in the file. The date
  of birth is ``PRI_DOB``; a ``DECEASED`` event marks the person deceased.
- **What is decided.** Only convictions: ``DISP_DESCR`` starting ``CONVICTED``. Every other event
  (arrests, dismissed charges, registrations, deaths) gets no outcome but informs the record:
  the person's other convictions, in every county, are the record the statute reads for priors.
  Repeated rows of one count (same person and ``CNT_ORDER``, e.g. one row per part of the
  sentence) are one conviction: the first row is decided, the others point to it.
- **The section** is ``OFFENSE_DESCR`` up to its first ``-`` (``11357(C)HS-POSSESS MARIJUANA`` →
  ``11357(C)HS``), or ``COMMENT_TEXT`` the same way when ``OFFENSE_DESCR`` is blank or says
  ``SEE COMMENT FOR CHARGE``. The spelling is read by ``rules.sections`` as written.
- **The level** is ``CONV_STAT_DESCR`` (``FELONY``, ``MISDEMEANOR``, ``INFRACTION``), else
  ``OFFENSE_TOC`` (``F``, ``M``, ``I``).
- **Dates.** ``STP_EVENT_DATE`` of the conviction row is the conviction (disposition) date.
  ``CYC_DATE`` is the date of the arrest cycle: the offense happened on or before it, so it is an
  upper bound of the offense date (the contract CSV's ``arrest_date`` column) — tighter than the
  conviction date, which is the only bound without it. ``CYC_AGE`` is the age at arrest, checked
  against the date of birth. The extract has no offense date.
- **Sentence status** is *derived*: the sentence's length (``SENT_LENGTH`` in ``SENT_TIME_CODE``
  days, months or years, summed over the count's rows) from the conviction date gives the day it
  ends; ended on or before ``--as-of`` is ``completed``, later is ``serving``; no length is
  unknown. A revoked or extended probation is not in the extract, so the output marks the value
  ``derived`` and the petition track that rests on it is the office's to confirm.
- **Malformed rows** are reported per line and the batch goes on: a row with fewer or more
  (non-blank) cells than the header is not read (its cells cannot be trusted to be in their
  columns); a header that lacks a column of the layout (gogen's ``bad.csv`` has no
  ``END_OF_REC``) or has an extra blank one (``extra_comma.csv``) is reported on line 1, and the
  rows are read by the header's column names. Without a header (``no_headers.csv``), columns are
  read by position.
"""

from __future__ import annotations

import calendar
import csv
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO

from rules.batch import MAX_FIELD, ContractError
from rules.csvsafe import restore_cell
from rules.model import N_, Level, Note, SentenceStatus

COLUMNS = (
    "RECORD_ID SUBJECT_STATUS SUBJECT_ID REQ_SEG_SEP REQ_CII_NUMBER REQ_NAME REQ_GENDER REQ_DOB "
    "REQ_CDL REQ_SSN PII_SEG_SEP CII_NUMBER PRI_NAME GENDER PRI_DOB PRI_SSN PRI_CDL PRI_IDN "
    "PRI_INN FBI_NUMBER PDR_SEG_SEP RACE_CODE RACE_DESCR EYE_COLOR_CODE EYE_COLOR_DESCR "
    "HAIR_COLOR_CODE HAIR_COLOR_DESCR HEIGHT WEIGHT SINGLE_SOURCE MULTI_SOURCE POB_CODE POB_NAME "
    "POB_TYPE CITIZENSHIP_LIST CYC_SEG_SEP CYC_ORDER CYC_DATE STP_SEG_SEP STP_ORDER "
    "STP_EVENT_DATE STP_TYPE_CODE STP_TYPE_DESCR STP_ORI_TYPE STP_ORI_TYPE_DESCR STP_ORI_CODE "
    "STP_ORI_DESCR STP_ORI_CNTY_CODE STP_ORI_CNTY_NAME CNT_SEG_SEP CNT_ORDER DISP_DATE OFN "
    "OFFENSE_CODE OFFENSE_DESCR OFFENSE_TOC OFFENSE_QUAL_LST DISP_OFFENSE_CODE DISP_OFFENSE_DESCR "
    "DISP_OFFENSE_TOC DISP_OFFENSE_QUAL_LST CONV_OFFENSE_ORDER CONV_OFFENSE_CODE "
    "CONV_OFFENSE_DESCR CONV_OFFENSE_TOC CONV_OFFENSE_QUAL_LST FE_NUM_ORDER FE_NUM_ARR_AGY "
    "FE_NUM_BNCH_WARR FE_NUM_CITE FE_NUM_DOCKET FE_NUM_INCIDENT FE_NUM_BOOKING FE_NUM_NUMBER "
    "FE_NUM_REMAND FE_NUM_OOS_INN FE_NUM_CRT_CASE FE_NUM_WARRANT DISP_ORDER DISP_CODE DISP_DESCR "
    "CONV_STAT_CODE CONV_STAT_DESCR SENT_SEG_SEP SENT_ORDER SENT_LOC_CODE SENT_LOC_DESCR "
    "SENT_LENGTH SENT_TIME_CODE SENT_TIME_DESCR CYC_AGE CII_TYPE CII_TYPE_ALPHA COMMENT_TEXT "
    "END_OF_REC"
).split()
REQUIRED = ("SUBJECT_ID", "STP_EVENT_DATE", "OFFENSE_DESCR", "DISP_DESCR")
# The columns this module reads, in the order :class:`Layout` fetches them.
_READ = (
    "SUBJECT_ID",
    "PRI_NAME",
    "PRI_DOB",
    "CYC_DATE",
    "STP_EVENT_DATE",
    "STP_TYPE_DESCR",
    "STP_ORI_CNTY_NAME",
    "CNT_ORDER",
    "OFN",
    "OFFENSE_DESCR",
    "OFFENSE_TOC",
    "FE_NUM_CRT_CASE",
    "DISP_DESCR",
    "CONV_STAT_DESCR",
    "SENT_LENGTH",
    "SENT_TIME_CODE",
    "CYC_AGE",
    "COMMENT_TEXT",
)

# The facts this reader puts beside every row (the contract CSV's names where there is one).
FACT_COLUMNS = (
    "person_id",
    "event",
    "code_section",
    "level",
    "conviction_date",
    "arrest_date",
    "date_of_birth",
    "county",
    "case_number",
    "sentence_status",
    "sentence_status_derived",
)


def is_doj_header(first: list[str]) -> bool:
    """True when the first row is a DOJ header (gogen's rule: it starts with ``RECORD_ID``)."""
    return bool(first) and first[0].strip().lstrip("\ufeff").upper() == "RECORD_ID"


def looks_like_doj(first: list[str]) -> bool:
    """True when the first row is a DOJ header or a DOJ row without a header."""
    if is_doj_header(first):
        return True
    names = {c.strip().lower().lstrip("\ufeff") for c in first}
    return "person_id" not in names and len(first) >= len(COLUMNS) - 1


# -- Reading cells ------------------------------------------------------------------------------

_DATES: dict[str, date | None] = {}
_NOT_CACHED = date(1, 1, 2)  # a marker (compared by identity): the text is not in _DATES


def doj_date(text: str) -> date | None:
    """A ``YYYYMMDD`` date, or None when the cell is blank or not such a date."""
    got = _DATES.get(text, _DATES)
    if got is not _DATES:
        return got  # type: ignore[return-value]
    t = text.strip()
    value: date | None = None
    if len(t) == 8 and t.isdigit():
        try:
            value = date(int(t[:4]), int(t[4:6]), int(t[6:]))
        except ValueError:
            value = None
    if len(_DATES) < 100_000:
        _DATES[text] = value
    return value


def _date_problem(text: str) -> bool:
    """True when a date cell holds something that is neither blank nor a placeholder."""
    t = text.strip()
    return bool(t) and t.lower() not in ("x", "null", "0", "00000000") and doj_date(t) is None


_LEVEL_WORDS = {"FELONY": Level.FELONY, "MISDEMEANOR": Level.MISDEMEANOR}
_LEVEL_WORDS["INFRACTION"] = Level.INFRACTION
_TOC = {"F": Level.FELONY, "M": Level.MISDEMEANOR, "I": Level.INFRACTION}


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year = day.year + y
    if year > 9999:
        return date.max
    last = calendar.monthrange(year, m + 1)[1]
    return date(year, m + 1, min(day.day, last))


def sentence_months_days(length: str, unit: str) -> tuple[int, int] | None:
    """(months, days) of one sentence part, or None when the row gives no length."""
    t = length.strip()
    if not t.isdigit():
        return None
    n = int(t)
    u = unit.strip().upper()
    if u == "D":
        return (0, n)
    if u == "M":
        return (n, 0)
    if u == "Y":
        return (12 * n, 0)
    return None


@dataclass(slots=True)
class Event:
    """One row of the extract, as the rules read it."""

    subject: str
    dob: date | None
    kind: str  # STP_TYPE_DESCR, e.g. "COURT ACTION", "ARREST/DETAINED/CITED", "DECEASED"
    disposition: str  # DISP_DESCR
    convicted: bool
    section: str
    event_date: date | None
    arrest_date: date | None
    county: str
    level: Level | None
    count: str  # CNT_ORDER
    case_number: str
    sentence: tuple[int, int] | None  # (months, days)
    age_at_arrest: int | None
    registration_290: bool
    problems: tuple[str, ...]


class Layout:
    """Where each read column is in a row: by the header's names, or by the layout's positions."""

    def __init__(self, header: list[str] | None) -> None:
        self.header = header
        if header is None:
            names = list(COLUMNS)
        else:
            names = [c.strip().lstrip("\ufeff").upper() for c in header]
        while names and not names[-1]:
            names.pop()  # a trailing comma on the header line (gogen's extra_comma.csv)
        self.names = names
        self.width = len(names)
        index: dict[str, int] = {}
        for i, n in enumerate(names):
            index.setdefault(n, i)
        missing = [c for c in REQUIRED if c not in index]
        if missing:
            raise ContractError(
                "not a DOJ extract: the header has no " + ", ".join(missing) + " column"
            )
        self.index = index
        self.notes: list[str] = []
        if header is not None:
            absent = [c for c in COLUMNS if c not in index]
            if absent:
                self.notes.append(
                    Note(
                        N_(
                            "the header has %(width)s columns where the DOJ layout has"
                            " %(layout)s (no %(absent)s): rows are read by column name"
                        ),
                        width=str(self.width),
                        layout=str(len(COLUMNS)),
                        absent=", ".join(absent),
                    )
                )
            if len(header) > self.width:
                self.notes.append(
                    Note(
                        N_(
                            "the header ends with %(count)s blank column name(s)"
                            " (a trailing comma): ignored"
                        ),
                        count=str(len(header) - self.width),
                    )
                )
        blank = self.width  # absent columns read the blank cell added at the end
        self.positions = tuple(index.get(c, blank) for c in _READ)
        self.fields = operator.itemgetter(*self.positions)

    def check(self, row: list[str]) -> str | None:
        """Why the row cannot be read by position (None when it can)."""
        n = len(row)
        if n == self.width:
            return None
        if n > self.width and not any(c.strip() for c in row[self.width :]):
            return None  # trailing blank cells
        if self.header is not None:
            template = N_("malformed row: %(cells)s fields where the header has %(width)s")
        else:
            template = N_("malformed row: %(cells)s fields where the DOJ layout has %(width)s")
        return Note(template, cells=str(n), width=str(self.width))

    def event(self, row: list[str]) -> Event:
        """The event of a row that passed :meth:`check` (the row gets a blank cell appended)."""
        if len(row) == self.width:
            row.append("")
        fields = self.fields(row)
        if "'" in "".join(fields):
            fields = tuple(restore_cell(f) for f in fields)
        (
            subject,
            _name,
            dob_t,
            cyc,
            ev_date,
            kind,
            county,
            count,
            ofn,
            offense,
            toc,
            crt_case,
            disp,
            conv_stat,
            sent_len,
            sent_unit,
            cyc_age,
            comment,
        ) = fields
        disp = disp.strip()
        convicted = disp.startswith("CONVICTED")
        cached = _DATES.get
        event_date = cached(ev_date, _NOT_CACHED)
        if event_date is _NOT_CACHED:
            event_date = doj_date(ev_date)
        dob = cached(dob_t, _NOT_CACHED)
        if dob is _NOT_CACHED:
            dob = doj_date(dob_t)
        d = offense.strip()
        section = (
            (comment if not d or d == "SEE COMMENT FOR CHARGE" else d).split("-", 1)[0].strip()
        )
        level = _LEVEL_WORDS.get(conv_stat.strip()) or _TOC.get(toc.strip())
        arrest = None
        if cyc[:1].isdigit():
            arrest = cached(cyc, _NOT_CACHED)
            if arrest is _NOT_CACHED:
                arrest = doj_date(cyc)
        problems: tuple[str, ...] = ()
        sentence = None
        age = None
        if convicted:
            sentence = sentence_months_days(sent_len, sent_unit)
            a = cyc_age.strip()
            age = int(a) if a.isdigit() else None
            problems = _problems(subject, ev_date, event_date, dob_t, dob, section, arrest, age)
        case = crt_case.strip()
        if not case:
            case = ofn.strip()
            if case == "NULL":
                case = ""
        kind = kind.strip()
        return Event(
            subject.strip(),
            dob,
            kind,
            disp,
            convicted,
            section,
            event_date,
            arrest,
            county.strip(),
            level,
            count.strip(),
            case,
            sentence,
            age,
            kind == "REGISTRATION" and d.startswith("290"),
            problems,
        )


def _not_a_date(column: str, text: str) -> Note:
    return Note(
        N_("%(column)s: not a YYYYMMDD date: %(value)s"), column=column, value=repr(text.strip())
    )


def _problems(
    subject: str,
    ev_date: str,
    event_date: date | None,
    dob_t: str,
    dob: date | None,
    section: str,
    arrest: date | None,
    age: int | None,
) -> tuple[str, ...]:
    """What makes a conviction row unusable as it is (it is decided as needs_review)."""
    problems: list[str] = []
    if event_date is None:
        problems.append(_not_a_date("STP_EVENT_DATE", ev_date))
    if dob is None and _date_problem(dob_t):
        problems.append(_not_a_date("PRI_DOB", dob_t))
    if not section:
        problems.append(Note(N_("no code section in OFFENSE_DESCR or COMMENT_TEXT")))
    if not subject.strip():
        problems.append(Note(N_("SUBJECT_ID is blank")))
    if dob is not None and arrest is not None and age is not None:
        years = arrest.year - dob.year - ((arrest.month, arrest.day) < (dob.month, dob.day))
        if abs(years - age) > 1:
            problems.append(
                Note(
                    N_("CYC_AGE %(age)s does not match the date of birth and CYC_DATE (%(years)s)"),
                    age=str(age),
                    years=str(years),
                )
            )
    return tuple(problems)


def open_counted(
    open_input: Callable[[], IO[str]],
) -> tuple[Layout, int, Iterator[tuple[int, int, list[str]]]]:
    """The layout, the physical lines of the first record, and (record number, physical lines,
    cells) of every data row, cells not restored (:meth:`Layout.event` restores what it reads).
    Record numbers count records, the header being record 1 (line numbers when no cell holds a
    line break); the physical line counts let a later pass find each record's raw text without
    parsing it."""
    csv.field_size_limit(MAX_FIELD)
    stream = open_input()
    reader = csv.reader(stream)
    try:
        first = next(reader)
    except StopIteration:
        stream.close()
        raise ContractError("the file is empty") from None
    except (csv.Error, UnicodeDecodeError) as e:
        stream.close()
        raise ContractError(f"not a readable CSV file: {e}") from None
    first_lines = reader.line_num
    header = first if is_doj_header(first) else None
    layout = Layout(header)

    def rows() -> Iterator[tuple[int, int, list[str]]]:
        with stream:
            if header is None:
                yield 1, first_lines, first
            seen = first_lines
            n = 1
            for row in reader:
                n += 1
                now = reader.line_num
                yield n, now - seen, row
                seen = now

    return layout, first_lines, rows()


# -- A person's record -------------------------------------------------------------------------


@dataclass(slots=True)
class Count:
    """One conviction (one count): its first row, and what the count's other rows add."""

    line: int
    event: Event
    months: int = 0
    days: int = 0
    has_sentence: bool = False
    repeats: int = 0

    def add_sentence(self, part: tuple[int, int] | None) -> None:
        if part is not None:
            self.months += part[0]
            self.days += part[1]
            self.has_sentence = True

    def sentence_end(self) -> date | None:
        d = self.event.event_date
        if d is None or not self.has_sentence:
            return None
        from datetime import timedelta

        end = add_months(d, self.months)
        try:
            return end + timedelta(days=self.days)
        except OverflowError:
            return date.max

    def sentence_status(self, as_of: date) -> SentenceStatus | None:
        end = self.sentence_end()
        if end is None:
            return None
        return SentenceStatus.COMPLETED if end <= as_of else SentenceStatus.SERVING


@dataclass(slots=True)
class Subject:
    """Everything about one person the decisions and the summary need."""

    dob: date | None = None
    deceased: bool = False
    registration_290: bool = False
    counts: dict[str, Count] | None = None  # by CNT_ORDER (or by line when it is blank)

    def add(self, line: int, ev: Event) -> int | None:
        """Add a row; for a repeated row of a count already seen, the line of its first row."""
        if self.dob is None and ev.dob is not None:
            self.dob = ev.dob
        if ev.kind == "DECEASED":
            self.deceased = True
        if ev.registration_290:
            self.registration_290 = True
        if not ev.convicted:
            return None
        if self.counts is None:
            self.counts = {}
        key = ev.count or f"line {line}"
        got = self.counts.get(key)
        if got is not None:
            got.add_sentence(ev.sentence)
            got.repeats += 1
            return got.line
        c = self.counts[key] = Count(line, ev)
        c.add_sentence(ev.sentence)
        return None
