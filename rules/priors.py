"""The two lists of disqualifying priors, as the law's own data.

§§ 11358(d)(1), 11359(c)(1) and 11360(a)(3)(A) keep a felony available when the person "has one
or more prior convictions for an offense specified in clause (iv) of subparagraph (C) of
paragraph (2) of subdivision (e) of Section 667 of the Penal Code or for an offense requiring
registration pursuant to subdivision (c) of Section 290 of the Penal Code" (HSC § 11360(a)(3)(A),
VERBATIM in shared/law/priors.md § 1.1).

The lists, quoted in full with their versions in ``docs/law/priors.md`` (from shared/law/priors.md
§§ 2-4):

PC § 667(e)(2)(C)(iv), as amended by Stats. 2021, ch. 626 (AB 1171):
    (I) A "sexually violent offense" as defined in subdivision (b) of Section 6600 of the Welfare
    and Institutions Code. (II) Oral copulation with a child who is under 14 years of age and more
    than 10 years younger than the defendant as defined by Section 288a, sodomy […] as defined by
    Section 286, or sexual penetration […] as defined by Section 289. (III) A lewd or lascivious
    act involving a child under 14 years of age, in violation of Section 288. (IV) Any homicide
    offense, including any attempted homicide offense, defined in Sections 187 to 191.5,
    inclusive. (V) Solicitation to commit murder as defined in Section 653f. (VI) Assault with a
    machinegun on a peace officer or firefighter, as defined in paragraph (3) of subdivision (d)
    of Section 245. (VII) Possession of a weapon of mass destruction, as defined in paragraph (1)
    of subdivision (a) of Section 11418. (VIII) Any serious or violent felony offense punishable
    in California by life imprisonment or death.
    https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=667

PC § 290(c)(1), as amended by Stats. 2025, ch. 780 (SB 680), and its earlier versions:
    https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=290

Each :class:`Entry` says, for one section (or subdivision) as a record writes it, which list
names it, in which clause, whether the section on its face is listed (*definite*) or only under
a fact the record does not show (*conditional*, with that :class:`Condition`), and between which
dates that text was the law. The classification is shared/law/priors.md § 6 ("Engine" column).

How the engine reads an entry (``rules/engine.py``, ``_prior_factors``):

* a **definite** listing, of a conviction entered before the cannabis offense, keeps the felony;
* a **conditional** listing is a fact only the prosecutor would raise: presumed in the person's
  favour while unknown (§ 11361.8(b), (f)), named in ``contestable`` with its condition, and
  settled by the person's own answer (``superstrike_prior`` / ``pc290_prior``);
* an **unsettled** listing (the law itself is open, see ``Unsettled``) gives ``needs_review``.

Which version of a list governs is itself open (priors.md § 9 item 2: *People v. Smit* looks at the
time of the cannabis offense; PC § 290.023 applies the registration act "without regard to when
their crime(s) were committed"). The engine reads a listing both ways: at the cannabis offense
date and today. When the two readings differ between definite and not, the result is
``needs_review`` with reason ``listed_prior_version_unsettled``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

from rules.model import N_

if TYPE_CHECKING:
    from rules.sections import Section


class PriorList(StrEnum):
    SUPER_STRIKE = "PC § 667(e)(2)(C)(iv)"
    PC290C = "PC § 290(c)"


class Status(StrEnum):
    DEFINITE = "definite"
    CONDITIONAL = "conditional"
    UNSETTLED = "unsettled"  # the law itself is open for this listing: a lawyer decides


class Condition(StrEnum):
    """What a record section does not show but a conditional listing needs (priors.md § 11).
    The values are shown on the site ("Listed only if: …"), so they are marked for translation."""

    FORCE = N_("committed by force, violence, duress, menace, fear or threat to retaliate")
    INTENT_SEX_OFFENSE = N_("committed with intent to commit a listed sex offense")
    PERPETRATION_OF_SEX_OFFENSE = N_(
        "committed in the perpetration of rape or a listed sex offense"
    )
    NOT_MAYHEM = N_("an assault with intent to commit a listed sex offense, not mayhem")
    FORCE_AND_STATE_PRISON = N_("force or violence used, and sentenced to state prison")
    FELONY_DISPOSITION = N_("a felony conviction (not a misdemeanor)")
    LIFE_TERM = N_("punishable by life imprisonment or death as charged and proved")
    MACHINEGUN = N_("a machinegun used on a peace officer or firefighter")
    LEWD_CONDUCT = N_("the offense involved lewd or lascivious conduct")
    AGE_GAP_OR_OTHER_REGISTRABLE = N_(
        "more than 10 years older than the minor, or another conviction requiring registration"
    )
    SUBDIVISION = N_("the listed subdivision (the record does not say which subdivision)")
    CONVICTED_2025_WITH_PRIOR = N_(
        "convicted on or after January 1, 2025, with a prior § 647(l)(2)(A) conviction"
    )
    OFFENSE_ON_OR_AFTER_2026 = N_("the offense happened on or after January 1, 2026")


class Unsettled(StrEnum):
    """Why a listing is open in the law itself (priors.md § 9); the value is the reason code."""

    HEADING = "listed_prior_heading_unsettled"  # § 9 item 1: the "serious or violent" heading


_SS, _290 = PriorList.SUPER_STRIKE, PriorList.PC290C
D, C, U = Status.DEFINITE, Status.CONDITIONAL, Status.UNSETTLED

SOURCE_667 = (
    "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=667"
)
SOURCE_290 = (
    "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=PEN&sectionNum=290"
)
SOURCE_6600 = "https://leginfo.legislature.ca.gov/faces/codes_displaySection.xhtml?lawCode=WIC&sectionNum=6600"

# Dates on which a listing changed (priors.md § 4.3).
PROP35 = date(2012, 11, 7)  # § 236.1(b), (c) added to § 290(c) (Prop 35; the date is inferred)
SB145 = date(2021, 1, 1)  # age-gap exception of § 290(c)(3) for §§ 286(b), 287(b), 289(h), (i)
# § 290(c) came to read "Section 261" (every paragraph) instead of "paragraph (1), (2), (3), (4),
# or (6) of subdivision (a) of Section 261" between the 2013-18 text and the 2022 text; the
# amending act is UNCONFIRMED (priors.md § 4.3). Any date in that range gives the same readings
# for a cannabis offense, which is always before November 9, 2016.
WHOLE_261 = date(2022, 1, 1)
SB680 = date(2026, 1, 1)


@dataclass(frozen=True)
class Entry:
    """One line of a list: a section as a record writes it, and what the list makes of it."""

    list: PriorList
    number: str  # "187", "287" (former "288a" reads as "287"), "647.6"
    subdivisions: tuple[str, ...]  # a prefix the record's subdivisions start with; () = any
    clause: str  # "(IV)" of § 667(e)(2)(C)(iv), "(c)(1)" of § 290
    status: Status
    condition: Condition | Unsettled | None = None
    bare: bool = False  # only a record that names no subdivision
    since: date | None = None  # this text of the list is the law from this day
    until: date | None = None  # … until the day before this one
    attempts: bool = False  # "attempted" (PC § 664) convictions are listed too
    number_range: tuple[float, float] | None = None  # "Sections 187 to 191.5, inclusive"
    note: str = ""

    @property
    def citation(self) -> str:
        if self.list is _SS:
            return f"PC § 667(e)(2)(C)(iv){self.clause}"
        return f"PC § 290{self.clause}"

    @property
    def source(self) -> str:
        return SOURCE_667 if self.list is _SS else SOURCE_290

    def in_force(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day < self.until
        )

    def matches(self, number: str, subdivisions: tuple[str, ...], attempt: bool) -> bool:
        if attempt and not self.attempts:
            return False
        if self.number_range is not None:
            try:
                n = float(number)
            except ValueError:
                return False
            lo, hi = self.number_range
            if not lo <= n <= hi:
                return False
        elif number != self.number:
            return False
        if self.bare:
            return not subdivisions
        return subdivisions[: len(self.subdivisions)] == self.subdivisions


def _e(
    lst: PriorList,
    spec: str,
    clause: str,
    status: Status,
    condition: Condition | Unsettled | None = None,
    **kw: object,
) -> Entry:
    """``spec`` is "288", "288(b)(1)" or "288()" for the section with no subdivision."""
    bare = spec.endswith("()")
    spec = spec.removesuffix("()")
    number, _, rest = spec.partition("(")
    subs = tuple(p.strip("()") for p in f"({rest}".split(")(")) if rest else ()
    subs = tuple(s for s in subs if s)
    return Entry(lst, number, subs, clause, status, condition, bare=bare, **kw)  # type: ignore[arg-type]


# -- PC § 667(e)(2)(C)(iv) ----------------------------------------------------------------------
# Clause (I) reaches WIC § 6600(b): "a felony violation of Section 261, 262, 264.1, 269, 286, 287,
# 288, 288.5, or 289 of, or former Section 288a of, the Penal Code, or any felony violation of
# Section 207, 209, or 220 […] committed with the intent to commit a violation of Section 261,
# 262, 264.1, 286, 287, 288, or 289 of, or former Section 288a", each "when committed by force,
# violence, duress, menace, fear of immediate and unlawful bodily injury […], or threatening to
# retaliate" (VERBATIM, priors.md § 3.1). Only clause (IV) names attempts (priors.md § 7).
SUPER_STRIKES: tuple[Entry, ...] = (
    # (IV) "Any homicide offense, including any attempted homicide offense, defined in Sections
    # 187 to 191.5, inclusive." § 191.5 needs the clause's heading ("a prior serious or violent
    # felony conviction"), whose reach is open (priors.md § 9 item 1; § 6 rows 191.5).
    _e(_SS, "191.5(a)", "(IV)", U, Unsettled.HEADING, attempts=True),
    _e(_SS, "191.5()", "(IV)", U, Unsettled.HEADING, attempts=True),
    _e(_SS, "191.5(b)", "(IV)", C, Condition.FELONY_DISPOSITION, attempts=True),
    _e(_SS, "191.5", "(IV)", U, Unsettled.HEADING, attempts=True),
    _e(_SS, "187", "(IV)", D, attempts=True, number_range=(187, 191)),
    # (V) "Solicitation to commit murder as defined in Section 653f" — § 653f(b).
    _e(_SS, "653f(b)", "(V)", D),
    _e(_SS, "653f()", "(V)", C, Condition.SUBDIVISION),
    # (VI) "Assault with a machinegun on a peace officer or firefighter, as defined in paragraph
    # (3) of subdivision (d) of Section 245" — (d)(3) also covers assault weapons.
    _e(_SS, "245(d)(3)", "(VI)", C, Condition.MACHINEGUN),
    # (VII) "Possession of a weapon of mass destruction, as defined in paragraph (1) of
    # subdivision (a) of Section 11418."
    _e(_SS, "11418(a)(1)", "(VII)", D),
    _e(_SS, "11418()", "(VII)", C, Condition.SUBDIVISION),
    # (VIII) "Any serious or violent felony offense punishable in California by life imprisonment
    # or death": the sections whose base term is life (priors.md § 5, § 6).
    *(
        _e(_SS, spec, "(VIII)", D)
        for spec in (
            "205",
            "206",
            "206.1",
            "209",
            "209.5",
            "218",
            "219",
            "220(b)",
            "269",
            "288.7",
            "236.1(c)(2)",
        )
    ),
    # (III) "A lewd or lascivious act involving a child under 14 years of age, in violation of
    # Section 288." — § 288(a); (b)(1) is an (a) act by force.
    _e(_SS, "288(a)", "(III)", D),
    _e(_SS, "288(b)(1)", "(III)", D),
    _e(_SS, "288()", "(III)", C, Condition.FORCE),
    # (II) child under 14 and more than 10 years younger: §§ 286(c)(1), 288a/287(c)(1), 289(j).
    _e(_SS, "286(c)(1)", "(II)", D),
    _e(_SS, "287(c)(1)", "(II)", D),
    _e(_SS, "289(j)", "(II)", D),
    # (I) sexually violent offenses: definite where the subdivision itself requires force.
    *(
        _e(_SS, spec, "(I)", D)
        for spec in (
            "261(a)(2)",
            "261(a)(6)",
            "264.1",
            "286(c)(2)",
            "286(c)(3)",
            "286(d)",
            "287(c)(2)",
            "287(c)(3)",
            "287(d)",
            "289(a)(1)",
            "289(a)(2)",
        )
    ),
    *(
        _e(_SS, spec, "(I)", C, Condition.FORCE)
        for spec in ("261", "262", "286", "287", "288.5", "289")
    ),
    *(_e(_SS, spec, "(I)", C, Condition.INTENT_SEX_OFFENSE) for spec in ("207", "220")),
)

# -- PC § 290(c) --------------------------------------------------------------------------------
# "(c)(1) A person who […] has been or is hereafter convicted […] of a violation of Section 187
# committed in the perpetration, or an attempt to perpetrate, rape, or any act punishable under
# Section 286, 287, 288, or 289 or former Section 288a, Section 207 or 209 committed with intent
# to violate Section 261, […] 286, 287, 288, or 289 or former Section 288a, Section 220, except
# assault to commit mayhem, subdivision (b) or (c) of Section 236.1, Section 243.4, Section 261,
# paragraph (1) of subdivision (a) of former Section 262 involving the use of force or violence
# for which the person is sentenced to the state prison, Section 264.1, 266, or 266c, subdivision
# (b) of Section 266h, subdivision (b) of Section 266i, Section 266j, 267, 269, 285, 286, 287,
# 288, 288.3, 288.4, 288.5, 288.7, 289, or 311.1, or former Section 288a, subdivision (b), (c),
# or (d) of Section 311.2, Section 311.3, 311.4, 311.10, 311.11, or 647.6, former Section 647a,
# subdivision (c) of Section 653f, subdivision 1 or 2 of Section 314, any offense involving lewd
# or lascivious conduct under Section 272, or any felony violation of Section 288.2; […] or any
# person who […] has been or is hereafter convicted of the attempt or conspiracy to commit any of
# the offenses described in this subdivision." (VERBATIM, priors.md § 4.1; attempts: § 7.)
# "(c)(3) […] a person convicted of a violation of […] subdivision (b) of Section 286,
# subdivision (b) of Section 287, or subdivision (h) or (i) of Section 289 shall not be required
# to register if, at the time of the offense, the person is not more than 10 years older than the
# minor […] and the conviction is the only one requiring the person to register." (SB 145,
# from January 1, 2021.)
_AGE_GAP = Condition.AGE_GAP_OR_OTHER_REGISTRABLE


def _r(spec: str, status: Status, condition: Condition | None = None, **kw: object) -> Entry:
    return _e(_290, spec, kw.pop("clause", "(c)(1)"), status, condition, attempts=True, **kw)  # type: ignore[arg-type]


PC290C: tuple[Entry, ...] = (
    _r("187", C, Condition.PERPETRATION_OF_SEX_OFFENSE),
    _r("207", C, Condition.INTENT_SEX_OFFENSE),
    _r("209", C, Condition.INTENT_SEX_OFFENSE),
    _r("220(a)(2)", D),
    _r("220(b)", D),
    _r("220", C, Condition.NOT_MAYHEM),
    _r("236.1(b)", D, since=PROP35),
    _r("236.1(c)", D, since=PROP35),
    _r("236.1()", C, Condition.SUBDIVISION, since=PROP35),
    _r("243.4", D),
    # § 261: paragraphs (1)-(4) and (6) of subdivision (a) in the 2009 and 2013-18 texts; every
    # paragraph ("Section 261") in the current text.
    *(_r(f"261(a)({p})", D) for p in ("1", "2", "3", "4", "6")),
    _r("261", D, since=WHOLE_261),
    _r("262(a)(1)", C, Condition.FORCE_AND_STATE_PRISON),
    _r("262()", C, Condition.FORCE_AND_STATE_PRISON),
    *(_r(s, D) for s in ("264.1", "266", "266c", "266h(b)", "266i(b)", "266j", "267", "269")),
    *(_r(s, C, Condition.SUBDIVISION) for s in ("266h()", "266i()")),
    _r("272", C, Condition.LEWD_CONDUCT),
    _r("285", D),
    # §§ 286, 287 (former 288a), 289: every subdivision, but (b) of 286 and 287 and (h), (i) of
    # 289 (and a record naming no subdivision, which may be one of them) only until SB 145.
    *(
        entry
        for number, excepted in (("286", ("b",)), ("287", ("b",)), ("289", ("h", "i")))
        for entry in (
            *(_r(f"{number}({s})", D, until=SB145) for s in excepted),
            *(_r(f"{number}({s})", C, _AGE_GAP, since=SB145, clause="(c)(3)") for s in excepted),
            _r(f"{number}()", D, until=SB145),
            _r(f"{number}()", C, _AGE_GAP, since=SB145, clause="(c)(3)"),
            _r(number, D),
        )
    ),
    _r("288", D),
    _r("288.2", C, Condition.FELONY_DISPOSITION),
    *(_r(s, D) for s in ("288.3", "288.4", "288.5", "288.7", "311.1", "311.3", "311.4")),
    *(_r(s, D) for s in ("311.2(b)", "311.2(c)", "311.2(d)", "311.10", "311.11")),
    *(_r(s, D) for s in ("314(1)", "314(2)", "647.6", "653f(c)")),
    _r("314()", C, Condition.SUBDIVISION),
    _r("653f()", C, Condition.SUBDIVISION),
    _r("647(l)(2)", C, Condition.CONVICTED_2025_WITH_PRIOR, clause="(c)(2)"),
    _r("261.5(c)", C, Condition.OFFENSE_ON_OR_AFTER_2026, since=SB680),
    _r("261.5(d)", C, Condition.OFFENSE_ON_OR_AFTER_2026, since=SB680),
)

LISTS: dict[PriorList, tuple[Entry, ...]] = {_SS: SUPER_STRIKES, _290: PC290C}

# Renumbered sections read as their current numbers (priors.md § 8): former § 288a is § 287
# (Stats. 2018, ch. 423, § 49), former § 647a is § 647.6 (Stats. 1987, ch. 1394).
RENUMBERED: dict[str, str] = {"288a": "287", "647a": "647.6"}

# The numbers on either list, for a quick "can this row matter as a prior?" check.
LISTED_NUMBERS: frozenset[str] = frozenset(
    e.number for lst in LISTS.values() for e in lst if e.number_range is None
) | frozenset(RENUMBERED)


def _specificity(e: Entry) -> int:
    return (100 if e.bare else 0) + len(e.subdivisions) * 10 + (0 if e.number_range else 1)


@lru_cache(maxsize=4096)
def entries_for(
    number: str, subdivisions: tuple[str, ...], attempt: bool, day: date
) -> tuple[Entry, ...]:
    """The entry of each list that applies to a record section on ``day`` (most specific)."""
    number = RENUMBERED.get(number, number)
    out: list[Entry] = []
    for lst in LISTS.values():
        hits = [e for e in lst if e.in_force(day) and e.matches(number, subdivisions, attempt)]
        if hits:
            out.append(max(hits, key=_specificity))
    return tuple(out)


def combined(entries: tuple[Entry, ...]) -> Status | None:
    """Definite if either list names the section on its face; otherwise unsettled or
    conditional (priors.md § 0: "A prior disqualifies if it is on either list")."""
    statuses = {e.status for e in entries}
    for s in (D, U, C):
        if s in statuses:
            return s
    return None


@lru_cache(maxsize=4096)
def change_days(number: str) -> tuple[date, ...]:
    """The days on which some listing of ``number`` changed."""
    number = RENUMBERED.get(number, number)
    days = {
        d
        for lst in LISTS.values()
        for e in lst
        if e.number == number or e.number_range is not None
        for d in (e.since, e.until)
        if d is not None
    }
    return tuple(sorted(days))


def may_be_listed(section: Section) -> bool:
    """Whether a record section can be on either list at some date (for the first pass)."""
    if section.code not in ("PC", None):
        return False
    number = RENUMBERED.get(section.number, section.number)
    if number in LISTED_NUMBERS:
        return True
    try:
        n = float(number)
    except ValueError:
        return False
    return 187 <= n <= 191.5
