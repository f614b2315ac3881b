"""The offense registry (rules/registry.py) is what every layer reads: these tests check that it
tells the truth about the engine — each section it covers has a classifier, each fact it lists
changes some answer for that section, and a conduct fact it does not list never does."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

import rules
from rules.engine import CLASSIFIERS
from rules.model import Conviction, Fact, Level, Person, Result, SentenceStatus
from rules.registry import ELIGIBLE_NUMBERS, OFFENSES
from rules.sections import PROP64_SECTIONS

# The values each conduct fact can take in the scenarios below.
VALUES: dict[Fact, tuple[object, ...]] = {
    Fact.CANNABIS_GRAMS: (None, 10.0, 100.0),
    Fact.CONCENTRATE_GRAMS: (None, 2.0, 20.0),
    Fact.PLANT_COUNT: (None, 3, 40),
    Fact.SOLD: (None, False, True),
    Fact.MINOR_INVOLVED: (None, False, True),
    Fact.INTERSTATE: (None, False, True),
    Fact.ENVIRONMENTAL_VIOLATION: (None, False, True),
}
ATTRIBUTE = {f: f.value for f in VALUES}
PEOPLE = (Person(date(1970, 1, 1)), Person(date(1993, 1, 1)))  # 42 and 19 in 2012


def _answers(number: str, fact: Fact) -> set[tuple[object, ...]]:
    seen: set[tuple[object, ...]] = set()
    for person in PEOPLE:
        for level in (Level.FELONY, Level.MISDEMEANOR):
            base = Conviction(
                f"HS {number}",
                level,
                date(2012, 6, 1),
                date(2012, 9, 1),
                SentenceStatus.COMPLETED,
            )
            for value in VALUES[fact]:
                c = replace(base, **{ATTRIBUTE[fact]: value})
                (r,) = rules.evaluate(person, [c])
                seen.add(_key(person, level, r, value))
    return seen


def _key(person: Person, level: Level, r: Result, value: object) -> tuple[object, ...]:
    return (person, level, value, r.outcome, r.reason_codes, tuple(c.code for c in r.contestable))


def test_every_covered_section_has_a_classifier() -> None:
    """This test ensures that the registry, the engine and the section reader agree on which
    sections § 11361.8(e) covers ("Sections 11357, 11358, 11359, and 11360")."""
    assert set(CLASSIFIERS) == ELIGIBLE_NUMBERS == PROP64_SECTIONS
    assert ELIGIBLE_NUMBERS == {"11357", "11358", "11359", "11360"}


@pytest.mark.parametrize(
    ("number", "fact"),
    [(o.number, f) for o in OFFENSES if o.eligible for f in VALUES],
    ids=lambda x: str(x),
)
def test_a_listed_fact_is_read_and_an_unlisted_one_is_not(number: str, fact: Fact) -> None:
    """This test ensures that, for each section, the facts the registry lists (and so the web
    site asks) are ones the rules read, and that the conduct facts it leaves out make no
    difference to any answer for that section."""
    listed = fact in next(o for o in OFFENSES if o.number == number).facts
    by_value: dict[tuple[object, ...], set[tuple[object, ...]]] = {}
    for person, level, _value, *answer in _answers(number, fact):
        by_value.setdefault((person, level), set()).add(tuple(answer))
    differs = any(len(answers) > 1 for answers in by_value.values())
    assert differs == listed, (number, fact, by_value)
