"""The speed work of issue 10 changes no answer.

- The canonical decision key (rules.engine: only the dimensions a section reads; one key for
  any offense after the Act) decides every conviction exactly as the full key does.
- The second pass shared between processes (chunks whose lines the other processes skip
  unparsed) writes what one process writes, also when quoted cells hold line breaks.
- The output on synthetic files is byte for byte what the code before this work wrote
  (hashes recorded from main at 94fb68a).
"""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from p64_helpers import prop64
from test_properties import (
    SECTIONS,
    any_conviction,
    any_person,
    realistic_conviction,
    realistic_person,
)

from rules import engine
from rules.batch import CHUNK_ROWS, evaluate_csv, open_text
from rules.engine import POST, Key, RecordEntry, evaluate_one, record_entry
from rules.model import Conviction, Court, Level, Person

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _full_key(
    person: Person,
    c: Conviction,
    number: str,
    letter: str | None,
    periods: tuple[str, ...],
    level: Level | None,
    factors: engine.Factors,
) -> Key:
    """The key as it was before the canonical key: every dimension, whatever the section."""
    return Key(
        number=number,
        letter=letter,
        ages=engine._ages(person, c),
        periods=periods,
        levels=(level,) if level else None,
        substances=engine._substances(c, number, letter, pre=periods != (POST,), level=level),
        plants=engine._plants(c),
        sold=(False,)
        if number == "11360" and letter == "b"
        else engine._SOLD.get(c.sold, (False, True)),
        factors=factors,
        juvenile=c.court is Court.JUVENILE,
    )


def _unmemoised(person: Person, c: Conviction, record: list[RecordEntry]) -> object:
    with (
        mock.patch.object(engine, "_key", _full_key),
        mock.patch.object(engine, "_POST_ONLY", ("no period is this",)),
    ):
        return evaluate_one(person, c, record, with_section=False)


def _record(convictions: list[Conviction]) -> list[RecordEntry]:
    return [e for e in (record_entry(x) for x in convictions) if e is not None]


@SETTINGS
@given(
    st.one_of(realistic_person, any_person),
    st.one_of(realistic_conviction(), any_conviction(st.sampled_from(SECTIONS))),
    st.lists(realistic_conviction(), max_size=4),
)
def test_the_canonical_key_decides_as_the_full_key(
    person: Person, c: Conviction, others: list[Conviction]
) -> None:
    """This test ensures that the memoised decision (the canonical key) gives, for random
    people, convictions and records, exactly the result of the engine deciding on every
    dimension (outcome, track, reasons, questions, priors, errors: the whole Result)."""
    record = _record(others)
    assert evaluate_one(person, c, record, with_section=False) == _unmemoised(person, c, record)


@SETTINGS
@given(
    realistic_person,
    st.sampled_from(("HS 11357", "HS 11358", "HS 11359", "HS 11360", "HS 11360(b)")),
    st.dates(date(2016, 11, 9), date(2025, 12, 31)),
    st.lists(realistic_conviction(), max_size=3),
    st.sampled_from(tuple(Court)),
)
def test_one_key_for_offenses_after_the_act(
    person: Person,
    section: str,
    offense: date,
    others: list[Conviction],
    court: Court,
) -> None:
    """This test ensures that an offense on or after November 9, 2016 gets, through the one
    shared post-Act key, the full key's result (and so the contradiction notes of its listed
    priors, which the record still gives)."""
    c = Conviction(section, offense_date=offense, court=court)
    record = _record(others)
    assert evaluate_one(person, c, record, with_section=False) == _unmemoised(person, c, record)


def _file_with_line_breaks(rows: int) -> str:
    """A contract CSV of several chunks: some cells hold quoted line breaks (so one record is
    several physical lines), some are neutralised formulas, people's rows are scattered."""
    out = io.StringIO(newline="")
    out.write("person_id,code_section,name,offense_date,level,cannabis_grams,county\r\n")
    sections = ("HS 11357(b)", "HS 11359", "HS 11360(a)", "PC 288(a)", "HS 11358", "VC 23152")
    for i in range(rows):
        pid = f"P{(i * 7919) % (rows // 3)}"
        name = f'"Name\n{i}"' if i % 97 == 0 else ("'=SUM(A1)" if i % 89 == 0 else f"N{i}")
        county = '"Los Angeles\r\nCounty"' if i % 131 == 0 else "Fresno"
        year = 1990 + i % 30
        out.write(
            f"{pid},{sections[i % len(sections)]},{name},{year}-0{1 + i % 9}-1{i % 10},"
            f"{'FMI'[i % 3]},{i % 50},{county}\r\n"
        )
    return out.getvalue()


def test_shared_second_pass_skips_multiline_records_correctly() -> None:
    """This test ensures that the processes sharing the second pass, each skipping the other
    chunks' physical lines without parsing them, write exactly what one process writes, with
    records of several lines (quoted line breaks) throughout the file."""
    text = _file_with_line_breaks(3 * CHUNK_ROWS + 123)
    outputs = []
    for workers in (1, 2, 3):
        out = io.StringIO(newline="")
        summary = evaluate_csv(open_text(text), out, workers=workers)
        outputs.append((out.getvalue(), summary.outcomes, summary.bad_rows))
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0][0].count("Name\n") == len(range(0, 3 * CHUNK_ROWS + 123, 97))


# Recorded from main at 94fb68a (before this work), with `prop64 synth ... --seed 1`.
SYNTH = {
    "contract": "94c64f4442a014bf2d555d97d3adb3f86cae4655ab2a3a90d44138edab880a67",
    "doj": "8f253caf3ad3766fa6aacbd064e4bbf23c612617827fd0c8dedcc761171ebd17",
}
OUTPUT = {
    "evaluate contract": "614fde8e9dfde9a357617970cd1924fc365862534c85dbc5b03ab6c21a90b23d",
    "evaluate doj": "909734729a92f13f403a38977766277bd03b66031fb637e7d2a597e45c535d08",
    "county results.csv": "d88f069817145a6433ca5d64548a4e0de27a7d2423e9ab2c042423852ba0b43a",
}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_output_is_byte_identical_to_before_the_speed_work(tmp_path: Path) -> None:
    """This test ensures that `evaluate` (one process and two) and `county` write, on 9,000
    synthetic rows of each layout, byte for byte what the code before the speed work wrote.
    (A deliberate change of an answer or of the synthetic data updates these hashes.)"""
    options = Path(__file__).parent / "fixtures" / "gogen" / "eligibility_options.json"
    for layout in ("contract", "doj"):
        p = prop64("synth", "--format", layout, "--rows", "9000", "--seed", "1", "-o",
                   f"{layout}.csv", cwd=tmp_path)  # fmt: skip
        assert p.returncode == 0, p.stderr
        assert _sha(tmp_path / f"{layout}.csv") == SYNTH[layout], "prop64 synth changed"
    for j in ("1", "2"):
        p = prop64("evaluate", "contract.csv", "-j", j, "-o", f"c{j}.csv", cwd=tmp_path)
        assert p.returncode == 0, p.stderr
        assert _sha(tmp_path / f"c{j}.csv") == OUTPUT["evaluate contract"], j
    p = prop64("evaluate", "doj.csv", "--county", "SACRAMENTO", "--as-of", "2019-11-11", "-o",
               "d.csv", cwd=tmp_path)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert _sha(tmp_path / "d.csv") == OUTPUT["evaluate doj"]
    p = prop64("county", "doj.csv", "--county", "SACRAMENTO", "--policy", str(options),
               "--as-of", "2019-11-11", "-o", "out", cwd=tmp_path)  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert _sha(tmp_path / "out" / "results.csv") == OUTPUT["county results.csv"]
