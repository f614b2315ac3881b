"""Every reason the rules can give: a stable code, a plain-language message, and its citation.

The codes are part of the batch CSV contract (the ``reasons`` column): never rename one; add a
new code instead. The "How we decide" page is generated from this catalogue.
Citations use the subdivision letters confirmed in shared/law/prop64.md (§ 11361.8(a), (b),
(e), (f)); letters after (f) are UNCONFIRMED there and are not printed.
"""

from __future__ import annotations

from enum import StrEnum

from rules.model import N_, Reason


class ReasonCode(StrEnum):
    """Every reason code (a StrEnum: each member is its code, so it compares, hashes and prints
    as the code the CSV contract uses). Never rename a value; add a member instead."""

    LAWFUL_POSSESSION = "lawful_possession"
    LAWFUL_CULTIVATION = "lawful_cultivation"
    LAWFUL_GIFT = "lawful_gift"
    INFRACTION_UNDER_18 = "infraction_under_18"
    INFRACTION_POSSESSION_18_20 = "infraction_possession_18_20"
    INFRACTION_CULTIVATION_18_20 = "infraction_cultivation_18_20"
    INFRACTION_GIFT_18_20 = "infraction_gift_18_20"
    MISDEMEANOR_POSSESSION = "misdemeanor_possession"
    MISDEMEANOR_CULTIVATION = "misdemeanor_cultivation"
    MISDEMEANOR_POSSESSION_FOR_SALE = "misdemeanor_possession_for_sale"
    MISDEMEANOR_SALE_TRANSPORT = "misdemeanor_sale_transport"
    FELONY_PRIOR_SUPER_STRIKE = "felony_prior_super_strike"
    FELONY_LISTED_PRIOR = "felony_listed_prior"
    FELONY_MINOR_SALE = "felony_minor_sale"
    FELONY_INTERSTATE = "felony_interstate"
    FELONY_ENVIRONMENTAL = "felony_environmental"
    AT_MOST_MISDEMEANOR_4_TO_8_GRAMS = "at_most_misdemeanor_4_to_8_grams"
    ACT_SECTION = "act_section"
    OFFENSE_AFTER_PROP64 = "offense_after_prop64"
    NO_LOWER_LEVEL = "no_lower_level"
    FELONY_STILL_AVAILABLE = "felony_still_available"
    NOT_COVERED_SECTION = "not_covered_section"
    NOT_A_CANNABIS_SECTION = "not_a_cannabis_section"
    TWO_OR_MORE_PRIORS_UNSETTLED = "two_or_more_priors_unsettled"
    PRIOR_MAY_BE_SUPER_STRIKE = "prior_may_be_super_strike"
    LISTED_PRIOR_VERSION_UNSETTLED = "listed_prior_version_unsettled"
    LISTED_PRIOR_HEADING_UNSETTLED = "listed_prior_heading_unsettled"
    LISTED_PRIOR_CONVICTED_AFTER_OFFENSE_UNSETTLED = (
        "listed_prior_convicted_after_offense_unsettled"
    )
    CONCENTRATE_4_TO_8_GRAMS_UNSETTLED = "concentrate_4_to_8_grams_unsettled"
    SAME_LEVEL_LOWER_MAXIMUM_UNSETTLED = "same_level_lower_maximum_unsettled"
    SCHOOL_GROUNDS_UNSETTLED = "school_grounds_unsettled"
    MINOR_FACTOR_UNCLEAR_18_20 = "minor_factor_unclear_18_20"
    DEPENDS_ON_UNKNOWN_FACT = "depends_on_unknown_fact"
    UNREADABLE_SECTION = "unreadable_section"
    BAD_INPUT = "bad_input"
    TRACK_PETITION = "track_petition"
    TRACK_APPLICATION = "track_application"
    TRACK_UNKNOWN = "track_unknown"
    JUVENILE_COURT = "juvenile_court"
    CONTEST_SUPER_STRIKE_OR_290 = "contest_super_strike_or_290"
    CONTEST_LISTED_PRIOR_CONDITION = "contest_listed_prior_condition"
    CONTEST_PRIORS = "contest_priors"
    CONTEST_MINOR = "contest_minor"
    CONTEST_INTERSTATE = "contest_interstate"
    CONTEST_ENVIRONMENTAL = "contest_environmental"
    CONTEST_11362_2 = "contest_11362_2"
    CONTEST_RECIPIENT_AGE = "contest_recipient_age"
    CONTEST_PUBLIC_SAFETY = "contest_public_safety"


_PETITION = "HSC § 11361.8(a), (b)"
_APPLICATION = "HSC § 11361.8(e), (f)"

_CATALOGUE: tuple[Reason, ...] = (
    # -- Conduct that is now lawful: dismissal -------------------------------------------------
    Reason(
        "lawful_possession",
        N_(
            "For a person 21 or older, possessing, transporting or giving away without pay up"
            " to 28.5 grams of cannabis and up to 8 grams of concentrate is now lawful."
        ),
        "HSC § 11362.1(a)(1), (2)",
    ),
    Reason(
        "lawful_cultivation",
        N_("For a person 21 or older, growing six plants or fewer is now lawful."),
        "HSC § 11362.1(a)(3)",
    ),
    Reason(
        "lawful_gift",
        N_(
            "For a person 21 or older, giving away or transporting up to 28.5 grams of cannabis"
            " or 8 grams of concentrate without any payment is now lawful."
        ),
        "HSC § 11362.1(a)(1), (2)",
    ),
    # -- Conduct that is now an infraction ------------------------------------------------------
    Reason(
        "infraction_under_18",
        N_("For a person under 18, this conduct is now an infraction."),
        "HSC §§ 11357(a)(1), (b)(1), 11358(a), 11359(a), 11360(a)(1)",
    ),
    Reason(
        "infraction_possession_18_20",
        N_(
            "For a person aged 18 to 20, possessing up to 28.5 grams of cannabis is now an"
            " infraction."
        ),
        "HSC § 11357(a)(2)",
    ),
    Reason(
        "infraction_cultivation_18_20",
        N_("For a person aged 18 to 20, growing six plants or fewer is now an infraction."),
        "HSC § 11358(b)",
    ),
    Reason(
        "infraction_gift_18_20",
        N_(
            "For a person aged 18 to 20, giving away or transporting up to 28.5 grams of"
            " cannabis (not concentrate) is now an infraction."
        ),
        "HSC § 11360(b)",
    ),
    # -- Conduct that is now a misdemeanor ------------------------------------------------------
    Reason(
        "misdemeanor_possession",
        N_(
            "For a person 18 or older, possessing more than 28.5 grams of cannabis or more than"
            " 8 grams of concentrate is now a misdemeanor."
        ),
        "HSC § 11357(b)(2)",
    ),
    Reason(
        "misdemeanor_cultivation",
        N_("For a person 18 or older, growing more than six plants is now a misdemeanor."),
        "HSC § 11358(c)",
    ),
    Reason(
        "misdemeanor_possession_for_sale",
        N_("For a person 18 or older, possessing cannabis for sale is now a misdemeanor."),
        "HSC § 11359(b)",
    ),
    Reason(
        "misdemeanor_sale_transport",
        N_(
            "For a person 18 or older, selling, transporting for sale, giving away more than the"
            " lawful amount, or importing cannabis is now a misdemeanor."
        ),
        "HSC § 11360(a)(2)",
    ),
    # -- Factors that keep a felony ------------------------------------------------------------
    Reason(
        "felony_prior_super_strike",
        N_(
            "A prior conviction for a very serious offense (a “super strike”) or one requiring"
            " sex-offender registration means this offense can still be a felony."
        ),
        "HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC §§ 667(e)(2)(C)(iv), 290(c)",
    ),
    Reason(
        "felony_listed_prior",
        N_(
            "An earlier conviction on the record is, on its face, on the list of “super"
            " strikes” or of offenses requiring sex-offender registration (named below). It was"
            " entered before this offense, so this offense can still be a felony."
        ),
        "HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC §§ 667(e)(2)(C)(iv), 290(c)",
    ),
    Reason(
        "felony_minor_sale",
        N_(
            "Selling, offering or giving cannabis to a person under 18 (or, for 21 and older,"
            " using a person under 21 to sell) can still be a felony."
        ),
        "HSC §§ 11359(c)(3), (d), 11360(a)(3)(C)",
    ),
    Reason(
        "felony_interstate",
        N_(
            "Bringing more than 28.5 grams of cannabis or more than 4 grams of concentrate into"
            " California, or transporting it for sale out of the state, can still be a felony."
        ),
        "HSC § 11360(a)(3)(D)",
    ),
    Reason(
        "felony_environmental",
        N_(
            "Growing more than six plants together with certain environmental violations can"
            " still be a felony."
        ),
        "HSC § 11358(d)(3)",
    ),
    Reason(
        "at_most_misdemeanor_4_to_8_grams",
        N_(
            "Between 4 and 8 grams of concentrate at age 18 to 20 is at most a misdemeanor under"
            " either reading of the law (Proposition 64's text or the later SB 94), so the"
            " felony can be reduced to a misdemeanor. Whether it could be an infraction is not"
            " settled; a lawyer can look at that."
        ),
        "HSC § 11357 (Proposition 64 and SB 94 versions); HSC § 11361.8(a), (e)",
    ),
    # -- Not eligible -------------------------------------------------------------------------
    Reason(
        "act_section",
        N_(
            "This section was added by Proposition 64 itself (§§ 11362.1 to 11362.4), so a"
            " conviction under it was already judged under the new law. There is nothing for"
            " § 11361.8 to dismiss or reduce."
        ),
        "HSC § 11361.8(a), (e); HSC §§ 11362.1-11362.4",
    ),
    Reason(
        "offense_after_prop64",
        N_(
            "The offense happened on or after November 9, 2016, when Proposition 64 took effect,"
            " so it was already judged under the new law."
        ),
        "HSC § 11361.8(a), (e)",
    ),
    Reason(
        "no_lower_level",
        N_(
            "The conviction is already at the level the law gives this conduct today, so there"
            " is nothing to reduce."
        ),
        "HSC § 11361.8(a), (e)",
    ),
    Reason(
        "felony_still_available",
        N_("This conduct can still be a felony today, so the felony cannot be reduced."),
        "HSC § 11361.8(a), (e)",
    ),
    Reason(
        "not_covered_section",
        N_(
            "This section is related to cannabis but Proposition 64 did not change it, so it"
            " cannot be dismissed or reduced under § 11361.8."
        ),
        "HSC § 11361.8(e)",
    ),
    Reason(
        "not_a_cannabis_section",
        N_(
            "This is not one of the cannabis sections that Proposition 64 covers (§§ 11357 to"
            " 11360). It can still count as a prior conviction. Other relief, such as Penal"
            " Code § 1203.4, may be available."
        ),
        "HSC § 11361.8(e)",
    ),
    # -- Needs review -------------------------------------------------------------------------
    Reason(
        "two_or_more_priors_unsettled",
        N_(
            "The record shows two or more earlier convictions of the same section. Whether"
            " convictions from before Proposition 64 count as “two or more priors” is not"
            " settled; a lawyer should look at this."
        ),
        "HSC §§ 11358(d)(2), 11359(c)(2), 11360(a)(3)(B)",
    ),
    Reason(
        "prior_may_be_super_strike",
        N_(
            "An earlier conviction on the record may be a “super strike” or an offense requiring"
            " registration under PC § 290(c). A lawyer should check it: if it is, this offense"
            " can still be a felony."
        ),
        "HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC §§ 667(e)(2)(C)(iv), 290(c)",
    ),
    Reason(
        "listed_prior_version_unsettled",
        N_(
            "An earlier conviction on the record (named below) is on the list of offenses"
            " requiring registration in one version of the law but not in another. Which"
            " version applies is not settled; a lawyer should look at this."
        ),
        "HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC §§ 290(c), 290.023",
    ),
    Reason(
        "listed_prior_heading_unsettled",
        N_(
            "An earlier conviction on the record (named below) is in the range of homicide"
            " offenses of the “super strike” list, but the list also requires a serious or"
            " violent felony, and whether that applies here is not settled. A lawyer should"
            " look at this."
        ),
        "HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); PC § 667(e)(2)(C)(iv)",
    ),
    Reason(
        "listed_prior_convicted_after_offense_unsettled",
        N_(
            "An earlier offense on the record (named below) is on the list of “super strikes”"
            " or of offenses requiring registration, but its conviction came after this"
            " offense. Whether it counts as a “prior conviction” is not settled; a lawyer"
            " should look at this."
        ),
        "HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A); People v. Smit (2018)",
    ),
    Reason(
        "concentrate_4_to_8_grams_unsettled",
        N_(
            "Between 4 and 8 grams of concentrate at age 18 to 20: Proposition 64's text and"
            " the later amendment (SB 94) disagree on whether this is an infraction or a"
            " misdemeanor. A lawyer should look at this."
        ),
        "HSC § 11357 (Proposition 64 and SB 94 versions)",
    ),
    Reason(
        "same_level_lower_maximum_unsettled",
        N_(
            "Today's law puts this conduct at the same level but with a lower maximum"
            " punishment. Whether that counts as a “lesser offense” is not settled; a lawyer"
            " should look at this."
        ),
        "HSC § 11361.8(a), (e)",
    ),
    Reason(
        "school_grounds_unsettled",
        N_(
            "Possession on school grounds is treated differently, and the exact rule for old"
            " convictions is not confirmed. A lawyer should look at this."
        ),
        "HSC §§ 11357(c), (d), 11362.3",
    ),
    Reason(
        "minor_factor_unclear_18_20",
        N_(
            "For a person aged 18 to 20, selling to someone under 18 can still be a felony, but"
            " hiring someone under 21 cannot. A lawyer should check which one the record shows."
        ),
        "HSC § 11359(c)(3), (d)",
    ),
    Reason(
        "depends_on_unknown_fact",
        N_(
            "The answer depends on a fact we do not know yet. See the question below: with that"
            " fact, the result could be better."
        ),
        "HSC § 11361.8(a), (e)",
    ),
    Reason(
        "unreadable_section",
        N_("We could not read the code section. Check how it is written on the record."),
        "HSC § 11361.8(e)",
    ),
    Reason(
        "bad_input",
        N_("Some information about this conviction could not be read. See the errors."),
        "HSC § 11361.8(a), (e)",
    ),
    # -- Track and form -----------------------------------------------------------------------
    Reason(
        "track_petition",
        N_(
            "Still serving the sentence (in custody, or on probation, parole or supervision):"
            " file a petition to recall the sentence and resentence or dismiss."
        ),
        _PETITION,
    ),
    Reason(
        "track_application",
        N_(
            "Sentence completed: file an application to dismiss and seal, or to redesignate the"
            " conviction as a misdemeanor or infraction."
        ),
        _APPLICATION,
    ),
    Reason(
        "track_unknown",
        N_(
            "We do not know whether the sentence is finished. If it is, file an application;"
            " if not, file a petition."
        ),
        "HSC § 11361.8(a), (e)",
    ),
    Reason(
        "juvenile_court",
        N_(
            "The case was in juvenile court: the request uses form JV-744, not the adult"
            " petition CR-400."
        ),
        "HSC § 11361.8; Judicial Council form JV-744",
    ),
    # -- What the prosecutor could contest -----------------------------------------------------
    Reason(
        "contest_super_strike_or_290",
        N_(
            "The prosecutor could try to show a prior “super strike” or an offense requiring"
            " registration under PC § 290(c)."
        ),
        "HSC § 11361.8(b), (f); HSC §§ 11358(d)(1), 11359(c)(1), 11360(a)(3)(A)",
    ),
    Reason(
        "contest_listed_prior_condition",
        N_(
            "The prosecutor could try to show that an earlier conviction on the record (named"
            " below) is a “super strike” or requires registration. That depends on a fact the"
            " record does not show, so it counts in your favor until it is proved."
        ),
        "HSC § 11361.8(b), (f); PC §§ 667(e)(2)(C)(iv), 290(c)",
    ),
    Reason(
        "contest_priors",
        N_("The prosecutor could try to show two or more earlier convictions of the same offense."),
        "HSC § 11361.8(b), (f); HSC §§ 11358(d)(2), 11359(c)(2), 11360(a)(3)(B)",
    ),
    Reason(
        "contest_minor",
        N_("The prosecutor could try to show that a person under 18 (or under 21) was involved."),
        "HSC § 11361.8(b), (f); HSC §§ 11359(c)(3), (d), 11360(a)(3)(C)",
    ),
    Reason(
        "contest_interstate",
        N_(
            "The prosecutor could try to show that the cannabis was brought into California or"
            " taken out of it for sale."
        ),
        "HSC § 11361.8(b), (f); HSC § 11360(a)(3)(D)",
    ),
    Reason(
        "contest_environmental",
        N_("The prosecutor could try to show environmental violations connected to growing."),
        "HSC § 11361.8(b), (f); HSC § 11358(d)(3)",
    ),
    Reason(
        "contest_11362_2",
        N_(
            "The prosecutor could argue the plants were not in a locked space out of public view"
            " at a private residence; that would make it an infraction instead of lawful."
        ),
        "HSC § 11361.8(b), (f); HSC § 11362.2",
    ),
    Reason(
        "contest_recipient_age",
        N_(
            "The prosecutor could try to show the person who received the cannabis was under 21,"
            " or that there was payment."
        ),
        "HSC § 11361.8(b), (f); HSC § 11362.1(a)(1)",
    ),
    Reason(
        "contest_public_safety",
        N_(
            "On a petition (still serving), the court may refuse if it finds an unreasonable"
            " risk that the person will commit a new very serious felony."
        ),
        "HSC § 11361.8(b); PC § 1170.18(c)",
    ),
)

REASONS: dict[str, Reason] = {r.code: r for r in _CATALOGUE}
assert len(REASONS) == len(_CATALOGUE), "duplicate reason code"

assert {c.value for c in ReasonCode} == set(REASONS), "ReasonCode and the catalogue differ"


def reason(code: str) -> Reason:
    return REASONS[code]
