"""The batch CSV contract as JSON objects (the web API, ``webapp.api``).

Each object is one contract row keyed by the contract's column names (the README's "batch
contract"), plus the filer columns of ``prop64 petitions`` (``forms.batch.FILER_COLUMNS``).
:func:`contract_rows` checks the objects and turns them into contract rows; :func:`evaluate`
writes those rows as the CSV text the batch command reads and evaluates it with
``rules.batch.Evaluation``: the same code path as ``prop64 evaluate``, so every row gets the
same answer as that command gives it.

Values are strings (as in a CSV cell), or where the contract allows, numbers (amounts, counts,
ids) and booleans (the yes/no columns); ``null`` is a blank cell (unknown). A number keeps the
text it had in the JSON (``28.50`` stays ``28.50``), so it is read exactly as the same cell in a
CSV file would be. Anything else is a :class:`FieldProblem` naming the object and the field.

No Flask here; nothing is written to disk (the CSV text lives in memory).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rules.batch import OPTIONAL, REQUIRED, EvaluatedRow, Evaluation, open_text
from rules.csvsafe import SafeWriter
from rules.model import Joined, Note, Reason, Result

# The filer columns of ``prop64 petitions`` (forms.batch.FILER_COLUMNS; repeated here so that
# rules/ does not import forms/, and checked equal by the tests).
FILER_COLUMNS = (
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "email",
    "attorney_name",
    "bar_number",
    "prosecutor_name",
    "prosecutor_address",
    "server_name",
    "server_address",
    "waive_judge",
    "waive_appearance",
)
# Every field an object may have, in the order of the CSV header the objects are written as.
CONTRACT_COLUMNS = (*REQUIRED, *OPTIONAL, "count")
COLUMNS = (*CONTRACT_COLUMNS, *FILER_COLUMNS)

# What JSON types each field takes besides a string and null.
NUMBER_FIELDS = frozenset(
    {
        "person_id",
        "case_number",
        "count",
        "cannabis_grams",
        "concentrate_grams",
        "plant_count",
        "zip",
        "bar_number",
    }
)
BOOLEAN_FIELDS = frozenset(
    {
        "sold",
        "minor_involved",
        "interstate",
        "environmental_violation",
        "superstrike_prior",
        "pc290_prior",
        "waive_judge",
        "waive_appearance",
    }
)
MAX_VALUE_CHARS = 1000  # characters of a string value (a number's length is not limited)
# C0 controls other than tab, line feed and carriage return; DEL and C1 controls; the Unicode
# text-direction overrides and isolates (which can make a cell display as something else).
FORBIDDEN_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_FORBIDDEN = re.compile(f"[{FORBIDDEN_CHARACTERS}]")
_INDEX = {c: i for i, c in enumerate(COLUMNS)}


class JsonNumber(str):
    """A JSON number as the text it was written with (``json.loads`` with ``parse_int`` and
    ``parse_float``): no precision is lost and no huge number is ever converted."""

    __slots__ = ()


@dataclass(frozen=True)
class FieldProblem:
    """Why one field of one object cannot be used (``index`` None: the body itself)."""

    index: int | None
    name: str | None
    problem: str

    @property
    def field(self) -> str:
        """``convictions[2].plant_count``-style path of the field."""
        if self.index is None:
            return self.name or "(body)"
        where = f"convictions[{self.index}]"
        return f"{where}.{self.name}" if self.name else where


class ContractJSONError(Exception):
    """One or more fields cannot be used; ``problems`` names each of them."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.problem}" for p in problems))
        self.problems = list(problems)


def _cell(value: object, name: str) -> str | None:
    """The CSV cell of one JSON value, or None when the type is not allowed (the caller says
    why)."""
    if value is None:
        return ""
    if isinstance(value, JsonNumber):
        return str.__str__(value) if name in NUMBER_FIELDS else None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        if name in BOOLEAN_FIELDS:
            return "yes" if value else "no"
        return None
    if isinstance(value, int | float):  # a caller other than the API's JSON reader
        return str(value) if name in NUMBER_FIELDS else None
    return None


def _expected(name: str) -> str:
    if name in NUMBER_FIELDS:
        return "a string, a number or null"
    if name in BOOLEAN_FIELDS:
        return "a string, true, false or null"
    return "a string or null"


def _type_name(value: object) -> str:
    if isinstance(value, JsonNumber):
        return "a number"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a number" if isinstance(value, int | float) else type(value).__name__


MAX_PROBLEMS = 100  # a body with more problems lists the first ones


def plain_text(json_text: str) -> bool:
    """True when no string of this JSON text can hold a forbidden character or a lone
    surrogate (no ``\\u`` escape, no forbidden character anywhere): :func:`contract_rows` can
    then skip those checks value by value (one scan of the text instead of two per value)."""
    return "\\u" not in json_text and _FORBIDDEN.search(json_text) is None


def contract_rows(items: object, *, plain: bool = False) -> list[list[str]]:
    """The contract rows (cells in :data:`COLUMNS` order) of a list of JSON objects, or
    :class:`ContractJSONError` naming every field that cannot be used (the first
    :data:`MAX_PROBLEMS`). ``plain``: the JSON text passed :func:`plain_text`."""
    if not isinstance(items, list):
        raise ContractJSONError([FieldProblem(None, "convictions", "must be an array")])
    problems: list[FieldProblem] = []
    rows: list[list[str]] = []
    width = len(COLUMNS)
    for i, item in enumerate(items):
        if len(problems) >= MAX_PROBLEMS:
            break
        if not isinstance(item, dict):
            problems.append(FieldProblem(i, None, f"must be an object, not {_type_name(item)}"))
            continue
        row = [""] * width
        for name, value in item.items():
            at = _INDEX.get(name)
            if at is None:
                problems.append(FieldProblem(i, name, "unknown field"))
                continue
            cell = _cell(value, name)
            if cell is None:
                problems.append(
                    FieldProblem(i, name, f"must be {_expected(name)}, not {_type_name(value)}")
                )
                continue
            if len(cell) > MAX_VALUE_CHARS and not isinstance(value, JsonNumber):
                problems.append(
                    FieldProblem(i, name, f"is longer than {MAX_VALUE_CHARS} characters")
                )
                continue
            if plain:
                row[at] = cell
                continue
            if _FORBIDDEN.search(cell):
                problems.append(
                    FieldProblem(
                        i, name, "contains a control character or a text-direction character"
                    )
                )
                continue
            try:
                cell.encode("utf-8")
            except UnicodeEncodeError:
                problems.append(FieldProblem(i, name, "is not valid Unicode text"))
                continue
            row[at] = cell
        for name in REQUIRED:
            if name not in item:
                problems.append(FieldProblem(i, name, "is required"))
        rows.append(row)
    if problems:
        raise ContractJSONError(problems[:MAX_PROBLEMS])
    return rows


def csv_text(rows: Sequence[Sequence[str]]) -> str:
    """The rows as the contract CSV text the batch command reads (with the header, spreadsheet
    safety applied exactly as every writer of the project applies it)."""
    buffer = io.StringIO()
    writer = SafeWriter(csv.writer(buffer))
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buffer.getvalue()


def evaluation(rows: Sequence[Sequence[str]]) -> Evaluation:
    """``rules.batch.Evaluation`` of the rows (for ``forms.batch.write_petitions`` too)."""
    return Evaluation(open_text(csv_text(rows)))


def evaluate(rows: Sequence[Sequence[str]]) -> list[EvaluatedRow]:
    """Every row evaluated, in order, as ``prop64 evaluate`` evaluates it."""
    if not rows:
        return []
    return list(evaluation(rows))


def _reason(r: Reason, translate: Callable[[str], str]) -> dict[str, str]:
    return {"code": r.code, "message": translate(r.message), "citation": r.citation}


def error_text(error: str, translate: Callable[[str], str]) -> str:
    """A row's problem in the language of ``translate`` (with ``str``: the batch output's
    English text); a problem the rules did not word (plain text) stays as it is."""
    if isinstance(error, Joined):
        return "; ".join(error_text(part, translate) for part in error.parts)
    if isinstance(error, Note):
        return error.in_language(translate)
    return str(error)


def result_object(result: Result, translate: Callable[[str], str]) -> dict[str, Any]:
    """One result as the API gives it; the codes, facts and errors are the batch output's
    columns as lists (``reasons`` ↔ ``reasons``, ``questions`` ↔ ``questions``, ``citations``,
    ``errors``, ``priors``), the messages in the language of ``translate``."""
    return {
        "outcome": result.outcome.value,
        "track": result.track.value if result.track else None,
        "reasons": [_reason(r, translate) for r in result.reasons],
        "questions": [
            {
                "fact": q.fact.value,
                "message": translate(q.message),
                "could_give": q.could_give.value if q.could_give else None,
            }
            for q in result.questions
        ],
        "possible_outcome": result.possible_outcome.value if result.possible_outcome else None,
        "contestable": [_reason(r, translate) for r in result.contestable],
        "citations": list(result.citations),
        "errors": [error_text(e, translate) for e in result.errors],
        "priors": [p.describe() for p in result.priors],
    }
