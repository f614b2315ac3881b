"""The answers' types: what the session cookie and the save file hold, key by key.

One codec serves both (:meth:`Answers.to_json` / :meth:`Answers.from_json`): compact JSON with
these short keys (so twenty convictions fit in a cookie), checked on the way in from outside by
:mod:`webapp.state` against the same rules as the forms (:mod:`webapp.validation`). Every key
is optional: an absent key means "not answered".

New answers get a key here, a check in ``webapp.state`` (``PERSON_KEYS``,
``CONVICTION_KEYS``, ``FILER_KEYS``) and a field in the form that asks them; for example a
conviction's count (how many counts of the same offense) or the filer's mailing address.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypedDict, cast

Tri = str  # "y", "n" or "u" (I don't know)


class PersonAnswers(TypedDict, total=False):
    """The person (the about-you page)."""

    b: str  # date of birth, YYYY-MM-DD
    j: Tri  # juvenile court
    s: Tri  # a "super strike" prior
    r: Tri  # a PC § 290(c) prior


# Functional syntax: "in" (interstate) is a Python keyword.
ConvictionAnswers = TypedDict(
    "ConvictionAnswers",
    {
        "i": int,  # stable id (never reused while the answers last)
        "v": int,  # version, one more at each change
        "co": str,  # county
        "n": str,  # case number
        "ct": str,  # the court's count number(s), optional
        "s": str,  # section chosen from the list, "other" or "unsure"
        "x": str,  # section typed as on the record (with "other")
        "o": str,  # offense date, YYYY[-MM[-DD]]
        "d": str,  # conviction date, YYYY[-MM[-DD]]
        "l": str,  # level: F, M, I or u
        "t": str,  # sentence: c (custody), p (supervision), f (finished), u
        "g": float,  # cannabis, grams
        "k": float,  # concentrated cannabis, grams
        "pl": int,  # plants
        "sa": Tri,  # for sale
        "mi": Tri,  # minors involved
        "in": Tri,  # interstate
        "en": Tri,  # environmental violation
    },
    total=False,
)


class FilerAnswers(TypedDict, total=False):
    """The petition details (the details-for-the-forms page)."""

    n: str  # name
    a: str  # street address
    ci: str  # city
    st: str  # state
    z: str  # ZIP code
    ph: str  # phone
    em: str  # email
    an: str  # attorney's name
    ab: str  # attorney's State Bar number
    w1: bool  # waives the sentencing judge
    w2: bool  # waives personal appearance
    sv: str  # who will serve the prosecutor
    sg: str  # signature: "hand" or "typed"


@dataclass(frozen=True)
class Answers:
    """Everything a person answered: the save file's ``answers``, the cookie's ``p``, ``c``
    and ``f``. Its parts are copies: changing them changes neither the session nor a file."""

    person: PersonAnswers = field(default_factory=lambda: PersonAnswers())
    convictions: tuple[ConvictionAnswers, ...] = ()
    filer: FilerAnswers = field(default_factory=lambda: FilerAnswers())

    def __bool__(self) -> bool:
        return bool(self.person or self.convictions or self.filer)

    def to_json(self) -> dict[str, object]:
        """The JSON object of the save file's ``answers`` (and of the cookie): ``p``, ``c``,
        ``f``, each only when answered."""
        out: dict[str, object] = {}
        if self.person:
            out["p"] = dict(self.person)
        if self.convictions:
            out["c"] = [dict(c) for c in self.convictions]
        if self.filer:
            out["f"] = dict(self.filer)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Answers:
        """From JSON already checked (:func:`webapp.state.clean_answers`) or written by this
        site (the sealed cookie): the keys and values are the types'."""
        person = data.get("p")
        convictions = data.get("c")
        filer = data.get("f")
        return cls(
            person=cast(PersonAnswers, dict(person)) if isinstance(person, dict) else {},
            convictions=tuple(
                cast(ConvictionAnswers, dict(c)) for c in convictions if isinstance(c, dict)
            )
            if isinstance(convictions, list)
            else (),
            filer=cast(FilerAnswers, dict(filer)) if isinstance(filer, dict) else {},
        )
