"""The law's numbers and dates, as cited data.

Each value carries the provision it comes from. The reference for all of them is
``shared/law/prop64.md`` (sections 1-3); the links there are the sources read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Threshold:
    value: float
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Milestone:
    day: date
    citation: str
    note: str = ""


# -- Dates -------------------------------------------------------------------------------------

# Proposition 64 (AUMA) was approved on 8 November 2016 and took effect the next day. § 11361.8(a)
# and (e) ask what the act would have made of the conduct "had that act been in effect at the
# time of the offense": an offense on or after this day was already judged under the new law.
AUMA_EFFECTIVE = Milestone(
    date(2016, 11, 9),
    "HSC § 11361.8(a), (e)",
    "Proposition 64 took effect on November 9, 2016.",
)

# SB 1449 (Stats. 2010) made possession of not more than 28.5 g (old § 11357(b)) an infraction
# from 1 January 2011; before, it was a misdemeanor punishable by fine only.
SB1449_EFFECTIVE = Milestone(
    date(2011, 1, 1),
    "HSC § 11357(b) (as amended by SB 1449, Stats. 2010)",
    "Possession of 28.5 g or less became an infraction.",
)

# Proposition 47 took effect on 5 November 2014 and made old § 11357(a) (concentrated cannabis)
# a straight misdemeanor (shared/law/prop64.md § 2.6; the exception for certain priors is
# UNCONFIRMED there, so the engine uses this date only to list the possible levels).
PROP47_EFFECTIVE = Milestone(
    date(2014, 11, 5),
    "Penal Code § 1170.18; HSC § 11357(a) (as amended by Proposition 47)",
)

# -- Ages --------------------------------------------------------------------------------------

# A person attains an age on the birthday itself (Johnson v. Superior Court (1989)
# 208 Cal.App.3d 1093; Fam. Code § 6500).
ADULT_AGE = Threshold(18, "HSC §§ 11357(a)(1), 11358(a), 11359(a), 11360(a)(1)")
LAWFUL_USE_AGE = Threshold(21, "HSC § 11362.1(a)")

# -- Quantities --------------------------------------------------------------------------------

FLOWER_GRAMS = Threshold(
    28.5,
    "HSC § 11362.1(a)(1); HSC § 11357(a)",
    "Not more than 28.5 grams of cannabis other than concentrated cannabis.",
)
CONCENTRATE_GRAMS_LAWFUL = Threshold(
    8,
    "HSC § 11362.1(a)(2)",
    "Not more than eight grams of concentrated cannabis (lawful for persons 21 or older).",
)
# Prop 64's original § 11357 used four grams where § 11362.1 used eight; SB 94 (2017) later
# aligned § 11357 on eight. Which applies to a § 11361.8 case of a person aged 18-20 with
# 4-8 g is unsettled (shared/law/prop64.md, review notes, "The 4 g / 8 g concentrate conflict").
CONCENTRATE_GRAMS_PROP64_11357 = Threshold(
    4,
    "HSC § 11357(b) (as enacted by Proposition 64)",
    "Prop 64's original possession threshold for concentrated cannabis.",
)
INTERSTATE_FLOWER_GRAMS = Threshold(28.5, "HSC § 11360(a)(3)(D)")
INTERSTATE_CONCENTRATE_GRAMS = Threshold(4, "HSC § 11360(a)(3)(D)")
PLANTS = Threshold(
    6,
    "HSC § 11362.1(a)(3); HSC § 11358(b), (c)",
    "Not more than six living plants.",
)

# "Two or more prior convictions" of §§ 11358(d)(2), 11359(c)(2), 11360(a)(3)(B).
PRIORS_THAT_KEEP_A_FELONY = 2
