"""One registry of the offenses § 11361.8 covers, read by every layer.

For each section: its number, title, the leginfo page, the subdivisions the rules turn on (with
the law's words), the facts the engine reads for it (:class:`rules.model.Fact`), the felony
factors it has, the citation, and the CR-400 item-1 checkbox it maps to. The engine
(``rules/engine.py``) takes from here which facts to read and which factors a section has; the
web site asks exactly the conduct facts listed here (``webapp/forms.py``, checked by
``tests/webapp``); the packet checks the box named here (``forms/packet.py``).

The text quoted is from shared/law/prop64.md §§ 1-2 (its sources and status are in
``docs/law/rules.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rules.model import Fact


def leginfo(section: str) -> str:
    return (
        "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml"
        f"?lawCode=HSC&sectionNum={section}"
    )


@dataclass(frozen=True)
class Subdivision:
    label: str  # "(b)(2)"
    words: str  # the law's words (or their substance, when marked SOURCED in the reference)


@dataclass(frozen=True)
class Offense:
    number: str
    title: str  # for the docs and the code (not shown on the site)
    citation: str
    url: str
    subdivisions: tuple[Subdivision, ...]
    # Facts about the conduct that the engine reads for this section, beyond the ones read for
    # every section (date of birth, offense date, level, sentence status).
    facts: tuple[Fact, ...]
    # The felony factors of §§ 11358(d), 11359(c)-(d), 11360(a)(3) that the section has.
    priors: bool = False
    minors: bool = False
    interstate: bool = False
    environmental: bool = False
    cr400_field: str | None = None  # the CR-400 item 1 checkbox (forms/maps/*.toml fact name)
    eligible: bool = True  # covered by § 11361.8(e)'s "Sections 11357, 11358, 11359, and 11360"
    exists_from: date | None = None  # the day the section was added (None: before 1975)


# Facts read for every section, asked on the conviction page itself.
COMMON_FACTS: tuple[Fact, ...] = (
    Fact.DATE_OF_BIRTH,
    Fact.OFFENSE_DATE,
    Fact.LEVEL,
    Fact.SENTENCE_STATUS,
)

_AUMA = date(2016, 11, 9)

OFFENSES: tuple[Offense, ...] = (
    Offense(
        "11357",
        "Possession of cannabis",
        "HSC § 11357",
        leginfo("11357"),
        (
            Subdivision(
                "(a)",
                "possession of not more than 28.5 grams of cannabis, or not more than eight"
                " grams of concentrated cannabis, or both […] (1) Persons under 18 years of age"
                " are guilty of an infraction […] (2) Persons at least 18 years of age but less"
                " than 21 years of age are guilty of an infraction",
            ),
            Subdivision(
                "(b)",
                "possession of more than 28.5 grams of cannabis, or more than eight grams of"
                " concentrated cannabis […] (1) Persons under 18 […] infraction; (2) 18 or older:"
                " county jail up to six months and/or a fine up to $500 (SOURCED)",
            ),
            Subdivision("(c), (d)", "possession on the grounds of a K-12 school (UNCONFIRMED)"),
        ),
        (Fact.CANNABIS_GRAMS, Fact.CONCENTRATE_GRAMS),
        cr400_field="section_11357",
    ),
    Offense(
        "11358",
        "Cultivation of cannabis",
        "HSC § 11358",
        leginfo("11358"),
        (
            Subdivision("(a)", "persons under 18 […] punished as § 11357(b)(1) (SOURCED)"),
            Subdivision(
                "(b)",
                "Each person at least 18 years of age but less than 21 years of age who"
                " plants, cultivates, harvests, dries, or processes not more than six living"
                " cannabis plants shall be guilty of an infraction",
            ),
            Subdivision("(c)", "18 or older, more than six living plants: a misdemeanor (SOURCED)"),
            Subdivision(
                "(d)",
                "a felony for 18 or older with (1) a super-strike or PC § 290(c) prior, (2) two"
                " or more priors under (c), or (3) environmental violations (SOURCED)",
            ),
        ),
        (Fact.PLANT_COUNT, Fact.ENVIRONMENTAL_VIOLATION),
        priors=True,
        environmental=True,
        cr400_field="section_11358",
    ),
    Offense(
        "11359",
        "Possession of cannabis for sale",
        "HSC § 11359",
        leginfo("11359"),
        (
            Subdivision(
                "(b)",
                "Every person 18 years of age or over who possesses cannabis for sale shall be"
                " punished by imprisonment in a county jail for a period of not more than six"
                " months or by a fine of not more than five hundred dollars ($500), or by both",
            ),
            Subdivision(
                "(c)",
                "(1) one or more prior convictions for an offense specified in clause (iv) […]"
                " of Section 667 […] or […] subdivision (c) of Section 290 […]; (2) two or more"
                " prior convictions under subdivision (b); or (3) […] the knowing sale or"
                " attempted sale of cannabis to a person under the age of 18 years",
            ),
            Subdivision("(d)", "21 or older, hiring or using a person 20 or younger (SOURCED)"),
        ),
        (Fact.MINOR_INVOLVED,),
        priors=True,
        minors=True,
        cr400_field="section_11359",
    ),
    Offense(
        "11360",
        "Sale, transport, gift or import of cannabis",
        "HSC § 11360",
        leginfo("11360"),
        (
            Subdivision(
                "(a)(2)",
                "Persons 18 years of age or over shall be punished by imprisonment in a county"
                " jail for a period of not more than six months or by a fine of not more than"
                " five hundred dollars ($500), or by both",
            ),
            Subdivision(
                "(a)(3)",
                "(A) one or more prior convictions for an offense specified in clause (iv) […];"
                " (B) two or more prior convictions under paragraph (2); (C) the knowing sale"
                " […] to a person under the age of 18 years; or (D) import or transport for sale"
                " out of the state of more than 28.5 grams or four grams of concentrate"
                " (SOURCED)",
            ),
            Subdivision(
                "(b)",
                "every person who gives away, offers to give away, transports, offers to"
                " transport, or attempts to transport not more than 28.5 grams of cannabis,"
                " other than concentrated cannabis, is guilty of an infraction",
            ),
        ),
        (
            Fact.CANNABIS_GRAMS,
            Fact.CONCENTRATE_GRAMS,
            Fact.SOLD,
            Fact.MINOR_INVOLVED,
            Fact.INTERSTATE,
        ),
        priors=True,
        minors=True,
        interstate=True,
        cr400_field="section_11360",
    ),
    # §§ 11362.1-11362.4 were added by Proposition 64 (§ 11361.8(a) names them). A conviction
    # under one of them is for conduct on or after November 9, 2016, already judged under the
    # Act: nothing for § 11361.8 to change.
    *(
        Offense(
            number,
            title,
            f"HSC § {number}",
            leginfo(number),
            (),
            (),
            cr400_field="section_11362_1" if number == "11362.1" else None,
            eligible=False,
            exists_from=_AUMA,
        )
        for number, title in (
            ("11362.1", "Personal use of cannabis (adults 21 and older)"),
            ("11362.2", "Personal cultivation of cannabis: conditions"),
            ("11362.3", "Cannabis use where it stays unlawful (public places, schools)"),
            ("11362.4", "Penalties for cannabis use where it stays unlawful"),
        )
    ),
)

BY_NUMBER: dict[str, Offense] = {o.number: o for o in OFFENSES}
ELIGIBLE_NUMBERS: frozenset[str] = frozenset(o.number for o in OFFENSES if o.eligible)
ACT_NUMBERS: frozenset[str] = frozenset(o.number for o in OFFENSES if not o.eligible)
