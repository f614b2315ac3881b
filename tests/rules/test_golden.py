"""The golden scenario table (tests/rules/golden.csv), a table a lawyer can review.

Each asserted row names a case in a sentence, the facts as a county extract would give them,
and what HSC § 11361.8 gives (outcome, track, a reason code that must be present, and where
relevant the better outcome an unknown fact could open, the question, and what the prosecutor
could contest). The expectations come from shared/law/prop64.md (its `ref` column), not from
running the engine. Rows with a blank `expect` are the same person's other convictions: their
record, which the batch command reads as priors.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

import pytest
from p64_helpers import GOLDEN, GoldenCase, load_golden, parse_rows

import rules
from rules.batch import parse_date
from rules.model import Outcome, Person, Track
from rules.reasons import REASONS

ROWS, CASES = load_golden()
IDS = [c.name for c in CASES]

RELIEF = {o.value for o in Outcome if o.has_relief}
LISTED_PRIOR_REASONS = {
    "felony_listed_prior",
    "listed_prior_version_unsettled",
    "listed_prior_heading_unsettled",
    "listed_prior_convicted_after_offense_unsettled",
}


def _check(
    case: GoldenCase,
    outcome: str,
    track: str,
    reasons: list[str],
    possible: str,
    questions: list[str],
) -> None:
    assert outcome == case.outcome, (case.name, case.ref, reasons)
    assert track == case.track, (case.name, case.ref)
    assert case.reason in reasons, (case.name, case.ref, reasons)
    assert tuple(reasons) == case.reasons, (case.name, case.ref, reasons)
    if case.possible_outcome:
        assert possible == case.possible_outcome, (case.name, case.ref)
    if case.question:
        assert case.question in questions, (case.name, case.ref, questions)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_golden_through_batch_csv(case: GoldenCase, golden_output: list[dict[str, str]]) -> None:
    """This test ensures that every golden case, read from a CSV file through the batch
    command's reader together with the rest of the person's record, gets the outcome, track,
    reason, possible outcome and question the law reference gives it."""
    out = golden_output[case.line - 2]
    assert out["case"] == case.name  # the extra column came through, in its place
    _check(
        case,
        out["outcome"],
        out["track"],
        out["reasons"].split(";"),
        out["possible_outcome"],
        out["questions"].split(";") if out["questions"] else [],
    )
    bad_input = case.reason in ("bad_input", "unreadable_section")
    assert bool(out["errors"]) == (bad_input or bool(case.error)), out["errors"]
    assert case.error in out["errors"], (case.name, out["errors"])
    # A result decided by, or left open by, a listed prior names it (section, date, clause).
    if case.reason in LISTED_PRIOR_REASONS or case.contestable == "contest_listed_prior_condition":
        assert "PC §" in out["priors"] and "(" in out["priors"], (case.name, out["priors"])
    else:
        assert out["priors"] == "", (case.name, out["priors"])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_golden_through_api(case: GoldenCase) -> None:
    """This test ensures that rules.evaluate, given the same person and record, agrees with
    the batch command and names what the prosecutor could contest."""
    person_rows = [(i, r) for i, r in enumerate(ROWS) if r["person"] == case.person]
    header = [c for c in ROWS[0] if c not in ("case", "outcome", "track", "reason")]
    header = ["person_id", *header]
    convictions = parse_rows(
        header, [[r["person"], *(r[c] for c in header[1:])] for _, r in person_rows]
    )
    dobs = {parse_date(r["date_of_birth"]) for _, r in person_rows}
    dates = {d for d in dobs if isinstance(d, date)}
    person = Person(
        date_of_birth=next(iter(dates)) if len(dates) == 1 else None,
        superstrike_prior=_flag(r["superstrike_prior"] for _, r in person_rows),
        pc290_prior=_flag(r["pc290_prior"] for _, r in person_rows),
    )
    results = rules.evaluate(person, convictions)
    index = [i for i, _ in person_rows].index(case.line - 2)
    result = results[index]
    _check(
        case,
        result.outcome.value,
        result.track.value if result.track else "",
        list(result.reason_codes),
        result.possible_outcome.value if result.possible_outcome else "",
        [q.fact.value for q in result.questions],
    )
    if case.contestable:
        assert case.contestable in [r.code for r in result.contestable], (case.name, case.ref)
    # A result with relief names a form; juvenile court means JV-744 (prop64.md § 4.5).
    if result.outcome.value in RELIEF:
        juvenile = ROWS[case.line - 2]["court"] == "juvenile"
        assert result.form == ("JV-744" if juvenile else "CR-400")
    if result.track is None:
        assert result.outcome.value not in RELIEF and (
            result.possible_outcome is None or not result.possible_outcome.has_relief
        )
    else:
        assert result.track in set(Track)


def _flag(values: Iterable[str]) -> bool | None:
    seen = {v.strip().lower() for v in values} - {""}
    if "yes" in seen:
        return True
    return False if seen == {"no"} else None


def test_golden_table_is_well_formed() -> None:
    """This test ensures that the golden table has at least 150 named cases, unique names,
    valid vocabulary, a reference for every case, and at least one case for every row of the
    master conviction table (prop64.md § 2.7 rows 1-18) and every disqualifier."""
    assert len(CASES) >= 150
    assert len(set(IDS)) == len(IDS), [n for n, k in Counter(IDS).items() if k > 1]
    outcomes = {o.value for o in Outcome}
    tracks = {t.value for t in Track} | {""}
    reason_codes = set(REASONS)
    for c in CASES:
        assert c.outcome in outcomes and c.track in tracks, c.name
        assert c.reason in reason_codes, c.name
        assert not c.possible_outcome or c.possible_outcome in outcomes, c.name
        assert not c.contestable or c.contestable in reason_codes, c.name
        assert c.ref, c.name
    refs = " ".join(c.ref for c in CASES)
    for row in range(1, 19):
        assert f"row {row}" in refs or f"rows {row}" in refs or f", {row}" in refs, row
    by_reason: defaultdict[str, int] = defaultdict(int)
    for c in CASES:
        by_reason[c.reason] += 1
        by_reason[c.contestable] += 1
    for disqualifier in (
        "felony_prior_super_strike",
        "felony_listed_prior",
        "listed_prior_version_unsettled",
        "listed_prior_heading_unsettled",
        "listed_prior_convicted_after_offense_unsettled",
        "contest_listed_prior_condition",
        "at_most_misdemeanor_4_to_8_grams",
        "act_section",
        "two_or_more_priors_unsettled",
        "felony_minor_sale",
        "felony_interstate",
        "felony_environmental",
        "offense_after_prop64",
        "not_covered_section",
        "not_a_cannabis_section",
    ):
        assert by_reason[disqualifier] >= 1, disqualifier
    with GOLDEN.open(encoding="utf-8", newline="") as f:
        widths = {len(r) for r in csv.reader(f)}
    assert len(widths) == 1
