"""Properties of the rules that must hold for every input, checked with hypothesis.

- evaluate never raises, whatever the section text, dates or numbers (also through the CSV layer);
- a disqualifying prior never improves an outcome;
- knowing one more fact never makes a definite result worse, unless the fact is disqualifying;
- results do not depend on the order of a person's rows, nor on the order of the file;
- the batch command carries every input cell through unchanged.
"""

from __future__ import annotations

import csv
import io
import random
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from p64_helpers import CONTRACT, OUTPUT_COLUMNS, conviction, run_batch

import rules
from rules.batch import evaluate_csv, open_text
from rules.cli import main as cli_main
from rules.csvsafe import neutralise_cell, restore_cell
from rules.model import Conviction, Court, Level, Outcome, Person, SentenceStatus

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies --------------------------------------------------------------------------------

SECTIONS = (
    "HS 11357", "HS 11357(a)", "HS 11357(b)", "H&S 11357(c)", "HS 11357(d)", "HS 11357(e)",
    "HS 11358", "HSC 11358", "HS 11359", "11359 HS-F", "HS11359", "HS 11360", "HS 11360(a)",
    "11360(a) HS", "H&S 11360(b)", "HS 11361", "PC 4573.6", "VC 23222(b)", "PC 459",
    "PC 187(a)", "PC 664/187", "PC 288(a)", "PC 211", "HS 11350(a)",
)  # fmt: skip
CANNABIS = tuple(s for s in SECTIONS if any(n in s for n in ("11357", "11358", "11359", "11360")))

section_text = st.one_of(st.sampled_from(SECTIONS), st.text(max_size=30))
any_date = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
some_date = st.dates(min_value=date(1950, 1, 1), max_value=date(2020, 12, 31))
maybe_bool = st.sampled_from((None, True, False))
odd_float = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
odd_int = st.one_of(st.none(), st.integers(min_value=-(10**12), max_value=10**12))


@st.composite
def any_conviction(draw: st.DrawFn, sections: st.SearchStrategy[str] = section_text) -> Conviction:
    return Conviction(
        code_section=draw(sections),
        level=draw(st.one_of(st.none(), st.sampled_from(Level))),
        offense_date=draw(any_date),
        conviction_date=draw(any_date),
        sentence_status=draw(st.one_of(st.none(), st.sampled_from(SentenceStatus))),
        court=draw(st.one_of(st.none(), st.sampled_from(Court))),
        cannabis_grams=draw(odd_float),
        concentrate_grams=draw(odd_float),
        plant_count=draw(odd_int),
        sold=draw(maybe_bool),
        minor_involved=draw(maybe_bool),
        interstate=draw(maybe_bool),
        environmental_violation=draw(maybe_bool),
    )


any_person = st.builds(
    Person, date_of_birth=any_date, superstrike_prior=maybe_bool, pc290_prior=maybe_bool
)


@st.composite
def realistic_conviction(draw: st.DrawFn) -> Conviction:
    """A cannabis (or other) row with plausible dates: offense 1975-2018, conviction after."""
    off = draw(st.one_of(st.none(), st.dates(date(1975, 1, 1), date(2018, 12, 31))))
    conv = None
    if draw(st.booleans()):
        base = off or draw(st.dates(date(1975, 1, 1), date(2018, 12, 31)))
        conv = base + timedelta(days=draw(st.integers(0, 900)))
    return Conviction(
        code_section=draw(st.sampled_from(SECTIONS)),
        level=draw(st.one_of(st.none(), st.sampled_from(Level))),
        offense_date=off,
        conviction_date=conv,
        sentence_status=draw(st.one_of(st.none(), st.sampled_from(SentenceStatus))),
        cannabis_grams=draw(st.one_of(st.none(), st.sampled_from((3.5, 20, 28.5, 40, 500)))),
        concentrate_grams=draw(st.one_of(st.none(), st.sampled_from((2, 4, 6, 8, 12)))),
        plant_count=draw(st.one_of(st.none(), st.sampled_from((0, 3, 6, 7, 100)))),
        sold=draw(maybe_bool),
        minor_involved=draw(maybe_bool),
        interstate=draw(maybe_bool),
        environmental_violation=draw(maybe_bool),
    )


realistic_person = st.builds(
    Person,
    date_of_birth=st.one_of(st.none(), st.dates(date(1930, 1, 1), date(2000, 12, 31))),
    superstrike_prior=maybe_bool,
    pc290_prior=maybe_bool,
)
record = st.lists(realistic_conviction(), min_size=1, max_size=5)

# -- never raises -------------------------------------------------------------------------------


@FAST
@given(any_person, st.lists(any_conviction(), max_size=4))
def test_evaluate_never_raises(person: Person, convictions: list[Conviction]) -> None:
    """This test ensures that rules.evaluate returns one result per conviction, with a known
    outcome, for any section text, any dates (even impossible orders), and any numbers,
    negative, huge or NaN."""
    results = rules.evaluate(person, convictions)
    assert len(results) == len(convictions)
    for r in results:
        assert r.outcome in set(Outcome)
        # The track is given exactly when relief is or may be available (README contract).
        could = (
            r.outcome.has_relief
            or r.outcome is Outcome.NEEDS_REVIEW
            or (r.possible_outcome is not None and r.possible_outcome.has_relief)
        )
        assert (r.track is not None) == could, r


cell = st.one_of(
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.month}/{d.day}/{d.year}"),
    st.sampled_from(("2016-02-30", "13/45/2001", "Jan 5 2003", "yes", "NO", "F", "x", "-1", "nan")),
    st.sampled_from(SECTIONS),
)


@FAST
@given(st.lists(st.lists(cell, min_size=0, max_size=len(CONTRACT) + 3), min_size=1, max_size=6))
def test_csv_layer_never_raises(rows: list[list[str]]) -> None:
    """This test ensures that the batch reader turns any cells, including impossible dates,
    negative or NaN numbers, and short or long rows, into one output row each without
    raising."""
    rows = [[r[0] if r else "", *r[1:]] for r in rows]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # so that a lone "\r" in a cell is quoted
    w.writerow(CONTRACT)
    w.writerows(r if r else [""] for r in rows)
    out = io.StringIO()
    summary = evaluate_csv(open_text(buf.getvalue()), out)
    assert summary.rows == len(rows)
    assert sum(summary.outcomes.values()) == len(rows)
    assert set(summary.outcomes) <= {x.value for x in Outcome}


# -- a disqualifying prior never helps -----------------------------------------------------------


def _ranks(person: Person, convictions: list[Conviction]) -> list[int]:
    return [r.outcome.rank for r in rules.evaluate(person, convictions)]


@FAST
@given(realistic_person, record, st.sampled_from(("superstrike_prior", "pc290_prior")))
def test_a_super_strike_flag_never_improves(
    person: Person, convictions: list[Conviction], flag: str
) -> None:
    """This test ensures that saying yes to a super-strike or PC 290(c) prior never makes any
    conviction's outcome better (HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A))."""
    before = _ranks(person, convictions)
    after = _ranks(replace(person, **{flag: True}), convictions)
    assert all(a <= b for a, b in zip(after, before, strict=True)), (before, after)


@FAST
@given(
    realistic_person,
    record,
    st.sampled_from(
        ("PC 187(a)", "PC 664/187", "PC 288(a)", "HS 11358", "HS 11359", "HS 11360(a)")
    ),
    st.integers(1, 3),
    st.dates(date(1970, 1, 1), date(2018, 12, 31)),
)
def test_prior_rows_never_improve(
    person: Person, convictions: list[Conviction], section: str, n: int, when: date
) -> None:
    """This test ensures that adding earlier rows to a person's record (a possible super
    strike, or convictions of a cannabis section) never makes an outcome of their other
    convictions better."""
    before = _ranks(person, convictions)
    extra = [
        Conviction(section, Level.FELONY, when - timedelta(days=30 * i), when - timedelta(days=i))
        for i in range(n)
    ]
    after = _ranks(person, [*convictions, *extra])[: len(convictions)]
    assert all(a <= b for a, b in zip(after, before, strict=True)), (before, after)


# Sections each list names on its face at every date (rules/priors.py, priors.md § 6 "D"), and
# sections it names only under a condition the record does not show at every date ("C").
DEFINITE_PRIORS = (
    "PC 187", "PC 664/187", "PC 288(a)", "PC 647.6", "647A PC", "PC 243.4(e)", "PC 209(a)",
    "PC 653f(b)", "PC 11418(a)(1)", "PC 261(a)(2)", "288A(C)(1) PC", "PC 311.11", "PC 314(1)",
)  # fmt: skip
CONDITIONAL_PRIORS = ("PC 207(a)", "PC 272", "PC 245(d)(3)", "PC 220", "PC 288.2", "PC 653f")


@FAST
@given(
    realistic_person,
    record,
    st.sampled_from(DEFINITE_PRIORS),
    st.integers(1, 400),
)
def test_a_definite_listed_prior_never_improves(
    person: Person, convictions: list[Conviction], section: str, weeks: int
) -> None:
    """This test ensures that adding, before a conviction's offense, a prior that PC
    § 667(e)(2)(C)(iv) or § 290(c) lists on its face never makes that conviction's outcome
    better (HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A))."""
    dated = [c for c in convictions if c.offense_date is not None]
    assume(dated)
    before = _ranks(person, convictions)
    first = min(c.offense_date for c in dated if c.offense_date is not None)
    day = first - timedelta(weeks=weeks)
    prior = Conviction(section, Level.FELONY, day - timedelta(days=90), day)
    after = _ranks(person, [*convictions, prior])[: len(convictions)]
    assert all(a <= b for a, b in zip(after, before, strict=True)), (before, after)


@FAST
@given(
    realistic_person,
    record,
    st.sampled_from(CONDITIONAL_PRIORS),
    st.integers(1, 400),
)
def test_a_conditional_listed_prior_changes_only_what_is_contestable(
    person: Person, convictions: list[Conviction], section: str, weeks: int
) -> None:
    """This test ensures that a prior listed only under a fact the record does not show (e.g.
    kidnapping "with intent to violate" a sex offense, PC § 290(c)) never changes any outcome:
    it counts in the person's favour while unproved (HSC § 11361.8(b), (f)) and at most adds
    what the prosecutor could contest."""
    dated = [c for c in convictions if c.offense_date is not None]
    assume(dated)
    before = rules.evaluate(person, convictions)
    first = min(c.offense_date for c in dated if c.offense_date is not None)
    day = first - timedelta(weeks=weeks)
    prior = Conviction(section, Level.FELONY, day - timedelta(days=90), day)
    after = rules.evaluate(person, [*convictions, prior])[: len(convictions)]
    for b, a in zip(before, after, strict=True):
        assert a.outcome == b.outcome, (section, b.reason_codes, a.reason_codes)
        assert a.reason_codes == b.reason_codes
        assert {r.code for r in b.contestable} <= {r.code for r in a.contestable}


# -- knowing more never hurts ---------------------------------------------------------------------

# Old-law levels each section could have had (prop64.md § 2.6), so a revealed level is a real one.
_LEVELS: dict[str, tuple[Level, ...]] = {
    "HS 11357": (Level.FELONY, Level.MISDEMEANOR, Level.INFRACTION),
    "HS 11357(a)": (Level.FELONY, Level.MISDEMEANOR),
    "HS 11357(b)": (Level.MISDEMEANOR, Level.INFRACTION),
    "HS 11357(c)": (Level.MISDEMEANOR,),
    "HS 11358": (Level.FELONY,),
    "HS 11359": (Level.FELONY,),
    "HS 11360": (Level.FELONY, Level.MISDEMEANOR),
    "HS 11360(a)": (Level.FELONY,),
    "HS 11360(b)": (Level.MISDEMEANOR,),
}
# Amounts each section's letter allows (old (a) concentrate; old (b) ≤ 28.5 g; old (c) more).
_AMOUNTS: dict[str, tuple[tuple[float | None, float | None], ...]] = {
    "HS 11357(a)": ((None, 2), (None, 6), (None, 12)),
    "HS 11357(b)": ((3.5, None), (28.5, None)),
    "HS 11357(c)": ((40, None), (500, None)),
    "HS 11360(b)": ((3.5, None), (28.5, None)),
}
_ANY_AMOUNT = ((3.5, None), (28.5, None), (40, None), (None, 3), (None, 6), (None, 12))
# Facts whose "yes" is a disqualifier: revealing them may make the result worse.
DISQUALIFYING = {"minor_involved", "interstate", "environmental_violation"}


@st.composite
def partial_case(draw: st.DrawFn) -> tuple[Person, Conviction, Person, Conviction, str]:
    """A single conviction with some facts unknown, and the same with one of them revealed,
    consistently with the section (old-law level and the amount its letter implies)."""
    section = draw(st.sampled_from(sorted(_LEVELS)))
    level = draw(st.sampled_from(_LEVELS[section]))
    # Before 2011 no § 11357 offense was an infraction; from 2011 old (b) was nothing else.
    if section in ("HS 11357", "HS 11357(b)") and level is Level.INFRACTION:
        off = draw(st.dates(date(2011, 1, 1), date(2018, 12, 31)))
    elif section == "HS 11357(b)":
        off = draw(st.dates(date(1976, 1, 1), date(2010, 12, 31)))
    else:
        off = draw(st.dates(date(1976, 1, 1), date(2018, 12, 31)))
    conv_day = off + timedelta(days=draw(st.integers(0, 700)))
    age = draw(st.integers(12, 70))
    dob = date(off.year - age, off.month, 28 if (off.month, off.day) == (2, 29) else off.day)
    court = Court.JUVENILE if age < 18 and draw(st.booleans()) else Court.ADULT
    amounts = _AMOUNTS.get(section, _ANY_AMOUNT)
    if section == "HS 11357" and level is Level.INFRACTION:
        amounts = _AMOUNTS["HS 11357(b)"]  # only old (b) was an infraction
    elif section == "HS 11357" and level is Level.FELONY:
        amounts = _AMOUNTS["HS 11357(a)"]  # only old (a), concentrate, was ever a felony
    grams, conc = draw(st.sampled_from(amounts))
    full_person = Person(dob, False, False)
    full = Conviction(
        code_section=section,
        level=level,
        offense_date=off,
        conviction_date=conv_day,
        sentence_status=draw(st.sampled_from(SentenceStatus)),
        court=court,
        cannabis_grams=grams,
        concentrate_grams=conc,
        plant_count=draw(st.sampled_from((2, 6, 7, 40))),
        sold=draw(st.booleans()) if section != "HS 11360(b)" else False,
        minor_involved=draw(st.booleans()),
        interstate=draw(st.booleans()),
        environmental_violation=draw(st.booleans()),
    )
    person_facts = ("date_of_birth", "superstrike_prior", "pc290_prior")
    conv_facts = (
        "level", "offense_date", "conviction_date", "sentence_status", "court", "cannabis_grams",
        "plant_count", "sold", "minor_involved", "interstate", "environmental_violation",
    )  # fmt: skip
    hidden = draw(st.sets(st.sampled_from(person_facts + conv_facts), min_size=1))
    reveal = draw(st.sampled_from(sorted(hidden)))
    if "cannabis_grams" in hidden:  # the two amounts are one fact: hide and reveal together
        hidden = hidden | {"concentrate_grams"}

    def hide(keep: str | None) -> tuple[Person, Conviction]:
        gone = {
            h
            for h in hidden
            if h != keep and not (keep == "cannabis_grams" and h == "concentrate_grams")
        }
        p = replace(full_person, **{f: None for f in gone if f in person_facts})
        c = replace(full, **{f: None for f in gone if f not in person_facts})
        return p, c

    p0, c0 = hide(None)
    p1, c1 = hide(reveal)
    return p0, c0, p1, c1, reveal


@FAST
@given(partial_case())
def test_knowing_a_fact_never_worsens_a_definite_result(
    case: tuple[Person, Conviction, Person, Conviction, str],
) -> None:
    """This test ensures that when a result asks no question (it is definite), learning one
    more fact about the conviction never makes it worse, unless that fact is a disqualifier
    (a minor, interstate transport, an environmental violation) answered yes."""
    p0, c0, p1, c1, revealed = case
    (before,) = rules.evaluate(p0, [c0])
    assume(not before.questions and not before.errors)
    (after,) = rules.evaluate(p1, [c1])
    if revealed in DISQUALIFYING and getattr(c1, revealed):
        return
    assert after.outcome.rank >= before.outcome.rank, (revealed, before, after)


# -- order does not matter ----------------------------------------------------------------


@FAST
@given(realistic_person, record, st.randoms(use_true_random=False))
def test_order_of_a_persons_rows_does_not_matter(
    person: Person, convictions: list[Conviction], rnd: random.Random
) -> None:
    """This test ensures that each conviction gets the same result whatever the order of the
    person's rows (their other rows are their record, read by date, not by position)."""
    order = list(range(len(convictions)))
    rnd.shuffle(order)
    base = rules.evaluate(person, convictions)
    shuffled = rules.evaluate(person, [convictions[i] for i in order])
    for pos, i in enumerate(order):
        assert shuffled[pos] == base[i]


def _fmt(d: date | None, us: bool) -> str:
    if d is None:
        return ""
    return f"{d.month:02d}/{d.day:02d}/{d.year}" if us else d.isoformat()


def people_rows(max_size: int) -> st.SearchStrategy[list[tuple[int, Person, Conviction]]]:
    """Rows of a county file: (which of four people, their facts, one conviction)."""
    return st.lists(
        st.tuples(st.integers(0, 3), realistic_person, realistic_conviction()),
        min_size=1,
        max_size=max_size,
    )


@FAST
@given(people_rows(12), st.randoms(use_true_random=False))
def test_order_of_the_file_does_not_matter(
    rows: list[tuple[int, Person, Conviction]], rnd: random.Random
) -> None:
    """This test ensures that evaluate_csv gives every row the same output columns when the
    whole file is shuffled (a person's rows may be anywhere in a county extract)."""
    people: dict[int, Person] = {}
    lines = []
    for k, (pid, person, c) in enumerate(rows):
        p = people.setdefault(pid, person)  # one person, one set of person facts
        yn = {None: "", True: "yes", False: "no"}
        lines.append(
            {
                "row": str(k),
                "person_id": f"P{pid}",
                "code_section": c.code_section,
                "date_of_birth": _fmt(p.date_of_birth, k % 2 == 0),
                "superstrike_prior": yn[p.superstrike_prior],
                "pc290_prior": yn[p.pc290_prior],
                "level": c.level.value if c.level else "",
                "offense_date": _fmt(c.offense_date, k % 3 == 0),
                "conviction_date": _fmt(c.conviction_date, False),
                "sentence_status": c.sentence_status.value if c.sentence_status else "",
                "cannabis_grams": "" if c.cannabis_grams is None else str(c.cannabis_grams),
                "concentrate_grams": ""
                if c.concentrate_grams is None
                else str(c.concentrate_grams),
                "plant_count": "" if c.plant_count is None else str(c.plant_count),
                "sold": yn[c.sold],
                "minor_involved": yn[c.minor_involved],
                "interstate": yn[c.interstate],
                "environmental_violation": yn[c.environmental_violation],
            }
        )

    def run(ls: list[dict[str, str]]) -> dict[str, dict[str, str]]:
        buf = io.StringIO()
        w = csv.DictWriter(buf, list(ls[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(ls)
        return {o["row"]: o for o in run_batch(buf.getvalue())}

    base = run(lines)
    shuffled = lines[:]
    rnd.shuffle(shuffled)
    again = run(shuffled)
    assert again == base


@FAST
@given(people_rows(14), st.booleans())
def test_the_batch_reads_each_persons_record_as_the_engine_does(
    rows: list[tuple[int, Person, Conviction]], grouped: bool
) -> None:
    """This test ensures that the batch command's compact memory of each person's record (rows
    packed in numbers, rows that can never be priors left out, the last person's record kept
    decoded: rules.batch.People) gives every row the outcome, reasons and priors that the
    engine gives when it is handed the person's convictions as objects (rules.evaluate), with
    the person's rows scattered through the file or next to each other."""
    people: dict[int, Person] = {}
    for pid, person, _ in rows:
        people.setdefault(pid, person)
    if grouped:
        rows = sorted(rows, key=lambda r: r[0])
    yn = {None: "", True: "yes", False: "no"}
    lines = [
        "row,person_id,code_section,date_of_birth,superstrike_prior,pc290_prior,level,"
        "offense_date,conviction_date,sentence_status,court"
    ]
    for k, (pid, _, c) in enumerate(rows):
        p = people[pid]
        lines.append(
            ",".join(
                (
                    str(k),
                    f"P{pid}",
                    c.code_section,
                    _fmt(p.date_of_birth, False),
                    yn[p.superstrike_prior],
                    yn[p.pc290_prior],
                    c.level.value if c.level else "",
                    _fmt(c.offense_date, False),
                    _fmt(c.conviction_date, False),
                    c.sentence_status.value if c.sentence_status else "",
                    c.court.value if c.court else "",
                )
            )
        )
    out = {o["row"]: o for o in run_batch("\n".join(lines) + "\n")}
    for pid, person in people.items():
        mine = [(k, c) for k, (q, _, c) in enumerate(rows) if q == pid]
        plain = [
            replace(
                c,
                cannabis_grams=None,
                concentrate_grams=None,
                plant_count=None,
                sold=None,
                minor_involved=None,
                interstate=None,
                environmental_violation=None,
            )
            for _, c in mine
        ]
        expected = rules.evaluate(person, plain)
        for (k, _), result in zip(mine, expected, strict=True):
            got = out[str(k)]
            assert got["outcome"] == result.outcome.value, (k, got, result)
            assert got["reasons"] == ";".join(result.reason_codes)
            assert got["priors"] == "; ".join(p.describe() for p in result.priors)


# -- the CLI carries every input column through ---------------------------------------------------

header_name = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufeff"), max_size=10
)
# Cells may hold lone carriage returns and newlines (RFC 4180 quoting keeps them in the cell).
cell_text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=15
).map(lambda t: t.replace("\n", "\r\n") if len(t) % 3 == 0 else t)


def _odd_case(name: str, rnd: random.Random) -> str:
    return "".join(ch.upper() if rnd.random() < 0.5 else ch for ch in name)


@FAST
@given(
    st.lists(header_name, max_size=4),
    st.lists(st.sampled_from(CONTRACT[2:]), unique=True, max_size=6),
    st.integers(1, 5),
    st.data(),
    st.randoms(use_true_random=False),
)
def test_cli_round_trips_every_input_column(
    extra: list[str], optional: list[str], n_rows: int, data: st.DataObject, rnd: random.Random
) -> None:
    """This test ensures that `prop64 evaluate` writes every input column back unchanged and in
    order (unknown columns, odd header case, quotes, commas, newlines and any Unicode in
    cells), followed by the contract's output columns; a cell a spreadsheet would run as a
    formula comes back neutralised, and reading it back gives the cell as given."""
    names = [_odd_case("person_id", rnd), _odd_case("code_section", rnd)]
    names += [_odd_case(c, rnd) for c in optional] + extra
    rnd.shuffle(names)
    assume(names[0] != "" or len(names) > 1)
    rows = [
        [
            data.draw(
                st.one_of(
                    cell_text, st.sampled_from(SECTIONS), st.just('a "quoted", cell\nwith lines')
                )
            )
            for _ in names
        ]
        for _ in range(n_rows)
    ]
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")  # so that a lone "\r" in a cell is quoted
    w.writerow(names)
    w.writerows(rows)
    with tempfile.TemporaryDirectory() as d:
        src, dst = Path(d) / "in.csv", Path(d) / "out.csv"
        src.write_text(buf.getvalue(), encoding="utf-8", newline="")
        assert cli_main(["evaluate", str(src), "-o", str(dst)]) == 0
        with dst.open(encoding="utf-8", newline="") as f:
            out = list(csv.reader(f))
    assert out[0] == [*(neutralise_cell(restore_cell(c)) for c in names), *OUTPUT_COLUMNS]
    assert len(out) == n_rows + 1
    for given_row, got in zip(rows, out[1:], strict=True):
        assert got[: len(names)] == [neutralise_cell(restore_cell(c)) for c in given_row]
        assert [restore_cell(c) for c in got[: len(names)]] == [restore_cell(c) for c in given_row]
        assert got[len(names)] in {o.value for o in Outcome}


def test_lone_carriage_return_round_trips(tmp_path: Path) -> None:
    """This test ensures that a cell holding a lone carriage return (old Mac line ends inside a
    quoted cell) comes back as one cell of one row."""
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    src.write_text('person_id,code_section,note\r\nP1,HS 11359,"a\rb"\r\n', encoding="utf-8")
    assert cli_main(["evaluate", str(src), "-o", str(dst)]) == 0
    with dst.open(encoding="utf-8", newline="") as f:
        out = list(csv.reader(f))
    assert len(out) == 2 and out[1][:3] == ["P1", "HS 11359", "a\rb"]


def test_factories_have_legal_defaults() -> None:
    """This test ensures that the test factory's default conviction (an adult's 2012 felony
    for possession for sale, completed) is reduced to a misdemeanor by application."""
    (r,) = rules.evaluate(Person(date(1970, 3, 15)), [conviction()])
    assert r.outcome is Outcome.REDUCE_TO_MISDEMEANOR
    assert r.track is not None and r.track.value == "application"
