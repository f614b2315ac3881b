"""Work in progress: the decision procedure is being written in this session."""

from __future__ import annotations

from collections.abc import Sequence

from rules.model import Conviction, Person, Result


def evaluate(person: Person, convictions: Sequence[Conviction]) -> list[Result]:
    """One result per conviction, in the same order. The person's other rows are their record."""
    raise NotImplementedError
