"""Spreadsheet safety of every CSV written, and interrupted runs that leave nothing behind."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from p64_helpers import OUTPUT_COLUMNS, prop64

from rules.csvsafe import neutralise_cell, restore_cell
from rules.synth import write_synthetic, write_synthetic_doj

HOSTILE = [
    '=HYPERLINK("http://example.invalid","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tleading tab",
    "\rleading return",
    "'=already quoted",
    "''@twice",
    "'Ohana",
    "plain",
]


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("cell", HOSTILE)
def test_cell_rule_round_trips(cell: str) -> None:
    """This test ensures that every cell comes back as given after neutralising and restoring,
    and that a neutralised cell never starts with a character a spreadsheet runs."""
    written = neutralise_cell(cell)
    assert restore_cell(written) == cell
    assert written[0] not in "=+-@\t\r"
    if cell in ("plain", "'Ohana"):
        assert written == cell


def test_evaluate_neutralises_formula_cells_and_reads_them_back(tmp_path: Path) -> None:
    """This test ensures that `prop64 evaluate` writes no cell a spreadsheet would run, and that
    its output, given back to `prop64 evaluate`, is read as the input the person gave (same
    results, same cells)."""
    src = io.StringIO()
    w = csv.writer(src)
    w.writerow(["person_id", "code_section", "name", "note", "level", "conviction_date"])
    for i, cell in enumerate(HOSTILE):
        w.writerow([f"P{i}", "HS 11357(b)", cell, cell, "I", "2012-09-01"])
    (tmp_path / "in.csv").write_text(src.getvalue(), encoding="utf-8", newline="")
    p = prop64("evaluate", "in.csv", "-o", "out.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    out = _rows(tmp_path / "out.csv")
    for row in out[1:]:
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", cell
    # An input cell already in the written form ('=…) is read as the cell it stands for.
    given = [restore_cell(c) for c in HOSTILE]
    assert [r[2] for r in out[1:]] == [neutralise_cell(c) for c in given]
    # The output read back: the same input, the same results.
    p = prop64("evaluate", "out.csv", "-o", "again.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    again = _rows(tmp_path / "again.csv")
    n = len(OUTPUT_COLUMNS)
    assert [r[:-n] for r in again[1:]] == [r for r in out[1:]]
    assert [r[-n:] for r in again[1:]] == [r[-n:] for r in out[1:]]
    assert [restore_cell(r[2]) for r in again[1:]] == given


def test_county_files_neutralise_formula_cells(tmp_path: Path) -> None:
    """This test ensures that the county command's CSV files neutralise formula cells too."""
    (tmp_path / "in.csv").write_text(
        "person_id,code_section,name,level,conviction_date,case_number\n"
        "P1,HS 11357(b),=cmd|' /C calc'!A0,I,2012-09-01,-12\n",
        encoding="utf-8",
    )
    p = prop64("county", "in.csv", "--county", "X", "-o", "out", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    for name in ("results.csv", "condensed.csv", "cannabis.csv", "dismiss.csv"):
        for row in _rows(tmp_path / "out" / name)[1:]:
            for cell in row:
                assert not cell or cell[0] not in "=+-@\t\r", (name, cell)


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "rules.cli", *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait_for(
    folder: Path, pattern: str, proc: subprocess.Popen[bytes], seconds: float = 90
) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for p in folder.glob(pattern) if folder.exists() else ():
            return p
        if proc.poll() is not None:
            raise AssertionError(f"the run ended before writing: {proc.stderr.read()!r}")  # type: ignore[union-attr]
        time.sleep(0.005)
    raise AssertionError("no partial file appeared")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_interrupted_evaluate_leaves_nothing(tmp_path: Path, signum: int) -> None:
    """This test ensures that SIGTERM or SIGHUP during `prop64 evaluate` removes the partial
    output (it holds names and dates), that the partial file was readable by its owner only, and
    that the exit status says which signal stopped it."""
    with (tmp_path / "big.csv").open("w", encoding="utf-8", newline="") as f:
        write_synthetic(f, rows=150_000, seed=3)
    proc = _start(["evaluate", "big.csv", "-o", "out.csv", "-j", "2"], tmp_path)
    partial = _wait_for(tmp_path, "out.csv.partial", proc)
    assert partial.stat().st_mode & 0o777 == 0o600
    time.sleep(0.2)
    proc.send_signal(signum)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + signum, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_interrupted_county_run_leaves_nothing(tmp_path: Path, signum: int) -> None:
    """This test ensures that SIGTERM or SIGHUP during `prop64 county` removes every partial
    file of the output folder (each was mode 600)."""
    with (tmp_path / "doj.csv").open("w", encoding="utf-8", newline="") as f:
        write_synthetic_doj(f, rows=120_000, seed=3)
    out = tmp_path / "out"
    proc = _start(["county", "doj.csv", "--county", "SACRAMENTO", "-o", "out"], tmp_path)
    partial = _wait_for(out, ".results.csv.partial", proc)
    assert partial.stat().st_mode & 0o777 == 0o600
    time.sleep(0.1)
    proc.send_signal(signum)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + signum, err
    assert not out.exists()  # the folder the run made is gone too


@pytest.mark.parametrize("rows", [3000, 12_000])
def test_interrupted_petitions_leaves_nothing(tmp_path: Path, rows: int) -> None:
    """This test ensures that SIGTERM during `prop64 petitions` removes the partial zip, and
    that the runs of rows it sorts on disk (12,000 scattered rows: three runs) leave nothing."""
    with (tmp_path / "in.csv").open("w", encoding="utf-8", newline="") as f:
        write_synthetic(f, rows=rows, seed=4)
    proc = _start(["petitions", "in.csv", "-o", "out.zip"], tmp_path)
    partial = _wait_for(tmp_path, ".out.zip.*.partial", proc)
    assert partial.stat().st_mode & 0o777 == 0o600
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
