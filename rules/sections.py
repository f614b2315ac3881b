"""Code sections as they appear on real records, and the law's lists of sections as cited data.

A record may say ``HS 11359``, ``H&S 11357(b)``, ``11360(a) HS``, ``HSC 11358``, ``HS11359``,
``11359 HS-F`` or ``PC 664/187``. :func:`parse_section` reads all of them into a
:class:`Section`; it returns ``None`` only for text in which no section number can be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rules.model import N_, Level, Note
from rules.registry import ELIGIBLE_NUMBERS

# The cannabis sections of the Health and Safety Code that § 11361.8(a) names: §§ 11357-11360
# and the sections Proposition 64 added, §§ 11362.1-11362.4.
HSC_CANNABIS_NUMBERS: frozenset[str] = frozenset(
    {"11357", "11358", "11359", "11360", "11362.1", "11362.2", "11362.3", "11362.4"}
)

# -- Reading a section ------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    code: str | None  # "HS", "PC", "VC", "BP", "WI" or None when the record names no code
    number: str  # "11357", "191.5"
    subdivisions: tuple[str, ...] = ()  # ("a", "3", "C")
    attempt: bool = False  # PC § 664 ("attempted …")
    level_hint: Level | None = None  # a level written into the section text, e.g. "-F"
    # What the reader had to assume, for the row's ``errors`` (e.g. a cannabis section written
    # with the Penal Code's letters, read as the Health and Safety Code's).
    note: Note | None = None
    # The number is not a whole section number (``HS 1135``: cut off); the row is an error.
    truncated: bool = False

    @property
    def display(self) -> str:
        subs = "".join(f"({s})" for s in self.subdivisions)
        code = f"{self.code} " if self.code else ""
        attempt = "664/" if self.attempt else ""
        return f"{code}{attempt}{self.number}{subs}"

    @property
    def short(self) -> str:
        """Number and subdivisions without the code, e.g. ``11357(b)``."""
        return self.number + "".join(f"({s})" for s in self.subdivisions)

    def starts_with(self, number: str, *subdivisions: str) -> bool:
        n = len(subdivisions)
        return self.number == number and self.subdivisions[:n] == subdivisions


_CODES: tuple[tuple[str, str], ...] = (
    # (pattern, code) — longest spellings first
    (r"HEALTH\s*(?:AND|&)\s*SAFETY(?:\s*CODE)?", "HS"),
    (r"H\s*&\s*S\s*C\b|H\s*&\s*S\b|H\s*/\s*S\b|H\.\s*S\.?\s*C?\.?|HSC\b|HS(?=\b|\d)", "HS"),
    (r"PENAL(?:\s*CODE)?|P\.\s*C\.?|PEN\b|PC(?=\b|\d)", "PC"),
    (r"VEHICLE(?:\s*CODE)?|V\.\s*C\.?|VEH\b|VC(?=\b|\d)", "VC"),
    (r"B\s*&\s*P\b|BP(?=\b|\d)|BUS(?:INESS)?\s*(?:AND|&)\s*PROF\w*", "BP"),
    (r"W\s*&\s*I\b|WI(?=\b|\d)|WELF\w*\s*(?:AND|&)\s*INST\w*", "WI"),
)
_CODE_RE = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(_CODES)))
_LEVEL_SUFFIX_RE = re.compile(r"[-\s/]\(?(F|M|I|FEL|MISD|INF)\)?\s*$")
_NUMBER_RE = re.compile(r"(\d{1,6}(?:\.\d{1,3})?)")
_RUN_TOGETHER_664 = re.compile(r"(?<![\d.])664(?=(?:1[0-9]{4}|[1-9][0-9]{2})(?![\d]))")
# Penal Code sections whose number ends in a letter, current (§§ 266c, 266h, 266i, 266j, 653f)
# or former (§§ 288a, 647a: shared/law/priors.md § 8). On a DOJ record "288A PC" is former
# § 288a (now § 287) and "288(A) PC" is § 288(a).
LETTERED_PC_SECTIONS: frozenset[str] = frozenset(
    {"266c", "266h", "266i", "266j", "288a", "647a", "653f"}
)


def _normalise_subdivisions(raw: list[str]) -> tuple[str, ...]:
    # California codes letter subdivisions (a), paragraphs (1), subparagraphs (A), clauses (iv).
    out: list[str] = []
    for i, part in enumerate(raw):
        if part.isdigit():
            out.append(part)
        elif i == 2:
            out.append(part.upper())
        else:
            out.append(part.lower())
    return tuple(out)


@lru_cache(maxsize=8192)
def parse_section(text: str) -> Section | None:
    """Read a code section written the way records write it; ``None`` if there is no number."""
    s = text.strip().upper()
    if not s:
        return None
    level_hint: Level | None = None
    m = _LEVEL_SUFFIX_RE.search(s)
    if m and _NUMBER_RE.search(s[: m.start()]):
        level_hint = {"F": Level.FELONY, "FEL": Level.FELONY, "M": Level.MISDEMEANOR}.get(
            m.group(1), Level.MISDEMEANOR if m.group(1) == "MISD" else Level.INFRACTION
        )
        s = s[: m.start()]
    code: str | None = None
    cm = _CODE_RE.search(s)
    if cm:
        for i, (_, name) in enumerate(_CODES):
            if cm.group(f"c{i}"):
                code = name
                break
        s = s[: cm.start()] + " " + s[cm.end() :]
    attempt = False
    # "66411357(A) HS": the attempt run together with the section it attempts.
    s = _RUN_TOGETHER_664.sub("664/", s)
    if re.search(r"\b664\s*[/\-]|[/\-]\s*664\b", s):
        attempt = True
        s = re.sub(r"\b664\s*[/\-]|[/\-]\s*664\b", " ", s)
    nm = _NUMBER_RE.search(s)
    if not nm:
        return None
    number = nm.group(1).rstrip(".")
    rest = s[nm.end() :]
    # A letter glued to the number ("11357B", "11357.B") is a subdivision, not a decimal.
    raw: list[str] = []
    glued = re.match(r"\s*\.?([A-Z])(?![A-Z])", rest)
    if glued and not rest.lstrip().startswith("("):
        if code in ("PC", None) and f"{number}{glued.group(1).lower()}" in LETTERED_PC_SECTIONS:
            number = f"{number}{glued.group(1).lower()}"
        else:
            raw.append(glued.group(1))
        rest = rest[glued.end() :]
    raw.extend(re.findall(r"\(\s*([0-9A-Z]{1,5})\s*\)", rest))
    if (
        code is None
        and number.split(".")[0].isdigit()
        and 11000 <= int(number.split(".")[0]) < 12000
    ):
        # Records often drop the code for Health and Safety Code drug sections; the 11000s of
        # the Penal Code hold no offense that a record would confuse with them.
        code = "HS"
    note: Note | None = None
    if code not in ("HS", None) and number in HSC_CANNABIS_NUMBERS:
        # "11357(A)PC", "11358 PC": DOJ and court records key cannabis sections with the wrong
        # code letters. The Penal Code has no §§ 11357-11360 or 11362.1-11362.4.
        note = Note(
            N_(
                "The code section “%(written)s” was read as Health and Safety Code § %(number)s:"
                " the cannabis sections are in that code, not in the code written on the record."
            ),
            written=text.strip(),
            number=number,
        )
        code = "HS"
    truncated = (
        code in ("HS", None)
        and len(number) < 5
        and "." not in number
        and any(n.startswith(number) for n in HSC_CANNABIS_NUMBERS)
    )
    return Section(code, number, _normalise_subdivisions(raw), attempt, level_hint, note, truncated)


# -- The sections § 11361.8 covers --------------------------------------------------------------

# § 11361.8(e) (VERBATIM in shared/law/prop64.md § 1.1): "a conviction under Sections 11357,
# 11358, 11359, and 11360".
PROP64_SECTIONS: frozenset[str] = ELIGIBLE_NUMBERS  # from the offense registry


@dataclass(frozen=True)
class Listed:
    code: str
    number: str
    subdivisions: tuple[str, ...]
    title: str
    citation: str

    def matches(self, section: Section) -> bool:
        if section.code not in (self.code, None):
            return False
        return section.starts_with(self.number, *self.subdivisions)


def _listed(code: str, spec: str, title: str, citation: str) -> Listed:
    parsed = parse_section(f"{code} {spec}")
    assert parsed is not None, spec
    return Listed(code, parsed.number, parsed.subdivisions, title, citation)


# Cannabis-related sections that Prop 64 did not change: not eligible under § 11361.8.
# shared/law/prop64.md § 2.7 row 18 and § 1.3 "Which convictions".
NOT_COVERED_CANNABIS_RELATED: tuple[Listed, ...] = (
    _listed(
        "HS",
        "11361",
        N_("Using or employing a minor, or furnishing cannabis to a minor"),
        "People v. Samra; HSC § 11361.8(e)",
    ),
    _listed(
        "PC",
        "4573.6",
        N_("Possessing a controlled substance in a prison or jail"),
        "People v. Raybon (2021) 11 Cal.5th 1056",
    ),
    _listed(
        "PC",
        "4573.8",
        N_("Possessing drugs or alcohol in a prison or jail"),
        "People v. Raybon (2021) 11 Cal.5th 1056",
    ),
    _listed("HS", "11366", N_("Keeping a place for drug use or sale"), "HSC § 11361.8(e)"),
    _listed("HS", "11366.5", N_("Letting a place be used for drugs"), "HSC § 11361.8(e)"),
    _listed(
        "HS",
        "11379.6",
        N_("Manufacturing a controlled substance (chemical extraction)"),
        "HSC § 11361.8(e)",
    ),
    _listed("VC", "23222(b)", N_("Cannabis in a vehicle while driving"), "HSC § 11361.8(e)"),
)

# The disqualifying-prior lists (PC §§ 667(e)(2)(C)(iv), 290(c)) are the law's own data in
# rules/priors.py.


def is_prop64_section(section: Section) -> bool:
    return section.code == "HS" and section.number in PROP64_SECTIONS


def not_covered_listing(section: Section) -> Listed | None:
    for item in NOT_COVERED_CANNABIS_RELATED:
        if item.matches(section) and section.code == item.code:
            return item
    return None


# -- Plain descriptions for people who do not know section numbers ----------------------------


@dataclass(frozen=True)
class SectionChoice:
    value: str  # what the rules read, e.g. "HS 11357(b)"
    label: str  # plain description, marked for translation
    hint: str


SECTION_CHOICES: tuple[SectionChoice, ...] = (
    SectionChoice(
        "HS 11357(b)",
        N_("Possession of a small amount of cannabis (28.5 grams, about one ounce, or less)"),
        N_("Health and Safety Code § 11357(b) before November 2016"),
    ),
    SectionChoice(
        "HS 11357(c)",
        N_("Possession of more than 28.5 grams of cannabis"),
        N_("Health and Safety Code § 11357(c) before November 2016"),
    ),
    SectionChoice(
        "HS 11357(a)",
        N_("Possession of concentrated cannabis (hash, wax, oil)"),
        N_("Health and Safety Code § 11357(a) before November 2016"),
    ),
    SectionChoice(
        "HS 11357",
        N_("Possession of cannabis, amount or kind not known"),
        N_("Health and Safety Code § 11357"),
    ),
    SectionChoice(
        "HS 11358",
        N_("Growing (cultivating) cannabis plants"),
        N_("Health and Safety Code § 11358"),
    ),
    SectionChoice(
        "HS 11359",
        N_("Possession of cannabis for sale"),
        N_("Health and Safety Code § 11359"),
    ),
    SectionChoice(
        "HS 11360(a)",
        N_("Selling, transporting, giving away or importing cannabis"),
        N_("Health and Safety Code § 11360(a)"),
    ),
    SectionChoice(
        "HS 11360(b)",
        N_("Giving away or transporting 28.5 grams of cannabis or less"),
        N_("Health and Safety Code § 11360(b)"),
    ),
)
