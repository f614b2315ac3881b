"""Fixtures for the rules tests; the helpers themselves are in p64_helpers.py."""

from __future__ import annotations

import pytest
from p64_helpers import GoldenCase, golden_as_batch, load_golden, run_batch


@pytest.fixture(scope="session")
def golden() -> tuple[list[dict[str, str]], list[GoldenCase]]:
    return load_golden()


@pytest.fixture(scope="session")
def golden_output(golden: tuple[list[dict[str, str]], list[GoldenCase]]) -> list[dict[str, str]]:
    """Every golden row evaluated in one batch, through the real CSV path."""
    rows, _ = golden
    out = run_batch(golden_as_batch(rows))
    assert len(out) == len(rows)
    return out
