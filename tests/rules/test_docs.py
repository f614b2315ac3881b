"""The generated law tables in docs/law/ match the rules' data."""

from __future__ import annotations

from rules import docs


def test_generated_law_tables_are_fresh() -> None:
    """This test ensures that docs/law/offenses.md and docs/law/priors-table.md are what
    `python -m rules.docs` makes from the registry, the prior lists and the reasons today, so
    the published reference never drifts from the code."""
    assert docs.main(["--check"]) == 0, "run: .venv/bin/python -m rules.docs"
