"""Every problem the rules find in a row is translatable: a Note whose English text is what the
batch ``errors`` column shows and whose template is a message of the site's catalog."""

from __future__ import annotations

import io
import pickle
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from babel.messages.pofile import read_po

from rules.batch import Evaluation, evaluate_csv, open_text
from rules.county import evaluate_doj
from rules.engine import evaluate_one
from rules.model import Conviction, Joined, Note, Person
from rules.synth import write_synthetic, write_synthetic_doj

POT = Path(__file__).resolve().parents[2] / "translations" / "messages.pot"

HEADER = (
    "person_id,name,date_of_birth,code_section,level,offense_date,conviction_date,"
    "sentence_status,court,cannabis_grams,concentrate_grams,plant_count,sold,superstrike_prior,"
    "arrest_date\n"
)
# One row (or pair of rows) for each problem the contract reader and the engine can find.
BAD_ROWS = (
    "1,A,,HS 11357(b),Q,2010-01-01,,finished,grown,,,,,,\n"  # unknown values
    "2,B,,HS 11359,F,2010-13-45,Jan 5 2011,,,abc,-1,1.5,maybe,perhaps,\n"  # dates, numbers, y/n
    "3,C,1990-01-01,HS 11359,F,2012-01-01,,,,inf,,,,,\n"
    "3,C,1991-01-01,HS 11359,F,2012-01-01,,,,,,,,,\n"  # two dates of birth
    "4,D,1/2/1990x,HS 11359,F,2012-01-01,,,,,,,,,2011-01-01\n"  # dob format, arrest before offense
    ",E,,HS 11359,F,2012-01-01,,,,,,,,,\n"  # no person_id
    "6,F,,HS 11359,F,2012-01-01,2011-01-01,,,,,,,,,extra\n"  # extra values; conviction first
    "7,G,2013-01-01,HS 11359,F,2012-01-01,,,,,,,,,\n"  # born after the offense
    "8,H,,HS 11359,F,2016,,completed,,,,,,,\n"  # a year only, and the day matters
    "9,I,,nonsense,F,2012-01-01,,,,,,,,,\n"  # unreadable section
    "10,J,,11357(A)PC,M,2012-01-01,,,,,,,,,\n"  # a section note (already a Note)
    "11,K,,HS 11359,F,2012-01-01\n"  # too few fields
)


def catalog() -> set[str]:
    with POT.open("rb") as f:
        return {str(m.id) for m in read_po(f) if m.id}


def notes_of(errors: Iterable[str]) -> list[str]:
    out: list[str] = []
    for e in errors:
        out.extend(e.parts if isinstance(e, Joined) else (e,))
    return out


def check_translatable(errors: list[str], messages: set[str]) -> None:
    for e in errors:
        assert isinstance(e, Note), f"not translatable: {e!r}"
        assert e.template in messages, f"not in messages.pot: {e.template!r}"
        assert str(e) == e.template % e.values
        assert all(type(v) is str for v in e.values.values())
        again = pickle.loads(pickle.dumps(e))  # noqa: S301 - our own bytes
        assert isinstance(again, Note) and again == e and again.values == e.values


def test_every_row_problem_of_a_contract_csv_is_a_translatable_note() -> None:
    errors = [
        error for ev in Evaluation(open_text(HEADER + BAD_ROWS)) for error in ev.result.errors
    ]
    texts = " | ".join(errors)
    for expected in (
        "level: unknown value 'Q'",
        "sentence_status: unknown value 'finished'",
        "court: unknown value 'grown'",
        "offense_date: impossible date '2010-13-45'",
        "conviction_date: unknown date format 'Jan 5 2011'",
        "cannabis_grams: not a number: 'abc'",
        "concentrate_grams: not a usable amount: '-1'",
        "plant_count: not a whole number: '1.5'",
        "sold: expected yes or no, got 'maybe'",
        "superstrike_prior: expected yes or no, got 'perhaps'",
        "the person's rows give different dates of birth",
        "date_of_birth: unknown date format '1/2/1990x'",
        "offense date is after the arrest date",
        "person_id is blank",
        "extra values beyond the header: 'extra'",
        "conviction date is before the offense date",
        "date of birth is after the offense date",
        "offense_date '2016' gives only the year or month",
        "unreadable code section: 'nonsense'",
        "was read as Health and Safety Code",
        "malformed row: 6 fields where the header has 15",
    ):
        assert expected in texts
    check_translatable(errors, catalog())


def test_the_engines_own_checks_are_translatable_notes() -> None:
    c = Conviction(
        "HS 11359",
        cannabis_grams=-1,
        concentrate_grams=-2,
        plant_count=-3,
        offense_date=date(2012, 1, 1),
    )
    errors = list(evaluate_one(Person(), c, ()).errors)
    assert {"cannabis_grams is negative", "plant_count is negative"} <= set(errors)
    check_translatable(errors, catalog())


def test_problem_lines_keep_their_notes_across_the_batch_workers() -> None:
    """``prop64 evaluate`` with two workers pickles the problem lines from a child process."""
    data = io.StringIO(newline="")
    write_synthetic(data, rows=3000, seed=1)
    summary = evaluate_csv(open_text(data.getvalue() + BAD_ROWS), io.StringIO(), workers=2)
    problems = notes_of(text for _line, text in summary.bad_rows)
    assert len(problems) > 20
    check_translatable(problems, catalog())


def test_every_problem_of_a_doj_extract_is_a_translatable_note() -> None:
    data = io.StringIO(newline="")
    write_synthetic_doj(data, rows=3000, seed=1)
    text = data.getvalue().replace("\n", "\n,,,\n", 1)  # a malformed line too
    summary = evaluate_doj(open_text(text), io.StringIO(), county=None, as_of=date(2026, 1, 1))
    problems = notes_of(p for _line, p in summary.bad_rows)
    assert any(p.startswith("malformed row") for p in problems)
    check_translatable(problems, catalog())
