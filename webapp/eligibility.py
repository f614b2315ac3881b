"""From the answers in the session to the rules' model, and back with one result per conviction.

A date given as a year (or a month) is tried at both ends of what it can mean. When the two
answers differ, the conviction goes to the rules again with an input error, which makes it
``needs_review`` with a message asking for the exact date: never a guess shown as certain.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from rules import evaluate
from rules.model import Conviction, Court, Level, Person, Result, SentenceStatus
from webapp import messages
from webapp.answer_types import ConvictionAnswers, PersonAnswers
from webapp.state import date_bounds

_TRI = {"y": True, "n": False}
_LEVEL = {"F": Level.FELONY, "M": Level.MISDEMEANOR, "I": Level.INFRACTION}
_STATUS = {"c": SentenceStatus.SERVING, "p": SentenceStatus.SERVING, "f": SentenceStatus.COMPLETED}
_COURT = {"y": Court.JUVENILE, "n": Court.ADULT}


@dataclass(frozen=True)
class Row:
    """One conviction as answered, with its result."""

    index: int
    answers: ConvictionAnswers
    conviction: Conviction
    result: Result

    @property
    def case_key(self) -> tuple[str, str]:
        return (self.conviction.county or "", self.conviction.case_number or "")


def to_person(p: PersonAnswers) -> Person:
    dob = date.fromisoformat(p["b"]) if p.get("b") else None
    return Person(
        date_of_birth=dob,
        superstrike_prior=_TRI.get(p.get("s", "")),
        pc290_prior=_TRI.get(p.get("r", "")),
    )


def code_section(c: ConvictionAnswers) -> str:
    choice = c.get("s", "")
    if choice == "other":
        return str(c.get("x", ""))
    if choice == "unsure":
        return ""
    return str(choice)


def to_conviction(c: ConvictionAnswers, person: PersonAnswers, end: int) -> Conviction:
    """``end`` 0 reads partial dates at their earliest day, 1 at their latest."""
    return Conviction(
        code_section=code_section(c),
        level=_LEVEL.get(c.get("l", "")),
        offense_date=date_bounds(c.get("o"))[end],
        conviction_date=date_bounds(c.get("d"))[end],
        sentence_status=_STATUS.get(c.get("t", "")),
        court=_COURT.get(person.get("j", "")),
        cannabis_grams=_float(c.get("g")),
        concentrate_grams=_float(c.get("k")),
        plant_count=c.get("pl"),
        sold=_TRI.get(c.get("sa", "")),
        minor_involved=_TRI.get(c.get("mi", "")),
        interstate=_TRI.get(c.get("in", "")),
        environmental_violation=_TRI.get(c.get("en", "")),
        county=c.get("co"),
        case_number=c.get("n"),
    )


def _float(v: object) -> float | None:
    return float(v) if isinstance(v, int | float) else None


def assess(person: PersonAnswers, convictions: list[ConvictionAnswers]) -> list[Row]:
    """Run the rules on the answers: one row per conviction, in the order given."""
    if not convictions:
        return []
    who = to_person(person)
    early = [to_conviction(c, person, 0) for c in convictions]
    late = [to_conviction(c, person, 1) for c in convictions]
    results = evaluate(who, early)
    if early != late:
        late_results = evaluate(who, late)
        unsure = [a.outcome != b.outcome for a, b in zip(results, late_results, strict=True)]
        if any(unsure):
            early = [
                replace(c, input_errors=(*c.input_errors, messages.PARTIAL_DATE_CHANGES_ANSWER))
                if flag
                else c
                for c, flag in zip(early, unsure, strict=True)
            ]
            results = evaluate(who, early)
    return [
        Row(i, c, conv, res)
        for i, (c, conv, res) in enumerate(zip(convictions, early, results, strict=True))
    ]


def adult(row: Row) -> bool:
    return row.result.form != "JV-744"


def cases(rows: list[Row]) -> list[list[Row]]:
    """The convictions grouped by county and case number, for each case with relief to ask for.

    One packet per group (the petition goes to the court that convicted, § 11361.8(a), (e)); a
    group keeps its convictions without relief, which the packet leaves out and explains.
    """
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if adult(row):
            groups.setdefault(row.case_key, []).append(row)
    return [g for g in groups.values() if any(r.result.outcome.has_relief for r in g)]
