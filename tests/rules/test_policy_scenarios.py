"""gogen's own test cases (``source/data/configurable_eligibility_flow_test.go``) as named
scenarios: the county policy of ``rules.policy`` must decide them as gogen did.

Every scenario is gogen's: a person born 1978-04-10, convictions in county ``ARBITRARY`` (or
another one), the options, and gogen's expected determination and reason for each conviction it
decides (``None``: the policy does not touch that conviction). gogen computed them at 2020-07-01.
One difference of set-up, not of rule: some of gogen's cases give two convictions the same
``CNT_ORDER`` (which its reader would merge); here each conviction is its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from rules.policy import NOTHING, PROP64_TEXT, PersonFacts, choose, from_gogen, touches

COUNTY = "ARBITRARY"
BORN = date(1978, 4, 10)
AT = date(2020, 7, 1)


def years_before(n: int) -> date:
    return AT.replace(year=AT.year - n)


@dataclass(frozen=True)
class C:
    """One conviction: section as the extract writes it, felony or not, date, county."""

    section: str
    felony: bool
    day: date
    county: str = COUNTY


@dataclass(frozen=True)
class Scenario:
    name: str
    options: dict[str, object]
    convictions: tuple[C, ...]
    expected: tuple[str | None, ...]  # "dismiss: reason" / "reduce: reason" / None
    deceased: bool = False
    dob: date | None = field(default=BORN)


BASE = {"baselineEligibility": {"dismiss": ["11357", "11358", "11359"], "reduce": ["11360"]}}
D57 = {"baselineEligibility": {"dismiss": ["11357"], "reduce": ["11358", "11359", "11360"]}}


def with_extra(**extra: object) -> dict[str, object]:
    return {**D57, "additionalRelief": extra}


SCENARIOS = (
    Scenario(
        "only the county's Prop 64 convictions are decided (not 187 PC, not another county)",
        BASE,
        (
            C("11357 HS", False, date(1999, 5, 4)),
            C("11358 PC", True, date(2009, 5, 4)),
            C("187 PC", True, date(2001, 5, 4)),
            C("11360 HS", True, date(2011, 5, 12), "OTHER COUNTY"),
        ),
        (
            "dismiss: Misdemeanor or Infraction",
            "dismiss: Dismiss all HS 11358 convictions",
            None,
            None,
        ),
    ),
    Scenario(
        "dismissing and reducing by code section; misdemeanors always dismissed",
        BASE,
        (
            C("11357(A) HS", False, date(1999, 5, 4)),
            C("11357(D) HS", True, date(1999, 5, 4)),
            C("11358 HS", True, date(2009, 5, 4)),
            C("11359 HS", False, date(2001, 5, 4)),
            C("11360 HS", True, date(2011, 5, 12)),
            C("11360 PC", True, date(2009, 12, 5), "OTHER COUNTY"),
        ),
        (
            "dismiss: Misdemeanor or Infraction",
            "dismiss: Dismiss all HS 11357 convictions",
            "dismiss: Dismiss all HS 11358 convictions",
            "dismiss: Misdemeanor or Infraction",
            "reduce: Reduce all HS 11360 convictions",
            None,
        ),
    ),
    Scenario(
        "an attempt (664) and missing or wrong code letters still match the section",
        BASE,
        (
            C("66411357(A) HS", True, date(1999, 5, 4)),
            C("11357(A)", True, date(1999, 5, 4)),
            C("11357(A)PC", True, date(1999, 5, 4)),
        ),
        ("dismiss: Dismiss all HS 11357 convictions",) * 3,
    ),
    Scenario(
        "an empty dismiss list: every felony reduced, the misdemeanor dismissed",
        {"baselineEligibility": {"dismiss": [], "reduce": ["11357", "11358", "11359", "11360"]}},
        (
            C("11357(A) HS", True, date(1999, 5, 4)),
            C("11357(D) HS", False, date(1999, 5, 4)),
            C("11358 HS", True, date(2009, 5, 4)),
            C("11359 HS", True, date(2001, 5, 4)),
            C("11360 HS", True, date(2011, 5, 12)),
            C("11360 PC", True, date(2009, 12, 5), "OTHER COUNTY"),
        ),
        (
            "reduce: Reduce all HS 11357 convictions",
            "dismiss: Misdemeanor or Infraction",
            "reduce: Reduce all HS 11358 convictions",
            "reduce: Reduce all HS 11359 convictions",
            "reduce: Reduce all HS 11360 convictions",
            None,
        ),
    ),
    Scenario(
        "under 21 at conviction, option set: the conviction at 16 is dismissed",
        with_extra(subjectUnder21AtConviction=True),
        (
            C("11357(A) HS", True, date(2008, 5, 4)),
            C("11359 HS", True, date(1994, 4, 10)),
            C("11360 HS", True, date(2009, 5, 4)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "dismiss: 21 years or younger",
            "reduce: Reduce all HS 11360 convictions",
        ),
    ),
    Scenario(
        "under 21 at conviction, option not set: reduced as its section says",
        with_extra(subjectUnder21AtConviction=False),
        (
            C("11357(A) HS", True, date(2008, 5, 4)),
            C("11359 HS", True, date(1994, 4, 10)),
            C("11360 HS", True, date(2009, 5, 4)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "reduce: Reduce all HS 11359 convictions",
            "reduce: Reduce all HS 11360 convictions",
        ),
    ),
    Scenario(
        "13 years since conviction, option 13: the 14-year-old conviction is dismissed",
        with_extra(yearsSinceConvictionThreshold=13),
        (C("11357(A) HS", True, years_before(12)), C("11359 HS", True, years_before(14))),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "dismiss: Conviction occurred 13 or more years ago",
        ),
    ),
    Scenario(
        "13 years since conviction, option 13: a 12-year-old conviction is only reduced",
        with_extra(yearsSinceConvictionThreshold=13),
        (C("11357(A) HS", True, years_before(12)), C("11359 HS", True, years_before(12))),
        ("dismiss: Dismiss all HS 11357 convictions", "reduce: Reduce all HS 11359 convictions"),
    ),
    Scenario(
        "years since conviction not set: an old conviction is not dismissed for its age",
        D57,
        (C("11357(A) HS", True, years_before(14)), C("11359 HS", True, years_before(16))),
        ("dismiss: Dismiss all HS 11357 convictions", "reduce: Reduce all HS 11359 convictions"),
    ),
    Scenario(
        "crime-free 6 years, the last conviction 7 years ago: dismissed",
        with_extra(yearsCrimeFreeThreshold=6),
        (
            C("11357(A) HS", True, years_before(10)),
            C("11359 HS", True, years_before(10)),
            C("1234 HS", True, years_before(7)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "dismiss: No convictions in the past 6 years",
            None,
        ),
    ),
    Scenario(
        "crime-free 6 years, a conviction 5 years ago: only reduced",
        with_extra(yearsCrimeFreeThreshold=6),
        (
            C("11357(A) HS", True, years_before(5)),
            C("11359 HS", True, years_before(5)),
            C("1234 HS", True, years_before(5)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "reduce: Reduce all HS 11359 convictions",
            None,
        ),
    ),
    Scenario(
        "crime-free not set: the age of the last conviction does not matter",
        D57,
        (
            C("11357(A) HS", True, years_before(10)),
            C("11359 HS", True, years_before(10)),
            C("1234 HS", True, years_before(3)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "reduce: Reduce all HS 11359 convictions",
            None,
        ),
    ),
    Scenario(
        "only Prop 64 convictions on the record: all dismissed",
        {
            "baselineEligibility": {"dismiss": ["11357"]},
            "additionalRelief": {"subjectHasOnlyProp64Charges": True},
        },
        (
            C("11357(A) HS", True, date(2008, 5, 4)),
            C("11359 HS", True, date(2008, 5, 4)),
            C("11360 HS", True, date(2009, 5, 4)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "dismiss: Only has 11357-60 charges",
            "dismiss: Only has 11357-60 charges",
        ),
    ),
    Scenario(
        "another conviction on the record: the only-Prop-64 option does not apply",
        with_extra(subjectHasOnlyProp64Charges=True),
        (
            C("11357(A) HS", True, date(2008, 5, 4)),
            C("11359 HS", True, date(2008, 5, 4)),
            C("11360 HS", True, date(2009, 5, 4)),
            C("5555 HS", True, date(2008, 5, 4)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "reduce: Reduce all HS 11359 convictions",
            "reduce: Reduce all HS 11360 convictions",
            None,
        ),
    ),
    Scenario(
        "the person is deceased, option set: all dismissed",
        with_extra(subjectIsDeceased=True),
        (
            C("11357(A) HS", True, date(2008, 5, 4)),
            C("11359 HS", True, date(2008, 5, 4)),
            C("11360 HS", True, date(2009, 5, 4)),
            C("57675 HS", True, date(2009, 5, 4)),
        ),
        (
            "dismiss: Dismiss all HS 11357 convictions",
            "dismiss: Individual is deceased",
            "dismiss: Individual is deceased",
            None,
        ),
        deceased=True,
    ),
    Scenario(
        "the person is deceased, option not set: reduced as the section says",
        {"baselineEligibility": {"dismiss": [], "reduce": ["11360"]}},
        (C("11360 HS", True, date(2009, 5, 4)),),
        ("reduce: Reduce all HS 11360 convictions",),
        deceased=True,
    ),
    Scenario(
        "57 or older on the computation date (born 1958): dismissed; unknown birth: not",
        with_extra(subjectAgeThreshold=57),
        (C("11359 HS", True, date(2008, 5, 4)),),
        ("dismiss: 57 years or older",),
        dob=date(1958, 1, 1),
    ),
    Scenario(
        "the age option never applies to a person whose date of birth is unknown",
        with_extra(subjectAgeThreshold=57),
        (C("11359 HS", True, date(2008, 5, 4)),),
        ("reduce: Reduce all HS 11359 convictions",),
        dob=None,
    ),
)


@pytest.mark.parametrize("s", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_gogen_scenario(s: Scenario) -> None:
    """This test ensures that the county policy decides gogen's own test case as gogen did."""
    policy = from_gogen(s.options)
    dates = [c.day for c in s.convictions]
    who = PersonFacts(
        s.dob,
        len(s.convictions),
        sum(1 for c in s.convictions if PROP64_TEXT.search(c.section)),
        max(dates),
        s.deceased,
    )
    got: list[str | None] = []
    for c in s.convictions:
        if not touches(c.section, c.county, COUNTY):
            got.append(None)
            continue
        choice = choose(policy, c.section, c.felony, c.day, who, AT)
        assert choice is not NOTHING
        got.append(f"{choice.action}: {choice.label}")
    assert tuple(got) == s.expected


def test_gogen_refuses_thresholds_out_of_range() -> None:
    """This test ensures that the options gogen refuses (age outside 40-65, years outside 1-15)
    are refused here too."""
    from rules.policy import PolicyError

    for extra in (
        {"subjectAgeThreshold": 39},
        {"subjectAgeThreshold": 66},
        {"yearsSinceConvictionThreshold": 16},
        {"yearsCrimeFreeThreshold": -1},
    ):
        with pytest.raises(PolicyError):
            from_gogen({**D57, "additionalRelief": extra})
