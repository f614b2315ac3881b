"""Health and Safety Code § 11361.8 — the decision for each conviction.

    (a) A person currently serving a sentence for a conviction […] who would not have been guilty
    of an offense, or who would have been guilty of a lesser offense under the [AUMA] had that
    act been in effect at the time of the offense may petition for a recall or dismissal of
    sentence […]
    (e) A person who has completed his or her sentence for a conviction under Sections 11357,
    11358, 11359, and 11360 […] who would not have been guilty of an offense or who would have
    been guilty of a lesser offense under the [AUMA] had that Act been in effect at the time of
    the offense, may [apply …]
    (b), (f) […] the court shall presume the petitioner satisfies the criteria […] unless the
    party opposing the petition proves by clear and convincing evidence that the petitioner does
    not satisfy the criteria.

Source: shared/law/prop64.md § 1 (VERBATIM text read at lexace.ai and in the Couzens/Bigelow
memo); the conviction-to-outcome table is § 2.7 there. Full text:
https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=HSC&sectionNum=11361.8

How the engine reads it
-----------------------
1. The question is what today's §§ 11357-11360 and 11362.1 make of the *conduct*, at the
   person's *age on the offense date*; relief exists when that is lawful (dismissal) or a lower
   level than the conviction (reduction).
2. Facts that define the conduct (age, amount, plant count, sale, the offense date, the level
   convicted) are enumerated when unknown: the outcome is the relief that holds whatever they
   turn out to be; ``possible_outcome`` is the best they could open; ``questions`` names them.
3. Facts only the prosecutor would raise (priors, minors, interstate, environmental, the
   conditions of § 11362.2, the age of a recipient) count in the person's favour while unknown,
   because (b) and (f) presume eligibility; the result names them in ``contestable``.
4. Where the law is unsettled, the outcome is ``needs_review`` with the reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum, StrEnum
from functools import lru_cache
from typing import NamedTuple

from rules import law, priors
from rules.model import (
    N_,
    Conviction,
    Court,
    Fact,
    Level,
    Note,
    Outcome,
    Person,
    PriorNote,
    Question,
    Reason,
    Result,
    SentenceStatus,
    Track,
)
from rules.reasons import ReasonCode as R
from rules.reasons import reason
from rules.registry import ACT_NUMBERS, BY_NUMBER
from rules.sections import (
    Section,
    is_prop64_section,
    not_covered_listing,
    parse_section,
)


class Now(IntEnum):
    """What today's law makes of the conduct."""

    LAWFUL = 0
    INFRACTION = 1
    MISDEMEANOR = 2
    FELONY = 3


_LEVEL_NOW = {
    Level.INFRACTION: Now.INFRACTION,
    Level.MISDEMEANOR: Now.MISDEMEANOR,
    Level.FELONY: Now.FELONY,
}


class Age(StrEnum):
    """Age brackets on the offense date (law.ADULT_AGE, law.LAWFUL_USE_AGE)."""

    U18 = "u18"
    A18_20 = "18_20"
    A21 = "21+"


class Period(StrEnum):
    """Periods of the offense date: before SB 1449 (2011), before Prop 64, on or after it."""

    PRE2011 = "pre2011"
    PRE_AUMA = "pre_auma"
    POST = "post"


class Band(StrEnum):
    """Amount bands. Flower: none / ≤ 28.5 g / more; concentrate: none / ≤ 4 g / 4-8 g / more;
    plants: ≤ 6 / more (law.FLOWER_GRAMS, CONCENTRATE_GRAMS_*, PLANTS)."""

    NONE = "none"
    LE = "le"
    GT = "gt"
    LE4 = "le4"
    LE8 = "le8"
    GT8 = "gt8"


# Scenario dimensions, as short names for the rules below.
U18, A18_20, A21 = Age.U18, Age.A18_20, Age.A21
AGES = tuple(Age)
PRE2011, PRE_AUMA, POST = Period.PRE2011, Period.PRE_AUMA, Period.POST
PERIODS = tuple(Period)
NONE, LE, GT = Band.NONE, Band.LE, Band.GT
LE4, LE8, GT8 = Band.LE4, Band.LE8, Band.GT8
SUBSTANCES_ANY = ((LE, NONE), (GT, NONE), (NONE, LE4), (NONE, LE8), (NONE, GT8))


class RecordEntry(NamedTuple):
    """What another row of the same person's record contributes: whether it is a prior, and of
    what. Made by :func:`record_entry` / :func:`make_record_entry`."""

    same_section: str  # "11358", "11359" or "11360" (not old § 11360(b)) when it can be a prior
    #                    "of the same section"; "" otherwise
    listed: bool  # may be on the super-strike or PC § 290(c) list (rules/priors.py)
    offense_date: date | None
    conviction_date: date | None
    section: Section | None = None  # the section, when ``listed``


class Factors(NamedTuple):
    """Facts that keep a felony available (§§ 11358(d), 11359(c)-(d), 11360(a)(3))."""

    super_strike_or_290: bool | None = None  # given directly by the person
    listed_definite: bool = False  # an earlier conviction listed on its face (rules/priors.py)
    listed_unsettled: str | None = None  # a listed prior the law leaves open: its reason code
    listed_contestable: bool = False  # a listed prior only the prosecutor could establish
    priors_same_section: int = 0  # dated earlier convictions of the same section
    undated_same_section: int = 0  # same-section rows that cannot be put in order
    minor: bool | None = None
    interstate: bool | None = None
    environmental: bool | None = None


# Which factors each section has, from the registry (the rest are left out of the key, so that
# equal cases share one cached decision): § 11358(d) has no minors or interstate factor,
# § 11359(c)-(d) no interstate or environmental one, § 11360(a)(3) no environmental one, § 11357
# none. (priors, minor, interstate, environmental)
_SECTION_FACTORS = {
    o.number: (o.priors, o.minors, o.interstate, o.environmental)
    for o in BY_NUMBER.values()
    if o.eligible
}


@dataclass(frozen=True)
class Finding:
    """The answer in one scenario."""

    outcome: Outcome
    reasons: tuple[str, ...]
    contestable: tuple[str, ...] = ()
    possible: Outcome | None = None


@dataclass(frozen=True)
class Classification:
    now: Now | None  # None: unsettled, see review
    reason: str
    contestable: tuple[str, ...] = ()
    review: str | None = None
    favourable: Now | None = None  # the reading most favourable to the person, when unsettled
    floor: Now | None = None  # the reading least favourable, when every reading is known


# -- Today's law, section by section (shared/law/prop64.md §§ 2.1-2.5 and 2.7) ------------------


def _felony_factors(
    f: Factors, *, minors: bool, interstate: bool, environmental: bool
) -> Classification | None:
    """The factors that keep a felony, in the order the subdivisions list them; None if none."""
    if f.super_strike_or_290:
        return Classification(Now.FELONY, R.FELONY_PRIOR_SUPER_STRIKE)
    if f.listed_definite:
        return Classification(Now.FELONY, R.FELONY_LISTED_PRIOR)
    if minors and f.minor:
        return Classification(Now.FELONY, R.FELONY_MINOR_SALE)
    if interstate and f.interstate:
        return Classification(Now.FELONY, R.FELONY_INTERSTATE)
    if environmental and f.environmental:
        return Classification(Now.FELONY, R.FELONY_ENVIRONMENTAL)
    if f.listed_unsettled:
        return Classification(
            None, f.listed_unsettled, review=f.listed_unsettled, favourable=Now.MISDEMEANOR
        )
    if f.priors_same_section >= law.PRIORS_THAT_KEEP_A_FELONY:
        # UNCONFIRMED point 9 (prop64.md § 3.3): the Contra Costa PD reads "prior convictions
        # under subdivision (b)" as post-Prop-64 convictions only; Code for America's pilots
        # counted every earlier conviction of the section. Every prior of a pre-2016 offense is
        # pre-Prop-64, so two or more are always the unsettled case.
        return Classification(
            None,
            R.TWO_OR_MORE_PRIORS_UNSETTLED,
            review=R.TWO_OR_MORE_PRIORS_UNSETTLED,
            favourable=Now.MISDEMEANOR,
        )
    return None


def _contest(f: Factors, *, minors: bool, interstate: bool, environmental: bool) -> tuple[str, ...]:
    out: list[str] = []
    if f.super_strike_or_290 is None:
        out.append(R.CONTEST_SUPER_STRIKE_OR_290)
    if f.listed_contestable:
        out.append(R.CONTEST_LISTED_PRIOR_CONDITION)
    if f.undated_same_section + f.priors_same_section >= law.PRIORS_THAT_KEEP_A_FELONY:
        out.append(R.CONTEST_PRIORS)
    if minors and f.minor is None:
        out.append(R.CONTEST_MINOR)
    if interstate and f.interstate is None:
        out.append(R.CONTEST_INTERSTATE)
    if environmental and f.environmental is None:
        out.append(R.CONTEST_ENVIRONMENTAL)
    return tuple(out)


def _flower_ok(flower: str) -> bool:
    return flower in (NONE, LE)


def classify_11357(age: str, flower: str, conc: str, letter: str | None) -> Classification:
    """§ 11357 (possession) as amended by Prop 64, and § 11362.1(a)(1)-(2)."""
    if letter in ("d", "e"):
        # Old (d)/(e): possession on school grounds (18+ / under 18). Today's §§ 11357(c)-(d)
        # and 11362.3; the classification of old convictions is UNCONFIRMED (prop64.md § 2.7
        # rows 5-6), so a lawyer looks at it.
        return Classification(None, R.SCHOOL_GROUNDS_UNSETTLED, review=R.SCHOOL_GROUNDS_UNSETTLED)
    if age == U18:
        return Classification(Now.INFRACTION, R.INFRACTION_UNDER_18)  # § 11357(a)(1), (b)(1)
    within_lawful = _flower_ok(flower) and conc in (NONE, LE4, LE8)
    if age == A21:
        if within_lawful:
            return Classification(Now.LAWFUL, R.LAWFUL_POSSESSION)  # § 11362.1(a)(1), (2)
        return Classification(Now.MISDEMEANOR, R.MISDEMEANOR_POSSESSION)  # § 11357(b)(2)
    # 18 to 20
    if _flower_ok(flower) and conc in (NONE, LE4):
        return Classification(Now.INFRACTION, R.INFRACTION_POSSESSION_18_20)  # § 11357(a)(2)
    if _flower_ok(flower) and conc == LE8:
        # An infraction under Prop 64's § 11362.1 reading (8 g), a misdemeanor under its
        # § 11357 reading (4 g): a misdemeanor at most either way.
        return Classification(
            None,
            R.CONCENTRATE_4_TO_8_GRAMS_UNSETTLED,
            review=R.CONCENTRATE_4_TO_8_GRAMS_UNSETTLED,
            favourable=Now.INFRACTION,
            floor=Now.MISDEMEANOR,
        )
    return Classification(Now.MISDEMEANOR, R.MISDEMEANOR_POSSESSION)  # § 11357(b)(2)


def classify_11358(age: str, plants: str, f: Factors) -> Classification:
    """§ 11358 (cultivation) as amended by Prop 64, and § 11362.1(a)(3)."""
    if age == U18:
        return Classification(Now.INFRACTION, R.INFRACTION_UNDER_18)  # § 11358(a)
    if plants == LE:
        if age == A21:
            # § 11362.2's conditions (locked, out of view, at a residence) would make it an
            # infraction; the prosecutor must prove they were not met.
            return Classification(Now.LAWFUL, R.LAWFUL_CULTIVATION, (R.CONTEST_11362_2,))
        return Classification(Now.INFRACTION, R.INFRACTION_CULTIVATION_18_20)  # § 11358(b)
    # More than six plants, 18 or older: § 11358(c), unless a factor of § 11358(d).
    kinds = {"minors": False, "interstate": False, "environmental": True}
    return _felony_factors(f, **kinds) or Classification(
        Now.MISDEMEANOR, R.MISDEMEANOR_CULTIVATION, _contest(f, **kinds)
    )


def classify_11359(age: str, f: Factors) -> Classification:
    """§ 11359 (possession for sale) as amended by Prop 64."""
    if age == U18:
        return Classification(Now.INFRACTION, R.INFRACTION_UNDER_18)  # § 11359(a)
    if age == A18_20 and f.minor:
        # One fact, two rules: § 11359(c)(3) (a knowing sale to a person under 18) applies from
        # 18, but § 11359(d) (hiring or using a person 20 or younger) only from 21. For a person
        # aged 18-20 a "yes" may be either, so a lawyer looks at which.
        return Classification(
            None,
            R.MINOR_FACTOR_UNCLEAR_18_20,
            review=R.MINOR_FACTOR_UNCLEAR_18_20,
            favourable=Now.MISDEMEANOR,
        )
    kinds = {"minors": True, "interstate": False, "environmental": False}
    return _felony_factors(f, **kinds) or Classification(
        Now.MISDEMEANOR, R.MISDEMEANOR_POSSESSION_FOR_SALE, _contest(f, **kinds)
    )


def classify_11360(age: str, sold: bool, flower: str, conc: str, f: Factors) -> Classification:
    """§ 11360 (sale, transport, gift, import) as amended by Prop 64, and § 11362.1(a)(1)-(2)."""
    if age == U18:
        return Classification(Now.INFRACTION, R.INFRACTION_UNDER_18)  # § 11360(a)(1)
    if f.minor:
        return Classification(Now.FELONY, R.FELONY_MINOR_SALE)  # § 11360(a)(3)(C)
    # § 11360(a)(3)(D): importing more than 28.5 g or 4 g of concentrate into California (or
    # transporting it for sale out of the state) keeps a felony, with or without a sale;
    # § 11362.1 permits transport within the state, not import.
    over_interstate_amount = flower == GT or conc in (LE8, GT8)  # > 28.5 g or > 4 g
    if over_interstate_amount and f.interstate:
        return Classification(Now.FELONY, R.FELONY_INTERSTATE)
    if not sold:
        if age == A21 and _flower_ok(flower) and conc in (NONE, LE4, LE8):
            contest: tuple[str, ...] = (R.CONTEST_RECIPIENT_AGE,)
            if over_interstate_amount and f.interstate is None:
                contest += (R.CONTEST_INTERSTATE,)
            return Classification(Now.LAWFUL, R.LAWFUL_GIFT, contest)
        if age == A18_20 and flower == LE and conc == NONE:
            return Classification(Now.INFRACTION, R.INFRACTION_GIFT_18_20)  # § 11360(b)
    kinds = {"minors": True, "interstate": over_interstate_amount, "environmental": False}
    return _felony_factors(f, **kinds) or Classification(
        Now.MISDEMEANOR, R.MISDEMEANOR_SALE_TRANSPORT, _contest(f, **kinds)
    )


# -- The level convicted under the old law (prop64.md § 2.6) ----------------------------------


def default_levels(
    number: str, letter: str | None, period: str, flower: str, conc: str
) -> tuple[Level, ...]:
    """The levels a conviction could have had under the law before Prop 64."""
    if number == "11357":
        if letter in ("d", "e"):
            return (Level.MISDEMEANOR,)
        if conc != NONE:  # old (a): a wobbler; a straight misdemeanor after Prop 47 (2014)
            return (Level.FELONY, Level.MISDEMEANOR)
        if flower == LE:  # old (b): fine-only misdemeanor, an infraction from 2011 (SB 1449)
            return (Level.MISDEMEANOR,) if period == PRE2011 else (Level.INFRACTION,)
        return (Level.MISDEMEANOR,)  # old (c)
    if number == "11360":
        if letter == "b":
            return (Level.MISDEMEANOR,)  # fine-only misdemeanor until Prop 64
        if letter is None:
            return (Level.FELONY, Level.MISDEMEANOR)
    return (Level.FELONY,)  # 11358, 11359, 11360(a): felonies


# -- One scenario ------------------------------------------------------------------------------


def _relief(now: Now, level: Level) -> Outcome | None:
    if now is Now.LAWFUL:
        return Outcome.DISMISS
    if now < _LEVEL_NOW[level]:
        return (
            Outcome.REDUCE_TO_INFRACTION if now is Now.INFRACTION else Outcome.REDUCE_TO_MISDEMEANOR
        )
    return None


def _same_level_lower_maximum(
    number: str, age: str, flower: str, conc: str, now: Now, level: Level
) -> bool:
    """UNCONFIRMED point 10 (prop64.md § 9): old § 11357(a) 1-year misdemeanor → today's
    6-month misdemeanor; old § 11357(b) $100 infraction → today's under-18 infraction."""
    if number != "11357" or _LEVEL_NOW[level] != now:
        return False
    if conc != NONE and now is Now.MISDEMEANOR:
        return True
    return flower == LE and conc == NONE and age == U18 and now is Now.INFRACTION


@dataclass(frozen=True)
class Scenario:
    age: str
    period: str
    level: Level
    flower: str
    conc: str
    plants: str
    sold: bool


# One classifier per section of the registry that § 11361.8 covers (rules/registry.py).
CLASSIFIERS: dict[str, Callable[[str | None, Scenario, Factors], Classification]] = {
    "11357": lambda letter, s, f: classify_11357(s.age, s.flower, s.conc, letter),
    "11358": lambda letter, s, f: classify_11358(s.age, s.plants, f),
    "11359": lambda letter, s, f: classify_11359(s.age, f),
    "11360": lambda letter, s, f: classify_11360(s.age, s.sold, s.flower, s.conc, f),
}


def _classify(number: str, letter: str | None, s: Scenario, f: Factors) -> Classification:
    return CLASSIFIERS[number](letter, s, f)


@lru_cache(maxsize=16384)
def _scenario(number: str, letter: str | None, s: Scenario, f: Factors) -> Finding:
    if s.period == POST:
        return Finding(Outcome.NOT_ELIGIBLE, (R.OFFENSE_AFTER_PROP64,))
    c = _classify(number, letter, s, f)
    if c.now is None and c.floor is not None:
        # Unsettled between two readings, but the less favourable one already gives relief:
        # that relief holds either way (e.g. 4-8 g of concentrate at 18-20, convicted as a
        # felony, is at most a misdemeanor).
        held = _relief(c.floor, s.level)
        if held is not None:
            return Finding(held, (R.AT_MOST_MISDEMEANOR_4_TO_8_GRAMS,), c.contestable)
    if c.now is None:
        assert c.review is not None
        possible = _relief(c.favourable, s.level) if c.favourable is not None else None
        if c.favourable is not None and possible is None:
            # Even the reading most favourable to the person gives nothing lower than the
            # conviction: the open question cannot matter.
            return Finding(Outcome.NOT_ELIGIBLE, (c.reason, R.NO_LOWER_LEVEL))
        return Finding(Outcome.NEEDS_REVIEW, (c.review,), c.contestable, possible)
    relief = _relief(c.now, s.level)
    if relief is not None:
        return Finding(relief, (c.reason,), c.contestable)
    if _same_level_lower_maximum(number, s.age, s.flower, s.conc, c.now, s.level):
        return Finding(Outcome.NEEDS_REVIEW, (R.SAME_LEVEL_LOWER_MAXIMUM_UNSETTLED, c.reason))
    if c.now is Now.FELONY:
        return Finding(Outcome.NOT_ELIGIBLE, (c.reason, R.FELONY_STILL_AVAILABLE))
    return Finding(Outcome.NOT_ELIGIBLE, (c.reason, R.NO_LOWER_LEVEL))


# -- Putting scenarios together -----------------------------------------------------------------


class Key(NamedTuple):
    """Everything the decision for one conviction depends on, but the track (a tuple, so that
    decisions are cached cheaply)."""

    number: str
    letter: str | None
    ages: tuple[str, ...]
    periods: tuple[str, ...]
    levels: tuple[Level, ...] | None  # None: unknown, take the old law's possible levels
    substances: tuple[tuple[str, str], ...]
    plants: tuple[str, ...]
    sold: tuple[bool, ...]
    factors: Factors
    juvenile: bool


_DIM_FACT = {
    "age": Fact.DATE_OF_BIRTH,
    "period": Fact.OFFENSE_DATE,
    "level": Fact.LEVEL,
    "substance": Fact.CANNABIS_GRAMS,
    "plants": Fact.PLANT_COUNT,
    "sold": Fact.SOLD,
}

QUESTION_TEXT: dict[Fact, str] = {
    Fact.DATE_OF_BIRTH: N_("What is the person's date of birth? Age on the offense date matters."),
    Fact.OFFENSE_DATE: N_(
        "When did the offense happen? Only offenses before November 9, 2016 qualify."
    ),
    Fact.LEVEL: N_("Was the conviction a felony, a misdemeanor or an infraction?"),
    Fact.CANNABIS_GRAMS: N_(
        "How much cannabis was involved? Up to 28.5 grams (8 grams of concentrate) can mean"
        " a better result."
    ),
    Fact.CONCENTRATE_GRAMS: N_("How many grams of concentrated cannabis were involved?"),
    Fact.PLANT_COUNT: N_("How many plants were involved? Six or fewer can mean a better result."),
    Fact.SOLD: N_("Was the cannabis sold or meant for sale? If not, the result can be better."),
    Fact.SENTENCE_STATUS: N_("Is the sentence finished, or still being served?"),
    Fact.CODE_SECTION: N_("What code section is written on the record?"),
}


# The decisions' memos are bounded (about 2.5 KB a decision, measured as RSS growth): 1,000,000
# synthetic rows need 14,866 and 9,250 of them, so these bounds keep a county's batch and a
# site worker within about 40 MB of memos whatever the input.
@lru_cache(maxsize=16384)
def decide(key: Key, track: Track) -> Result:
    """The result for a conviction described by ``key``, on ``track`` (cached)."""
    core = _decide_core(key)
    outcome, codes, contestable = core.outcome, core.codes, core.contestable
    shown_track = track if _shows_track(outcome, core.possible) else None
    if shown_track is not None:
        codes = (*codes, f"track_{shown_track.value}")
        if shown_track is Track.PETITION:
            contestable = (*contestable, R.CONTEST_PUBLIC_SAFETY)
    if key.juvenile:
        codes = (*codes, R.JUVENILE_COURT)
    return Result(
        outcome=outcome,
        track=shown_track,
        reasons=tuple(reason(c) for c in dict.fromkeys(codes)),
        questions=core.questions,
        possible_outcome=core.possible,
        contestable=tuple(reason(c) for c in dict.fromkeys(contestable)),
        section=None,
        form=("JV-744" if key.juvenile else "CR-400") if shown_track is not None else None,
    )


def _shows_track(outcome: Outcome, possible: Outcome | None) -> bool:
    """The track is given whenever relief is or may be available: on every result with relief,
    on every ``needs_review`` (a lawyer's review may end in relief), and on a result whose
    ``possible_outcome`` is relief. It is blank on ``not_eligible`` and ``not_applicable``."""
    return (
        outcome.has_relief
        or outcome is Outcome.NEEDS_REVIEW
        or (possible is not None and possible.has_relief)
    )


# The values _decide_core gives the dimensions a section does not read (see there).
_READS_SUBSTANCES = frozenset(("11357", "11360"))
_NO_SUBSTANCE = ((NONE, NONE),)
_PLANTS_UNREAD = (LE,)
_SOLD_UNREAD = (True,)


class _Core(NamedTuple):
    outcome: Outcome
    codes: tuple[str, ...]
    contestable: tuple[str, ...]
    questions: tuple[Question, ...]
    possible: Outcome | None


@lru_cache(maxsize=16384)
def _decide_core(key: Key) -> _Core:
    """Every scenario the unknown facts leave open; the outcome that holds in all of them."""
    number, letter = key.number, key.letter
    plants = key.plants if number == "11358" else _PLANTS_UNREAD
    sold = key.sold if number == "11360" else _SOLD_UNREAD
    substances = key.substances if number in _READS_SUBSTANCES else _NO_SUBSTANCE
    findings: list[tuple[dict[str, object], Finding]] = []
    for age, period, (flower, conc), p, s in itertools.product(
        key.ages, key.periods, substances, plants, sold
    ):
        levels = key.levels or default_levels(number, letter, period, flower, conc)
        for level in levels:
            sc = Scenario(age, period, level, flower, conc, p, s)
            dims = {
                "age": age,
                "period": period,
                "level": level,
                "substance": (flower, conc),
                "plants": p,
                "sold": s,
            }
            findings.append((dims, _scenario(number, letter, sc, key.factors)))
    worst = min(findings, key=lambda df: df[1].outcome.rank)[1]
    best = max(
        findings,
        key=lambda df: max(df[1].outcome.rank, df[1].possible.rank if df[1].possible else 0),
    )[1]
    best_outcome = max(
        (o for _, fd in findings for o in (fd.outcome, fd.possible) if o is not None),
        key=lambda o: o.rank,
    )
    questions = _questions(findings)
    possible = best_outcome if best_outcome.rank > worst.outcome.rank else None
    # The outcome is what holds whatever the unknown facts turn out to be; possible_outcome is
    # the better one they could open (README, batch contract).
    outcome, codes, contestable = worst.outcome, worst.reasons, worst.contestable
    if possible is not None and questions:
        codes = (*codes, R.DEPENDS_ON_UNKNOWN_FACT)
        if best.outcome.has_relief:
            contestable = (*contestable, *best.contestable)
    return _Core(outcome, codes, contestable, questions, possible)


def _questions(findings: list[tuple[dict[str, object], Finding]]) -> tuple[Question, ...]:
    out: list[Question] = []
    for dim, fact in _DIM_FACT.items():
        groups: dict[object, set[Outcome]] = {}
        for dims, fd in findings:
            groups.setdefault(dims[dim], set()).add(fd.outcome)
        if len(groups) > 1 and len({frozenset(v) for v in groups.values()}) > 1:
            best = max((o for v in groups.values() for o in v), key=lambda o: o.rank)
            if dim == "substance" and all(
                sub[0] == NONE for sub in groups if isinstance(sub, tuple)
            ):
                fact = Fact.CONCENTRATE_GRAMS
            out.append(Question(fact, QUESTION_TEXT[fact], best))
    return tuple(out)


# -- From facts to a key -----------------------------------------------------------------------


def _age_bracket(dob: date, day: date) -> str:
    years = day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    if years < law.ADULT_AGE.value:
        return U18
    return A18_20 if years < law.LAWFUL_USE_AGE.value else A21


def _period(day: date) -> str:
    if day >= law.AUMA_EFFECTIVE.day:
        return POST
    return PRE2011 if day < law.SB1449_EFFECTIVE.day else PRE_AUMA


def _periods(c: Conviction) -> tuple[str, ...]:
    if c.offense_date is not None:
        return (_period(c.offense_date),)
    if c.conviction_date is not None:  # the offense came before the conviction
        upto = _period(c.conviction_date)
        return PERIODS[: PERIODS.index(upto) + 1]
    return PERIODS


def _ages(person: Person, c: Conviction) -> tuple[str, ...]:
    dob = person.date_of_birth
    if dob is not None and c.offense_date is not None:
        return (_age_bracket(dob, c.offense_date),)
    if dob is not None and c.conviction_date is not None:
        upto = _age_bracket(dob, c.conviction_date)
        return AGES[: AGES.index(upto) + 1]
    if c.court is Court.JUVENILE:
        return (U18,)  # juvenile court hears offenses committed under 18 (W&I § 602)
    return AGES


def _flower_bucket(grams: float) -> str:
    if grams <= 0:
        return NONE
    return LE if grams <= law.FLOWER_GRAMS.value else GT


def _conc_bucket(grams: float) -> str:
    if grams <= 0:
        return NONE
    if grams <= law.CONCENTRATE_GRAMS_PROP64_11357.value:
        return LE4
    return LE8 if grams <= law.CONCENTRATE_GRAMS_LAWFUL.value else GT8


def _substances(
    c: Conviction, number: str, letter: str | None, pre: bool, level: Level | None = None
) -> tuple[tuple[str, str], ...]:
    fl, co = c.cannabis_grams, c.concentrate_grams
    if fl is not None or co is not None:
        # When only one amount is on the record, the other is taken as none.
        return ((_flower_bucket(fl or 0.0), _conc_bucket(co or 0.0)),)
    if number == "11357" and pre and letter is None and level is Level.INFRACTION:
        # Before Prop 64 the only infraction in § 11357 was old (b), not more than 28.5 g other
        # than concentrate (SB 1449, from 2011): the level says the amount
        # (shared/law/prop64.md § 2.6, the old (a)-(e) classifications).
        return ((LE, NONE),)
    if number == "11357" and pre:
        # Old letters (before 2016-11-09): (a) concentrate, (b) ≤ 28.5 g, (c) > 28.5 g.
        by_letter = {
            "a": ((NONE, LE4), (NONE, LE8), (NONE, GT8)),
            "b": ((LE, NONE),),
            "c": ((GT, NONE),),
        }
        return by_letter.get(letter or "", SUBSTANCES_ANY)
    if number == "11360" and letter == "b":
        return ((LE, NONE),)  # § 11360(b): not more than 28.5 g, other than concentrate
    return SUBSTANCES_ANY


def _plants(c: Conviction) -> tuple[str, ...]:
    if c.plant_count is None:
        return (LE, GT)
    return (LE,) if c.plant_count <= law.PLANTS.value else (GT,)


_SOLD: dict[bool | None, tuple[bool, ...]] = {True: (True,), False: (False,)}


def _track(status: SentenceStatus | None) -> Track:
    if status is SentenceStatus.SERVING:
        return Track.PETITION
    if status is SentenceStatus.COMPLETED:
        return Track.APPLICATION
    return Track.UNKNOWN


def make_record_entry(sec: Section, offense: date | None, conviction: date | None) -> RecordEntry:
    same, listed = _record_kind(sec)
    return RecordEntry(same, listed, offense, conviction, sec if listed else None)


def record_kind(sec: Section) -> tuple[str, bool, Section | None]:
    """What a row of ``sec`` is as part of a record, without its dates: a
    :class:`RecordEntry`'s ``same_section``, ``listed`` and ``section``. When the first two are
    empty, a row of it is never a prior the rules read (:func:`_factors`)."""
    same, listed = _record_kind(sec)
    return same, listed, sec if listed else None


# id of a section -> (the section, what it is as part of a record); the entry keeps the section
# alive, so its id cannot be reused. Sections come from cached readers: a few hundred distinct.
_KINDS: dict[int, tuple[Section, str, bool]] = {}


def _record_kind(sec: Section) -> tuple[str, bool]:
    """Whether a section can be a prior "of the same section" (its number) and whether it can
    be on a list of disqualifying priors."""
    hit = _KINDS.get(id(sec))
    if hit is not None and hit[0] is sec:
        return hit[1], hit[2]
    same = sec.number if sec.code == "HS" and sec.number in ("11358", "11359", "11360") else ""
    if same == "11360" and sec.subdivisions[:1] == ("b",):
        same = ""  # old § 11360(b) is not a conviction "under paragraph (2)" of § 11360(a)
    listed = priors.may_be_listed(sec)
    if len(_KINDS) > 100_000:
        _KINDS.clear()
    _KINDS[id(sec)] = (sec, same, listed)
    return same, listed


# -- Listed priors (PC §§ 667(e)(2)(C)(iv), 290(c); rules/priors.py) -----------------------------

# The lists as read "today": the text of the reference (shared/law/priors.md, read July 2026).
CURRENT_TEXT = date(2026, 7, 21)
_EARLIEST = date(1944, 7, 1)  # § 290(c)(1): "since July 1, 1944"
_D, _C, _U = priors.Status.DEFINITE, priors.Status.CONDITIONAL, priors.Status.UNSETTLED


class _Prior(NamedTuple):
    kind: str  # reason code: felony_listed_prior, listed_prior_*_unsettled, contest_…
    note: PriorNote
    lists: frozenset[priors.PriorList]  # the lists that name it on its face (for contradictions)


def _readings(c: Conviction) -> tuple[date, ...]:
    """The days whose text of the lists could govern: the cannabis offense date (or every day
    it could have been) and today (priors.md § 9 item 2)."""
    if c.offense_date is not None:
        return (c.offense_date, CURRENT_TEXT)
    hi = c.conviction_date or law.AUMA_EFFECTIVE.day
    return (_EARLIEST, hi, CURRENT_TEXT)


def _listing(sec: Section, days: tuple[date, ...]) -> tuple[tuple[priors.Entry, ...], ...]:
    """The entries of the lists that apply to ``sec`` on each day that matters: the text in
    force on each of ``days``, and every text in force between the first and the last."""
    changes = priors.change_days(sec.number)
    if not changes:
        return _listing_on(sec, (_EARLIEST,))
    lo, hi = days[0], max(days)
    # A listing only changes on a change day: each day stands for the period it falls in, so
    # the cache holds one entry per section and set of periods, not per offense date.
    starts = {max((c for c in changes if c <= d), default=_EARLIEST) for d in days}
    starts.update(c for c in changes if lo < c <= hi)
    return _listing_on(sec, tuple(sorted(starts)))


@lru_cache(maxsize=8192)
def _listing_on(sec: Section, days: tuple[date, ...]) -> tuple[tuple[priors.Entry, ...], ...]:
    return tuple(priors.entries_for(sec.number, sec.subdivisions, sec.attempt, day) for day in days)


def _is_prior(c: Conviction, e: RecordEntry) -> bool | str | None:
    """Whether another conviction is a *prior* conviction for this offense: True, False, None
    (unknown: a fact only the prosecutor would establish) or "unsettled" (its offense came
    before this offense but its conviction after: the law is open, priors.md § 1.4)."""
    offense = c.offense_date
    if offense is None:
        return None
    if e.conviction_date is not None:
        if e.conviction_date < offense:
            return True
        if c.conviction_date is not None and e.conviction_date >= c.conviction_date:
            return False  # convicted after this conviction: not a prior (People v. Smit)
        if e.offense_date is not None:
            return "unsettled" if e.offense_date < offense else False
        return None
    if e.offense_date is not None and e.offense_date >= offense:
        return False
    return None


def _listed_priors(person: Person, c: Conviction, record: Sequence[RecordEntry]) -> list[_Prior]:
    """What each listed conviction on the record does to this one (rules/priors.py)."""
    out: list[_Prior] = []
    answers = {
        priors.PriorList.SUPER_STRIKE: person.superstrike_prior,
        priors.PriorList.PC290C: person.pc290_prior,
    }
    days = _readings(c)
    for e in record:
        if not e.listed or e.section is None:
            continue
        prior = _is_prior(c, e)
        if prior is False:
            continue
        statuses: set[priors.Status | None] = set()
        named: set[priors.PriorList] = set()
        cites: dict[str, None] = {}
        condition: str | None = None
        for entries in _listing(e.section, days):
            effective: list[priors.Status] = []
            for entry in entries:
                status = entry.status
                if status is _C and answers[entry.list] is False:
                    continue  # the person's own answer settles the condition
                effective.append(status)
                cites.setdefault(entry.citation, None)
                if status is _D:
                    named.add(entry.list)
                elif status is _C and condition is None and entry.condition is not None:
                    condition = entry.condition.value
            statuses.add(next((s for s in (_D, _U, _C) if s in effective), None))
        if statuses == {None}:
            continue
        if statuses == {_D}:
            kind = {True: R.FELONY_LISTED_PRIOR, "unsettled": _AFTER_OFFENSE}.get(
                prior, R.CONTEST_LISTED_PRIOR_CONDITION
            )
        elif _D in statuses:
            kind = R.LISTED_PRIOR_VERSION_UNSETTLED
        elif _U in statuses:
            kind = R.LISTED_PRIOR_HEADING_UNSETTLED
        else:
            kind = R.CONTEST_LISTED_PRIOR_CONDITION
        if kind != R.FELONY_LISTED_PRIOR and prior is None:
            kind = R.CONTEST_LISTED_PRIOR_CONDITION  # its date is for the prosecutor to prove
        contest = kind == R.CONTEST_LISTED_PRIOR_CONDITION
        # Listed on its face (or open in the law), but not dated before the offense: it counts
        # only if it was entered before the offense, which the prosecutor would have to prove.
        undated = contest and prior is None and _C not in statuses
        note = PriorNote(
            kind,
            e.section.display,
            e.offense_date,
            e.conviction_date,
            tuple(cites),
            condition if contest and not undated else None,
            undated,
        )
        out.append(_Prior(kind, note, frozenset(named)))
    # In a fixed order, not the order of the person's rows in the file.
    out.sort(key=lambda p: _note_order(p.note))
    return out


def _note_order(n: PriorNote) -> tuple[date, date, str, str]:
    return (
        n.conviction_date or date.max,
        n.offense_date or date.max,
        n.section,
        n.condition or "",
    )


_AFTER_OFFENSE = R.LISTED_PRIOR_CONVICTED_AFTER_OFFENSE_UNSETTLED
_UNSETTLED_ORDER = (
    R.LISTED_PRIOR_VERSION_UNSETTLED,
    R.LISTED_PRIOR_HEADING_UNSETTLED,
    _AFTER_OFFENSE,
)


def _contradictions(person: Person, found: list[_Prior]) -> tuple[str, ...]:
    """A person's "no" that the record contradicts (a definite listing): flagged, not obeyed."""
    out: list[str] = []
    for p in found:
        if p.kind != R.FELONY_LISTED_PRIOR:
            continue
        for lst, answer, template in (
            (priors.PriorList.SUPER_STRIKE, person.superstrike_prior, _NO_SUPER_STRIKE),
            (priors.PriorList.PC290C, person.pc290_prior, _NO_290),
        ):
            if answer is False and lst in p.lists:
                cites = [c for c in p.note.citations if c.startswith(lst.value)]
                out.append(Note(template, prior=p.note.short, citation=", ".join(cites)))
    return tuple(out)


# superstrike_prior / pc290_prior answered "no" while the record shows a definite listing.
_NO_SUPER_STRIKE = N_(
    "The answer “no” about an earlier “super strike” conviction (superstrike_prior) contradicts"
    " the record: %(prior)s is listed on its face in %(citation)s. The record decides; check the"
    " answer."
)
_NO_290 = N_(
    "The answer “no” about an earlier conviction requiring sex-offender registration"
    " (pc290_prior) contradicts the record: %(prior)s is listed on its face in %(citation)s. The"
    " record decides; check the answer."
)


def _factors(
    person: Person, c: Conviction, number: str, record: Sequence[RecordEntry]
) -> tuple[Factors, list[_Prior]]:
    """The felony factors of the section, from the person's answers, the conviction's facts and
    the rest of the record (only the factors the section has: see _SECTION_FACTORS), and the
    listed priors behind them."""
    has_priors, minors, interstate, environmental = _SECTION_FACTORS[number]
    if not has_priors:
        return _NO_FACTORS, []
    flags = (person.superstrike_prior, person.pc290_prior)
    given = True if True in flags else (False if flags == (False, False) else None)
    same = undated = 0
    offense = c.offense_date
    listed = False
    for e in record:
        listed = listed or e.listed
        if e.same_section != number:
            continue
        # A prior is a conviction before this offense (prop64.md, review notes): by the other
        # row's conviction date, or, without one, ruled out by its later offense date.
        if offense is None:
            prior: bool | None = None
        elif e.conviction_date is not None:
            prior = e.conviction_date < offense
        elif e.offense_date is not None and e.offense_date >= offense:
            prior = False
        else:
            prior = None
        if prior:
            same += 1
        elif prior is None:
            undated += 1
    found = _listed_priors(person, c, record) if listed else []
    definite = contestable = False
    unsettled: str | None = None
    if found:
        kinds = {p.kind for p in found}
        definite = R.FELONY_LISTED_PRIOR in kinds
        contestable = R.CONTEST_LISTED_PRIOR_CONDITION in kinds
        unsettled = next((k for k in _UNSETTLED_ORDER if k in kinds), None)
    cap = law.PRIORS_THAT_KEEP_A_FELONY  # two or more all read the same
    return Factors(
        super_strike_or_290=given,
        listed_definite=definite,
        listed_unsettled=unsettled,
        listed_contestable=contestable,
        priors_same_section=min(same, cap),
        undated_same_section=min(undated, cap),
        minor=c.minor_involved if minors else None,
        interstate=c.interstate if interstate else None,
        environmental=c.environmental_violation if environmental else None,
    ), found


_NO_FACTORS = Factors()


def _input_errors(person: Person, c: Conviction) -> tuple[str, ...]:
    errors = list(c.input_errors)
    offense = c.offense_date
    if offense is not None:
        if person.date_of_birth is not None and person.date_of_birth > offense:
            errors.append(Note(N_("date of birth is after the offense date")))
        if c.conviction_date is not None and c.conviction_date < offense:
            errors.append(Note(N_("conviction date is before the offense date")))
    if c.cannabis_grams is not None and c.cannabis_grams < 0:
        errors.append(Note(N_("cannabis_grams is negative")))
    if c.concentrate_grams is not None and c.concentrate_grams < 0:
        errors.append(Note(N_("concentrate_grams is negative")))
    if c.plant_count is not None and c.plant_count < 0:
        errors.append(Note(N_("plant_count is negative")))
    return tuple(errors) if errors else ()


def _review(
    codes: tuple[str, ...],
    errors: tuple[str, ...],
    sec: Section | None,
    status: SentenceStatus | None = None,
) -> Result:
    track = _track(status)
    return Result(
        Outcome.NEEDS_REVIEW,
        track,
        tuple(reason(c) for c in (*codes, f"track_{track.value}")),
        section=sec.display if sec else None,
        errors=errors,
        parsed_section=sec,
    )


@lru_cache(maxsize=8192)
def _read_section(code_section: str) -> tuple[Section | None, Result | None]:
    """The section, and the result when it is not one that § 11361.8 covers (cached by text)."""
    sec = parse_section(code_section)
    if sec is None or sec.truncated or is_prop64_section(sec) or sec.number in ACT_NUMBERS:
        return sec, None
    return sec, _outside_prop64(sec)


def _outside_prop64(sec: Section) -> Result:
    listed = not_covered_listing(sec)
    if listed is not None:
        r = Reason(R.NOT_COVERED_SECTION, reason(R.NOT_COVERED_SECTION).message, listed.citation)
        return Result(Outcome.NOT_ELIGIBLE, None, (r,), section=sec.display, parsed_section=sec)
    return Result(
        Outcome.NOT_APPLICABLE,
        None,
        (reason(R.NOT_A_CANNABIS_SECTION),),
        section=sec.display,
        parsed_section=sec,
    )


def _unreadable(text: str) -> str:
    if "COMMENT" in text.upper():
        return Note(
            N_(
                "The code section says “%(written)s”: the record gives the charge in its"
                " comment. Copy the code section from the comment."
            ),
            written=text.strip(),
        )
    return Note(N_("unreadable code section: %(value)s"), value=repr(text))


def _act_section(sec: Section, c: Conviction, errors: tuple[str, ...]) -> Result:
    """§§ 11362.1-11362.4, added by Proposition 64 (registry: ``exists_from``)."""
    start = BY_NUMBER[sec.number].exists_from
    assert start is not None
    before = c.offense_date or c.conviction_date
    if before is not None and before < start:
        errors = (
            *errors,
            Note(
                N_(
                    "§ %(number)s did not exist before November 9, 2016 (Proposition 64 added"
                    " it), but this conviction is dated %(date)s. Check the code section and the"
                    " dates on the record."
                ),
                number=sec.number,
                date=before.strftime("%m/%d/%Y"),
            ),
        )
    if errors:
        return _review((R.BAD_INPUT,), errors, sec, c.sentence_status)
    return Result(
        Outcome.NOT_ELIGIBLE,
        None,
        (reason(R.ACT_SECTION),),
        section=sec.display,
        parsed_section=sec,
    )


def evaluate_one(
    person: Person, c: Conviction, record: Sequence[RecordEntry], *, with_section: bool = True
) -> Result:
    """The result for one conviction, given the rest of the person's record (not including it).

    With ``with_section=False`` the result's ``section`` and ``parsed_section`` are left empty
    (:func:`read_section` gives the latter), and results for the same facts are the same
    (cached) object: the batch command formats each distinct result once.
    """
    sec, outside = _read_section(c.code_section)
    errors = _input_errors(person, c)
    if sec is None:
        return _review(
            (R.UNREADABLE_SECTION,),
            (*errors, _unreadable(c.code_section)),
            None,
            c.sentence_status,
        )
    if sec.truncated:
        return _review(
            (R.UNREADABLE_SECTION,),
            (
                *errors,
                Note(
                    N_(
                        "The code section “%(written)s” is not a whole section number (it looks"
                        " cut off). Check it on the record."
                    ),
                    written=c.code_section.strip(),
                ),
            ),
            sec,
            c.sentence_status,
        )
    if outside is not None:
        return replace(outside, errors=errors) if errors else outside
    notes: tuple[str, ...] = (sec.note,) if sec.note else ()
    if sec.number in ACT_NUMBERS:
        result = _act_section(sec, c, errors)
        return replace(result, errors=(*notes, *result.errors)) if notes else result
    if errors:
        return _review((R.BAD_INPUT,), (*notes, *errors), sec, c.sentence_status)
    letter = sec.subdivisions[0] if sec.subdivisions else None
    periods = _periods(c)
    level = c.level or sec.level_hint
    factors, found = _factors(person, c, sec.number, record)
    number = sec.number
    # Canonical key (only what the decision reads: see _key), so equal cases share one cached
    # decision; the engine's own property test (tests/rules/test_canonical_key.py) checks it.
    if periods == _POST_ONLY:
        # An offense after the Act: every scenario is "offense after Prop 64" whatever the
        # age, level, amounts or factors (_scenario), so one key per section and court.
        key = Key(number, letter, _POST_AGES, periods, None, _NO_SUBSTANCE, _PLANTS_UNREAD,
                  _SOLD_UNREAD, _NO_FACTORS, c.court is Court.JUVENILE)  # fmt: skip
    else:
        key = _key(person, c, number, letter, periods, level, factors)
    result = decide(key, _track(c.sentence_status))
    if found:
        shown = set(result.reason_codes) | {r.code for r in result.contestable}
        kept = tuple(p.note for p in found if p.kind in shown)
        notes = (*notes, *_contradictions(person, found))
        if kept:
            result = replace(result, priors=kept)
    if notes:
        result = replace(result, errors=notes)
    if with_section:
        return replace(result, section=sec.display, parsed_section=sec)
    return result


def _key(
    person: Person,
    c: Conviction,
    number: str,
    letter: str | None,
    periods: tuple[str, ...],
    level: Level | None,
    factors: Factors,
) -> Key:
    """The canonical key of a conviction whose offense may predate the Act."""
    # The dimensions a section never reads are given the one value that _decide_core itself
    # puts there (plants only for § 11358, sold only for § 11360, amounts only for §§ 11357
    # and 11360), so equal cases share one cached decision.
    return Key(
        number=number,
        letter=letter,
        ages=_ages(person, c),
        periods=periods,
        levels=(level,) if level else None,
        substances=_substances(c, number, letter, pre=periods != (POST,), level=level)
        if number in _READS_SUBSTANCES
        else _NO_SUBSTANCE,
        plants=_plants(c) if number == "11358" else _PLANTS_UNREAD,
        # Old § 11360(b) covers giving away and transporting, never selling.
        sold=((False,) if letter == "b" else _SOLD.get(c.sold, (False, True)))
        if number == "11360"
        else _SOLD_UNREAD,
        factors=factors,
        juvenile=c.court is Court.JUVENILE,
    )


_POST_ONLY = (POST,)
_POST_AGES = (A21,)


def read_section(code_section: str) -> Section | None:
    """The section as the rules read it (cached by text): for a result made with
    ``with_section=False``, which leaves ``parsed_section`` empty to stay a shared object."""
    return _read_section(code_section)[0]


@lru_cache(maxsize=8192)
def prior_relevant_section(code_section: str) -> Section | None:
    """The parsed section when a row of it can matter as a prior, else None."""
    sec = parse_section(code_section)
    if sec is None:
        return None
    if is_prop64_section(sec) or priors.may_be_listed(sec):
        return sec
    return None


def record_entry(c: Conviction) -> RecordEntry | None:
    """The row as part of a record, or None when it can never be a prior that matters."""
    sec = prior_relevant_section(c.code_section)
    return make_record_entry(sec, c.offense_date, c.conviction_date) if sec is not None else None


def evaluate(person: Person, convictions: Sequence[Conviction]) -> list[Result]:
    """One result per conviction, in the same order. The person's other rows are their record:
    earlier convictions count as priors whatever the order of the rows."""
    entries = [record_entry(c) for c in convictions]
    results = []
    for i, c in enumerate(convictions):
        record = [e for j, e in enumerate(entries) if j != i and e is not None]
        results.append(evaluate_one(person, c, record))
    return results
