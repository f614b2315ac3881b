"""Proposition 64 (HSC § 11361.8) eligibility rules as code. No web framework imports here."""

from rules.engine import evaluate
from rules.model import (
    Conviction,
    Court,
    Fact,
    Level,
    Outcome,
    Person,
    Question,
    Reason,
    Result,
    SentenceStatus,
    Track,
)

__all__ = [
    "Conviction",
    "Court",
    "Fact",
    "Level",
    "Outcome",
    "Person",
    "Question",
    "Reason",
    "Result",
    "SentenceStatus",
    "Track",
    "evaluate",
]
