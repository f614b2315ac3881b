"""A county's policy: what a district attorney's office chooses to do *above* the statute.

§ 11361.9 (AB 1793) had the DOJ list every conviction that "may be eligible", and let each
district attorney review them and challenge some (§ 11361.9(b)); what offices did with the rest
was a policy choice: dismiss or reduce by section, dismiss every misdemeanor, and extra
dismissals for people who are young, old, long crime-free, only ever convicted of cannabis
offenses, or deceased. Code for America's gogen made those choices options
(``eligibility_options.json``); this module reads the same options, or a TOML file that says the
same in words, and applies them exactly as gogen did
(``source/data/configurable_eligibility_flow.go``).

The statute's answer (``outcome``) is the floor: the policy can add relief (``policy_outcome``),
never take it away. Where an option would have given less than the statute (a felony the policy
reduces that the statute dismisses), the policy answer is raised to the statute's and the report
says so.

A policy file (TOML; every key optional, the defaults are "no extra relief")::

    name = "Sacramento County District Attorney, 2019"

    [baseline]
    dismiss = ["11357", "11358"]   # felonies of these sections are dismissed
    reduce = ["11359", "11360"]    # felonies of these sections are reduced to misdemeanors
    dismiss_misdemeanors = true     # misdemeanors and infractions of §§ 11357-11360 (gogen: always)

    [additional_relief]              # dismissals of felonies the baseline does not dismiss
    under_21_at_conviction = true   # the person was under 21 on the conviction date
    age_at_least = 57               # the person is this old on --as-of (0: off; else 40-65)
    years_since_conviction = 10     # the conviction is this many years old (0: off; else 1-15)
    years_crime_free = 0            # no conviction in this many years (0: off; else 1-15)
    only_cannabis_convictions = true  # every conviction on the record is of §§ 11357-11360
    deceased = true                 # the person is deceased

gogen's JSON (``{"baselineEligibility": {"dismiss": [...], "reduce": [...]},
"additionalRelief": {"subjectUnder21AtConviction": ..., "subjectAgeThreshold": ...,
"yearsSinceConvictionThreshold": ..., "yearsCrimeFreeThreshold": ...,
"subjectHasOnlyProp64Charges": ..., "subjectIsDeceased": ...}}``) is read as it is.

Which convictions a policy touches is gogen's rule too: convictions in the county whose section
text contains 11357, 11358, 11359 or 11360 (so ``66411357(A) HS``, an attempt, counts as 11357).
An unknown date of birth never satisfies an age option (gogen read it as year 1, "old").
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date

from rules.model import Outcome

SECTIONS = ("11357", "11358", "11359", "11360")
PROP64_TEXT = re.compile(r"(11357|11358|11359|11360)")

# gogen's labels, kept word for word: the summary's figures are keyed by them.
MISDEMEANOR = "Misdemeanor or Infraction"
UNDER_21 = "21 years or younger"
ONLY_CANNABIS = "Only has 11357-60 charges"
DECEASED = "Individual is deceased"


class PolicyError(Exception):
    """The policy file cannot be used (exit status 2)."""


@dataclass(frozen=True)
class Policy:
    name: str = "no county policy (the statute only)"
    dismiss: tuple[str, ...] = ()
    reduce: tuple[str, ...] = ()
    dismiss_misdemeanors: bool = True
    under_21_at_conviction: bool = False
    age_at_least: int = 0
    years_since_conviction: int = 0
    years_crime_free: int = 0
    only_cannabis_convictions: bool = False
    deceased: bool = False
    given: bool = False  # False: no --policy (the policy columns repeat the statute)
    source: str = ""

    def options(self) -> list[tuple[str, str]]:
        """The options in words, for the report."""
        out = [
            ("Felonies dismissed by section", ", ".join(self.dismiss) or "none"),
            ("Felonies reduced by section", ", ".join(self.reduce) or "none"),
            (
                "Misdemeanors and infractions dismissed",
                "yes" if self.dismiss_misdemeanors else "no",
            ),
        ]
        extra = [
            ("Under 21 at conviction", "yes" if self.under_21_at_conviction else "no"),
            ("Age at least", str(self.age_at_least) if self.age_at_least else "off"),
            (
                "Years since conviction",
                str(self.years_since_conviction) if self.years_since_conviction else "off",
            ),
            ("Years crime-free", str(self.years_crime_free) if self.years_crime_free else "off"),
            ("Only cannabis convictions", "yes" if self.only_cannabis_convictions else "no"),
            ("Deceased", "yes" if self.deceased else "no"),
        ]
        return out + [(f"Extra dismissal: {k}", v) for k, v in extra]


def _check(p: Policy) -> Policy:
    for s in (*p.dismiss, *p.reduce):
        if s not in SECTIONS:
            raise PolicyError(f"unknown section {s!r} (use 11357, 11358, 11359 or 11360)")
    if p.age_at_least and not 40 <= p.age_at_least <= 65:
        raise PolicyError("age_at_least should be between 40 and 65, or 0")
    for key in ("years_since_conviction", "years_crime_free"):
        v = getattr(p, key)
        if v and not 1 <= v <= 15:
            raise PolicyError(f"{key} should be between 1 and 15, or 0")
    return p


def _int(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(f"{key} should be a whole number")
    return value


def _bool(value: object, key: str) -> bool:
    if not isinstance(value, bool):
        raise PolicyError(f"{key} should be true or false")
    return value


def _sections(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PolicyError(f'{key} should be a list of sections, e.g. ["11357", "11358"]')
    return tuple(v.strip() for v in value)


def from_gogen(data: dict[str, object], source: str = "") -> Policy:
    """gogen's ``eligibility_options.json``, as it is."""
    base = data.get("baselineEligibility") or {}
    extra = data.get("additionalRelief") or {}
    if not isinstance(base, dict) or not isinstance(extra, dict):
        raise PolicyError("baselineEligibility and additionalRelief should be objects")
    return _check(
        Policy(
            name=f"gogen options ({source})" if source else "gogen options",
            dismiss=_sections(base.get("dismiss", []), "baselineEligibility.dismiss"),
            reduce=_sections(base.get("reduce", []), "baselineEligibility.reduce"),
            under_21_at_conviction=_bool(
                extra.get("subjectUnder21AtConviction", False), "subjectUnder21AtConviction"
            ),
            age_at_least=_int(extra.get("subjectAgeThreshold", 0), "subjectAgeThreshold"),
            years_since_conviction=_int(
                extra.get("yearsSinceConvictionThreshold", 0), "yearsSinceConvictionThreshold"
            ),
            years_crime_free=_int(
                extra.get("yearsCrimeFreeThreshold", 0), "yearsCrimeFreeThreshold"
            ),
            only_cannabis_convictions=_bool(
                extra.get("subjectHasOnlyProp64Charges", False), "subjectHasOnlyProp64Charges"
            ),
            deceased=_bool(extra.get("subjectIsDeceased", False), "subjectIsDeceased"),
            given=True,
            source=source,
        )
    )


_TOML_KEYS = {
    "baseline": {"dismiss", "reduce", "dismiss_misdemeanors"},
    "additional_relief": {
        "under_21_at_conviction",
        "age_at_least",
        "years_since_conviction",
        "years_crime_free",
        "only_cannabis_convictions",
        "deceased",
    },
}


def from_toml(data: dict[str, object], source: str = "") -> Policy:
    unknown = [k for k in data if k not in ("name", *_TOML_KEYS)]
    base = data.get("baseline", {})
    extra = data.get("additional_relief", {})
    if not isinstance(base, dict) or not isinstance(extra, dict):
        raise PolicyError("[baseline] and [additional_relief] should be tables")
    unknown += [f"baseline.{k}" for k in base if k not in _TOML_KEYS["baseline"]]
    unknown += [f"additional_relief.{k}" for k in extra if k not in _TOML_KEYS["additional_relief"]]
    if unknown:
        raise PolicyError("unknown setting(s): " + ", ".join(unknown))
    name = data.get("name", source or "county policy")
    if not isinstance(name, str):
        raise PolicyError("name should be text")
    return _check(
        Policy(
            name=name,
            dismiss=_sections(base.get("dismiss", []), "baseline.dismiss"),
            reduce=_sections(base.get("reduce", []), "baseline.reduce"),
            dismiss_misdemeanors=_bool(
                base.get("dismiss_misdemeanors", True), "baseline.dismiss_misdemeanors"
            ),
            under_21_at_conviction=_bool(
                extra.get("under_21_at_conviction", False), "under_21_at_conviction"
            ),
            age_at_least=_int(extra.get("age_at_least", 0), "age_at_least"),
            years_since_conviction=_int(
                extra.get("years_since_conviction", 0), "years_since_conviction"
            ),
            years_crime_free=_int(extra.get("years_crime_free", 0), "years_crime_free"),
            only_cannabis_convictions=_bool(
                extra.get("only_cannabis_convictions", False), "only_cannabis_convictions"
            ),
            deceased=_bool(extra.get("deceased", False), "deceased"),
            given=True,
            source=source,
        )
    )


def load_policy(path: str) -> Policy:
    """A policy from a ``.toml`` file, or from gogen's ``.json`` options file."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except FileNotFoundError:
        raise PolicyError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise PolicyError(f"{path}: is a directory") from None
    name = path.rsplit("/", 1)[-1]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PolicyError(f"{path}: not a UTF-8 text file") from None
    if path.lower().endswith(".json") or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise PolicyError(f"{path}: not valid JSON: {e}") from None
        if not isinstance(data, dict):
            raise PolicyError(f"{path}: expected gogen's options object")
        return from_gogen(data, name)
    try:
        return from_toml(tomllib.loads(text), name)
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"{path}: not valid TOML: {e}") from None


# -- Applying a policy ----------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFacts:
    """What the options read about the person (their whole record, every county)."""

    dob: date | None
    convictions: int
    prop64_convictions: int  # convictions whose section text contains 11357-11360
    most_recent: date | None
    deceased: bool


@dataclass(frozen=True)
class Choice:
    """What the policy alone gives one conviction: ``dismiss`` or ``reduce``, or nothing."""

    action: str  # "dismiss", "reduce" or "" (nothing)
    label: str  # gogen's wording of the reason


NOTHING = Choice("", "")
_CHOICES: dict[tuple[str, str], Choice] = {}


def _choice(action: str, label: str) -> Choice:
    key = (action, label)
    got = _CHOICES.get(key)
    if got is None:
        got = _CHOICES[key] = Choice(action, label)
    return got


def touches(section_text: str, county: str, policy_county: str | None) -> bool:
    """gogen's relevance rule: the county's conviction with 11357-11360 in its section."""
    in_county = policy_county is None or county.upper() == policy_county.upper()
    return in_county and PROP64_TEXT.search(section_text) is not None


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def choose(
    p: Policy,
    section_text: str,
    felony: bool,
    conviction_date: date | None,
    who: PersonFacts,
    as_of: date,
) -> Choice:
    """The policy's answer for one conviction it touches, in gogen's order (first match wins)."""
    if not felony:
        return _choice("dismiss", MISDEMEANOR) if p.dismiss_misdemeanors else NOTHING
    for s in p.dismiss:
        if s in section_text:
            return _choice("dismiss", f"Dismiss all HS {s} convictions")
    dob = who.dob
    if (
        p.under_21_at_conviction
        and dob is not None
        and conviction_date is not None
        and _add_years(dob, 21) > conviction_date
    ):
        return _choice("dismiss", UNDER_21)
    if p.age_at_least and dob is not None and _add_years(dob, p.age_at_least) <= as_of:
        return _choice("dismiss", f"{p.age_at_least} years or older")
    if (
        p.years_since_conviction
        and conviction_date is not None
        and conviction_date <= _years_before(as_of, p.years_since_conviction)
    ):
        return _choice(
            "dismiss", f"Conviction occurred {p.years_since_conviction} or more years ago"
        )
    if (
        p.years_crime_free
        and who.most_recent is not None
        and who.most_recent < _years_before(as_of, p.years_crime_free)
    ):
        return _choice("dismiss", f"No convictions in the past {p.years_crime_free} years")
    if p.only_cannabis_convictions and who.convictions == who.prop64_convictions:
        return _choice("dismiss", ONLY_CANNABIS)
    if p.deceased and who.deceased:
        return _choice("dismiss", DECEASED)
    for s in p.reduce:
        if s in section_text:
            return _choice("reduce", f"Reduce all HS {s} convictions")
    return NOTHING


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 1 March, as Go's AddDate normalises
        return date(day.year + years, 3, 1)


_ACTION_OUTCOME = {"dismiss": Outcome.DISMISS, "reduce": Outcome.REDUCE_TO_MISDEMEANOR}


@dataclass(frozen=True)
class PolicyAnswer:
    """The office's answer for one conviction: the policy's choice, never below the statute."""

    outcome: Outcome
    reasons: tuple[str, ...]
    choice: Choice
    raised_to_floor: bool = False  # the policy alone would have given less than the statute
    notes: tuple[str, ...] = field(default=())


_ANSWERS: dict[tuple[Outcome, Choice], PolicyAnswer] = {}


def answer(statute: Outcome, choice: Choice) -> PolicyAnswer:
    """The policy columns for a conviction with the statute's ``statute`` outcome (cached)."""
    key = (statute, choice)
    got = _ANSWERS.get(key)
    if got is not None:
        return got
    if not choice.action:
        got = PolicyAnswer(statute, (), choice)
    else:
        chosen = _ACTION_OUTCOME[choice.action]
        if statute.has_relief and statute.rank > chosen.rank:
            got = PolicyAnswer(
                statute,
                (choice.label, f"raised to the statute's {statute.value}"),
                choice,
                raised_to_floor=True,
            )
        else:
            got = PolicyAnswer(chosen, (choice.label,), choice)
    _ANSWERS[key] = got
    return got


GOGEN_DETERMINATION = {
    "dismiss": "Eligible for Dismissal",
    "reduce": "Eligible for Reduction",
    "": "",
}
