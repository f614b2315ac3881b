"""The batch CSV contract: read a county's records, evaluate every row, write every row back.

Input: UTF-8 CSV with a header; column names are case-insensitive; unknown columns are carried
through unchanged and in order. Required: ``person_id``, ``code_section``. Blank means unknown.
Output: every input column, then :data:`OUTPUT_COLUMNS`.

The file is read twice: the first pass keeps, per person, only what can make another row a
prior (section and dates of cannabis rows and of rows on the super-strike / PC 290(c) lists)
and the person's own facts; the second pass evaluates and writes row by row. So memory grows
with the number of people, not with the width of the file, and a person's rows may be anywhere
in the file, in any order. Nothing is written to disk but the output the caller asked for.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import IO

from rules.engine import RecordEntry, evaluate_one, record_entry
from rules.model import Conviction, Court, Level, Person, Result, SentenceStatus

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
)
OUTPUT_COLUMNS = (
    "outcome",
    "track",
    "reasons",
    "citations",
    "questions",
    "possible_outcome",
    "errors",
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
            return f"unknown date format {t!r} (use YYYY-MM-DD or MM/DD/YYYY)"
        mo, d, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(y, mo, d)
    except ValueError:
        return f"impossible date {t!r}"


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
_STATUS = {"serving": SentenceStatus.SERVING, "completed": SentenceStatus.COMPLETED}
_COURTS = {"adult": Court.ADULT, "juvenile": Court.JUVENILE}


def _choice(table: dict[str, object], text: str, column: str, errors: list[str]) -> object:
    t = text.strip().lower()
    if not t:
        return None
    if t in table:
        return table[t]
    errors.append(f"{column}: unknown value {text.strip()!r}")
    return None


def _yes_no(text: str, column: str, errors: list[str]) -> bool | None:
    t = text.strip().lower()
    if not t:
        return None
    if t in _YES:
        return True
    if t in _NO:
        return False
    errors.append(f"{column}: expected yes or no, got {text.strip()!r}")
    return None


def _number(text: str, column: str, errors: list[str], *, integer: bool = False) -> float | None:
    t = text.strip()
    if not t:
        return None
    try:
        value = float(t)
    except ValueError:
        errors.append(f"{column}: not a number: {t!r}")
        return None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        errors.append(f"{column}: not a usable amount: {t!r}")
        return None
    if integer and not value.is_integer():
        errors.append(f"{column}: not a whole number: {t!r}")
        return None
    return value


def _date(text: str, column: str, errors: list[str]) -> date | None:
    value = parse_date(text)
    if isinstance(value, str):
        errors.append(f"{column}: {value}")
        return None
    return value


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
        i = self.index.get(column)
        if i is None or i >= len(row):
            return ""
        return row[i]


def conviction_from_row(h: Header, row: list[str]) -> tuple[Conviction, list[str]]:
    """A Conviction from a CSV row, and the problems found reading it."""
    errors: list[str] = []
    if len(row) != len(h.names):
        errors.append(f"malformed row: {len(row)} fields where the header has {len(h.names)}")
    g = h.get
    plants = _number(g(row, "plant_count"), "plant_count", errors, integer=True)
    c = Conviction(
        code_section=g(row, "code_section"),
        level=_choice(_LEVELS, g(row, "level"), "level", errors),  # type: ignore[arg-type]
        offense_date=_date(g(row, "offense_date"), "offense_date", errors),
        conviction_date=_date(g(row, "conviction_date"), "conviction_date", errors),
        sentence_status=_choice(_STATUS, g(row, "sentence_status"), "sentence_status", errors),  # type: ignore[arg-type]
        court=_choice(_COURTS, g(row, "court"), "court", errors),  # type: ignore[arg-type]
        cannabis_grams=_number(g(row, "cannabis_grams"), "cannabis_grams", errors),
        concentrate_grams=_number(g(row, "concentrate_grams"), "concentrate_grams", errors),
        plant_count=int(plants) if plants is not None else None,
        sold=_yes_no(g(row, "sold"), "sold", errors),
        minor_involved=_yes_no(g(row, "minor_involved"), "minor_involved", errors),
        interstate=_yes_no(g(row, "interstate"), "interstate", errors),
        environmental_violation=_yes_no(
            g(row, "environmental_violation"), "environmental_violation", errors
        ),
        county=g(row, "county").strip() or None,
        case_number=g(row, "case_number").strip() or None,
    )
    return c, errors


@dataclass
class PersonRecord:
    """Pass one's memory of a person: their own facts and the rows that can be priors."""

    dobs: set[date] = field(default_factory=set)
    dob_errors: bool = False
    superstrike: set[bool] = field(default_factory=set)
    pc290: set[bool] = field(default_factory=set)
    entries: list[tuple[int, RecordEntry]] = field(default_factory=list)

    def person(self) -> tuple[Person, list[str]]:
        errors: list[str] = []
        dob: date | None = None
        if len(self.dobs) > 1:
            errors.append("the person's rows give different dates of birth")
        elif self.dobs:
            dob = next(iter(self.dobs))
        # A "yes" on any row is the person's answer (it is a fact about the person).
        ss = True if True in self.superstrike else (False if self.superstrike else None)
        p290 = True if True in self.pc290 else (False if self.pc290 else None)
        return Person(date_of_birth=dob, superstrike_prior=ss, pc290_prior=p290), errors


def _reader(stream: IO[str]) -> Iterator[list[str]]:
    csv.field_size_limit(MAX_FIELD)
    return csv.reader(stream)


def _first_pass(h: Header, rows: Iterator[list[str]]) -> tuple[dict[str, PersonRecord], int]:
    people: dict[str, PersonRecord] = {}
    n = 0
    for n, row in enumerate(rows, start=1):
        pid = h.get(row, "person_id").strip()
        rec = people.get(pid)
        if rec is None:
            rec = people[pid] = PersonRecord()
        dob = parse_date(h.get(row, "date_of_birth"))
        if isinstance(dob, date):
            rec.dobs.add(dob)
        for column, target in (("superstrike_prior", rec.superstrike), ("pc290_prior", rec.pc290)):
            t = h.get(row, column).strip().lower()
            if t in _YES:
                target.add(True)
            elif t in _NO:
                target.add(False)
        conv, _ = _light_conviction(h, row)
        entry = record_entry(conv)
        if entry is not None:
            rec.entries.append((n, entry))
    return people, n


def _light_conviction(h: Header, row: list[str]) -> tuple[Conviction, None]:
    off = parse_date(h.get(row, "offense_date"))
    conv = parse_date(h.get(row, "conviction_date"))
    return (
        Conviction(
            code_section=h.get(row, "code_section"),
            offense_date=off if isinstance(off, date) else None,
            conviction_date=conv if isinstance(conv, date) else None,
        ),
        None,
    )


def result_columns(result: Result) -> list[str]:
    return [
        result.outcome.value,
        result.track.value if result.track else "",
        ";".join(result.reason_codes),
        " | ".join(result.citations),
        ";".join(q.fact.value for q in result.questions),
        result.possible_outcome.value if result.possible_outcome else "",
        "; ".join(result.errors),
    ]


@dataclass
class Summary:
    rows: int = 0
    people: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0


def evaluate_csv(
    open_input: Callable[[], IO[str]],
    output: IO[str],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Evaluate every row of the CSV that ``open_input`` opens (it is called twice)."""
    with open_input() as first:
        rows = _reader(first)
        h = _header(rows)
        people, total = _first_pass(h, rows)
    summary = Summary(people=len(people))
    writer = csv.writer(output, lineterminator="\n")
    with open_input() as second:
        rows = _reader(second)
        next(rows)
        writer.writerow([*h.names, *OUTPUT_COLUMNS])
        persons: dict[str, tuple[Person, list[str]]] = {}
        for n, row in enumerate(rows, start=1):
            line = n + 1  # the header is line 1
            pid = h.get(row, "person_id").strip()
            rec = people[pid]
            got = persons.get(pid)
            if got is None:
                got = persons[pid] = rec.person()
            person, person_errors = got
            conviction, errors = conviction_from_row(h, row)
            errors = person_errors + errors
            if not pid:
                errors.append("person_id is blank")
            if isinstance(parse_date(h.get(row, "date_of_birth")), str):
                errors.append(f"date_of_birth: {parse_date(h.get(row, 'date_of_birth'))}")
            if errors:
                conviction = _with_errors(conviction, errors)
            record = [e for i, e in rec.entries if i != n]
            result = evaluate_one(person, conviction, record)
            summary.outcomes[result.outcome.value] += 1
            if result.errors:
                summary.bad_rows.append((line, "; ".join(result.errors)))
            out = list(row[: len(h.names)])
            out.extend([""] * (len(h.names) - len(out)))
            if len(row) > len(h.names):
                extra = ", ".join(repr(v) for v in row[len(h.names) :])
                result = _add_error(result, f"extra values beyond the header: {extra}")
            writer.writerow(out + result_columns(result))
            summary.rows = n
            if progress is not None and n % 2048 == 0:
                progress(n, total)
    if progress is not None:
        progress(summary.rows, total)
    return summary


def _with_errors(c: Conviction, errors: list[str]) -> Conviction:
    from dataclasses import replace

    return replace(c, input_errors=(*c.input_errors, *errors))


def _add_error(result: Result, error: str) -> Result:
    from dataclasses import replace

    return replace(result, errors=(*result.errors, error))


def _header(rows: Iterator[list[str]]) -> Header:
    try:
        first = next(rows)
    except StopIteration:
        raise ContractError("the file is empty: a header row is required") from None
    except (csv.Error, UnicodeDecodeError) as e:
        raise ContractError(f"not a readable CSV file: {e}") from None
    return Header.read(first)


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
