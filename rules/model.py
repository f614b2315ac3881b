"""The facts the rules read and the results they give.

Every fact may be unknown (``None``). The rules never raise on odd input: a value they cannot
use becomes an ``errors`` entry on the result and the outcome ``needs_review``.

This module is shared by every front end (batch command, petition filler, web site, API), so it
imports nothing from them. Plain-language messages are marked with :func:`N_` so that the web
site's catalog extraction finds them; the web site translates them at render time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rules.sections import Section


def N_(message: str) -> str:
    """Mark a message for translation without translating it (gettext's ``N_`` convention)."""
    return message


class Level(StrEnum):
    """The level of a conviction, as convicted."""

    FELONY = "F"
    MISDEMEANOR = "M"
    INFRACTION = "I"

    @property
    def rank(self) -> int:
        return {"F": 3, "M": 2, "I": 1}[self.value]


class SentenceStatus(StrEnum):
    """Whether the person is still serving the sentence (custody, probation, parole, PRCS,
    mandatory supervision) or has completed it (§ 11361.8(a) versus (e))."""

    SERVING = "serving"
    COMPLETED = "completed"


class Court(StrEnum):
    ADULT = "adult"
    JUVENILE = "juvenile"


class Outcome(StrEnum):
    """What § 11361.8 gives for one conviction. The order of ``rank`` is "better for the person"."""

    DISMISS = "dismiss"
    REDUCE_TO_INFRACTION = "reduce_to_infraction"
    REDUCE_TO_MISDEMEANOR = "reduce_to_misdemeanor"
    NEEDS_REVIEW = "needs_review"
    NOT_ELIGIBLE = "not_eligible"
    NOT_APPLICABLE = "not_applicable"

    @property
    def has_relief(self) -> bool:
        return self in RELIEF

    @property
    def rank(self) -> int:
        """Higher is better for the person; ``needs_review`` sits between relief and none."""
        return {
            "dismiss": 5,
            "reduce_to_infraction": 4,
            "reduce_to_misdemeanor": 3,
            "needs_review": 2,
            "not_eligible": 1,
            "not_applicable": 0,
        }[self.value]


RELIEF = frozenset({Outcome.DISMISS, Outcome.REDUCE_TO_INFRACTION, Outcome.REDUCE_TO_MISDEMEANOR})


class Track(StrEnum):
    """Which procedure of § 11361.8 the person uses."""

    PETITION = "petition"  # § 11361.8(a)-(b): currently serving
    APPLICATION = "application"  # § 11361.8(e)-(f): sentence completed
    UNKNOWN = "unknown"


class Fact(StrEnum):
    """Facts a question can ask about. The values are the batch CSV column names."""

    DATE_OF_BIRTH = "date_of_birth"
    OFFENSE_DATE = "offense_date"
    LEVEL = "level"
    CODE_SECTION = "code_section"
    SENTENCE_STATUS = "sentence_status"
    CANNABIS_GRAMS = "cannabis_grams"
    CONCENTRATE_GRAMS = "concentrate_grams"
    PLANT_COUNT = "plant_count"
    SOLD = "sold"
    MINOR_INVOLVED = "minor_involved"
    INTERSTATE = "interstate"
    ENVIRONMENTAL_VIOLATION = "environmental_violation"
    SUPERSTRIKE_PRIOR = "superstrike_prior"
    PC290_PRIOR = "pc290_prior"


@dataclass(frozen=True)
class Person:
    """Facts about the person, as given directly (the rest of their record is their other rows)."""

    date_of_birth: date | None = None
    superstrike_prior: bool | None = None  # a prior of PC § 667(e)(2)(C)(iv)
    pc290_prior: bool | None = None  # a prior requiring registration under PC § 290(c)


@dataclass(slots=True)
class Conviction:
    """One conviction (one count), with the facts the law turns on.

    Not frozen, because a county file builds hundreds of thousands of them and a frozen
    dataclass is eight times slower to construct; treat it as immutable all the same (use
    ``dataclasses.replace``)."""

    code_section: str
    level: Level | None = None
    offense_date: date | None = None
    conviction_date: date | None = None
    sentence_status: SentenceStatus | None = None
    court: Court | None = None
    cannabis_grams: float | None = None
    concentrate_grams: float | None = None
    plant_count: int | None = None
    sold: bool | None = None
    minor_involved: bool | None = None
    interstate: bool | None = None
    environmental_violation: bool | None = None
    county: str | None = None
    case_number: str | None = None
    # Problems found while reading the input (e.g. "impossible date"); they force needs_review.
    input_errors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reason:
    """Why a result is what it is: a stable code, a plain-language message, the law it rests on."""

    code: str
    message: str  # English msgid, marked with N_ for translation
    citation: str


class Note(str):
    """A problem or an assumption about one row, in words the web site can translate.

    The string itself is the English text (what the batch ``errors`` column shows); ``template``
    is the message marked with :func:`N_` and ``values`` fill its ``%(name)s`` placeholders."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, **values: str) -> Note:
        self = super().__new__(cls, template % values)
        self.template = template
        self.values = values
        return self

    def in_language(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.template) % self.values

    def __reduce__(self) -> tuple[Any, ...]:
        return (_note, (self.template, self.values))


def _note(template: str, values: dict[str, str]) -> Note:
    return Note(template, **values)


class Joined(str):
    """Several problems of one row in one string (``"; "`` between them, as the batch ``errors``
    column shows them), keeping each one (``parts``) so that the web site can translate each."""

    parts: tuple[str, ...]

    def __new__(cls, parts: tuple[str, ...] | list[str]) -> Joined:
        self = super().__new__(cls, "; ".join(parts))
        self.parts = tuple(parts)
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Joined, (self.parts,))


@dataclass(frozen=True)
class PriorNote:
    """An earlier conviction on the person's record that decides the result, leaves it to a
    lawyer, or that the prosecutor could raise, with the list clause that names it."""

    reason: str  # the reason code it explains ("felony_listed_prior", …)
    section: str  # as read, e.g. "PC 187"
    offense_date: date | None
    conviction_date: date | None
    citations: tuple[str, ...]  # "PC § 667(e)(2)(C)(iv)(IV)", "PC § 290(c)(1)"
    condition: str | None = None  # what the listing needs that the record does not show
    undated: bool = False  # it counts only if entered before the offense, which is not known

    @property
    def short(self) -> str:
        """``PC 187 (05/01/1995)``: the section and its conviction (or offense) date."""
        day = self.conviction_date or self.offense_date
        return f"{self.section} ({day:%m/%d/%Y})" if day else self.section

    def describe(self) -> str:
        """One line for a CSV cell: ``PC 187 (convicted 1995-05-01): PC § …``."""
        when = (
            f"convicted {self.conviction_date.isoformat()}"
            if self.conviction_date
            else (f"offense {self.offense_date.isoformat()}" if self.offense_date else "undated")
        )
        text = f"{self.section} ({when}): {' and '.join(self.citations)}"
        if self.undated:
            return f"{text}, if convicted before this offense"
        return f"{text}, if {self.condition}" if self.condition else text


@dataclass(frozen=True)
class Question:
    """A fact that, once known, could change the outcome."""

    fact: Fact
    message: str  # English msgid, marked with N_
    could_give: Outcome | None = None


@dataclass(frozen=True)
class Result:
    """The answer for one conviction."""

    outcome: Outcome
    track: Track | None
    reasons: tuple[Reason, ...]
    questions: tuple[Question, ...] = ()
    possible_outcome: Outcome | None = None
    contestable: tuple[Reason, ...] = ()  # what the prosecutor could raise against the person
    section: str | None = None  # normalised section, e.g. "11357(b)", or None if unreadable
    form: str | None = None  # "CR-400" (adult) or "JV-744" (juvenile) when there is relief
    errors: tuple[str, ...] = field(default=())
    # The section as the rules read it (so other layers never re-parse the text).
    parsed_section: Section | None = None
    # The earlier convictions that decide the result or could be raised against it.
    priors: tuple[PriorNote, ...] = ()

    @property
    def reason_codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    @property
    def citations(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for r in (*self.reasons, *self.contestable):
            seen.setdefault(r.citation, None)
        for p in self.priors:
            for c in p.citations:
                seen.setdefault(c, None)
        return tuple(seen)
