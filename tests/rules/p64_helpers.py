"""Helpers for the rules tests (conftest.py turns some into fixtures): the golden table, the
batch CSV path, the CLI, and factories with legal defaults (an adult, an offense well before
Prop 64, a completed sentence)."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rules.batch import (
    OPTIONAL,
    OUTPUT_COLUMNS,
    REQUIRED,
    Header,
    conviction_from_row,
    evaluate_csv,
    open_text,
)
from rules.model import Conviction, Level, Person, SentenceStatus

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden.csv"
CONTRACT = (*REQUIRED, *OPTIONAL)
# Golden-table columns that are the batch contract's input columns (person_id is `person`).
INPUT_COLUMNS = tuple(
    c for c in CONTRACT if c not in ("person_id", "name", "county", "case_number")
)


@dataclass(frozen=True)
class GoldenCase:
    """One asserted row of golden.csv, with the other rows of the same person."""

    line: int  # the row's line in golden.csv (header is line 1)
    name: str
    person: str
    outcome: str
    track: str
    reason: str
    possible_outcome: str
    question: str
    contestable: str
    ref: str
    reasons: tuple[str, ...]  # the exact reason codes, in order
    error: str  # text the row's `errors` must contain; blank: no errors


def load_golden() -> tuple[list[dict[str, str]], list[GoldenCase]]:
    with GOLDEN.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    cases = [
        GoldenCase(
            line=i + 2,
            name=r["case"],
            person=r["person"],
            outcome=r["outcome"],
            track=r["track"],
            reason=r["reason"],
            possible_outcome=r["possible_outcome"],
            question=r["question"],
            contestable=r["contestable"],
            ref=r["ref"],
            reasons=tuple(r["reasons"].split(";")) if r["reasons"] else (),
            error=r["error"],
        )
        for i, r in enumerate(rows)
        if r["expect"] == "yes"
    ]
    return rows, cases


def golden_as_batch(rows: Sequence[dict[str, str]]) -> str:
    """golden.csv as a batch input file: the contract's columns plus `case`, an extra column
    that the batch command must carry through."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["person_id", *INPUT_COLUMNS, "case"])
    for r in rows:
        w.writerow([r["person"], *(r[c] for c in INPUT_COLUMNS), r["case"]])
    return out.getvalue()


def run_batch(text: str) -> list[dict[str, str]]:
    """Evaluate a batch CSV in memory through rules.batch.evaluate_csv; the output rows."""
    out = io.StringIO()
    evaluate_csv(open_text(text), out)
    return list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))


def parse_rows(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Conviction]:
    """Convictions read from rows the way the batch command reads them (errors attached)."""
    h = Header.read(list(header))
    out = []
    for row in rows:
        c, errors = conviction_from_row(h, list(row))
        out.append(replace(c, input_errors=tuple(errors)) if errors else c)
    return out


# -- factories with legal defaults -------------------------------------------------------------


def adult(**kw: object) -> Person:
    """A person born in 1970 (an adult of 21 or more on every offense date used by default)."""
    return Person(**{"date_of_birth": date(1970, 3, 15), **kw})  # type: ignore[arg-type]


def conviction(code_section: str = "HS 11359", **kw: object) -> Conviction:
    """A felony conviction for an offense in 2012 (before Prop 64), sentence completed."""
    defaults: dict[str, object] = {
        "level": Level.FELONY,
        "offense_date": date(2012, 6, 1),
        "conviction_date": date(2012, 9, 1),
        "sentence_status": SentenceStatus.COMPLETED,
    }
    return Conviction(code_section, **{**defaults, **kw})  # type: ignore[arg-type]


# -- the command line ---------------------------------------------------------------------------


def prop64(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    """Run the `prop64` command (the module behind the console script) as a subprocess."""
    script = Path(sys.executable).with_name("prop64")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "rules.cli"]
    return subprocess.run(
        [*cmd, *args], input=stdin, capture_output=True, cwd=cwd, timeout=timeout, check=False
    )


__all__ = ["CONTRACT", "INPUT_COLUMNS", "OUTPUT_COLUMNS", "GoldenCase"]
