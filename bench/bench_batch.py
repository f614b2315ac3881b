"""Benchmark: the county batch (`prop64 evaluate`, `prop64 county`) beside a plain csv pass,
and beside gogen when a ``gogen`` binary is on the PATH.

    .venv/bin/python bench/bench_batch.py [--repeat 5] [--sizes 54000]
        [--linear 10000,100000,1000000]

For each size, in a temporary directory (synthetic data only, ``prop64 synth``, seed 1):
- a contract CSV and a DOJ extract (``--format doj --clean``: gogen stops at a malformed line);
- alternating in the same run, ``repeat`` timings of each command as a fresh process:
  the baseline (a Python process that reads the file with ``csv.reader`` and writes every row with
  ``csv.writer``: the least any tool that reads and writes the file must do), ``prop64 evaluate``
  on each file, ``prop64 county`` on the extract (gogen's options, ``--county SACRAMENTO``), and
  ``gogen run`` on the extract with the same options when ``gogen`` is on the PATH.
Prints medians (wall seconds), the ratio to the baseline of the same file, the median CPU seconds
(user + system, the command's processes together: the figure to compare on a machine shared with
other work) and their ratio, and the peak resident memory (``wait4``) as Markdown rows for the
README. ``--linear`` runs `prop64 evaluate` on DOJ
extracts of those sizes once each (time per 1,000 rows, peak memory), to show linear scaling.
``--memory`` does the same for every batch command on contract files and DOJ extracts of those
sizes (people's rows scattered through the file, as ``synth`` writes them), and
``--petitions`` runs ``prop64 petitions`` on contract files of those sizes, sorted by person and
as ``synth`` writes them (people's rows scattered), with
a filer's address on every row so that every case with relief gets its packet. The commands
use compiled bytecode (:func:`with_bytecode`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPTIONS = ROOT / "tests" / "rules" / "fixtures" / "gogen" / "eligibility_options.json"
BASELINE = """
import csv, sys
src = open(sys.argv[1], newline="", encoding="utf-8")
with src as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o)
    for row in csv.reader(f):
        w.writerow(row)
"""

ADDRESS = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\\n")
    w.writerow([*rows[0], "street", "city", "state", "zip"])
    body = sorted(rows[1:], key=lambda r: r[0]) if sys.argv[3] == "sorted" else rows[1:]
    w.writerows([*r, "1 Main St", "Fresno", "CA", "93721"] for r in body)
"""


def with_bytecode() -> None:
    """Let the commands measured use compiled bytecode, as an installed ``prop64`` does: a
    machine with ``PYTHONDONTWRITEBYTECODE`` set (this one) would otherwise compile the rules
    from source at every start (30-40 ms of each command here), which the plain csv pass,
    importing only the standard library, never does. Imports them once to write it."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-c", "import rules.cli, rules.batch, rules.county, forms.batch"],
        check=True,
    )


def run(cmd: list[str], *, ok: tuple[int, ...] = (0,)) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (with the processes it waited for) and peak RSS (MiB) of one
    child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) not in ok:
        raise SystemExit(f"{cmd!r} failed: {err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="54000")
    parser.add_argument("--linear", default="", help="DOJ sizes for the scaling table")
    parser.add_argument("--memory", default="", help="sizes for the memory table")
    parser.add_argument("--petitions", default="", help="sizes for the petitions table")
    args = parser.parse_args()
    with_bytecode()
    prop64 = [sys.executable, "-m", "rules.cli"]
    gogen = shutil.which("gogen")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    print(f"gogen: {gogen or 'not on the PATH (skipped)'}")
    print(
        "| rows | input | command | median s | × plain csv | CPU s | × plain csv (CPU)"
        " | peak RSS (MiB) |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",") if s):
            contract, extract = Path(tmp, f"c{size}.csv"), Path(tmp, f"d{size}.csv")
            out, folder = Path(tmp, "out.csv"), Path(tmp, "county")
            subprocess.run(
                [*prop64, "synth", "--rows", str(size), "--seed", "1", "-o", str(contract)],
                check=True,
            )
            subprocess.run(
                [*prop64, "synth", "--format", "doj", "--clean", "--rows", str(size),
                 "--seed", "1", "-o", str(extract)],
                check=True,
            )  # fmt: skip
            plans: dict[tuple[str, str], list[str]] = {
                ("contract", "plain csv read + write"): [
                    sys.executable, "-c", BASELINE, str(contract), str(out)],
                ("contract", "prop64 evaluate"): [
                    *prop64, "evaluate", str(contract), "-o", str(out)],
                ("DOJ", "plain csv read + write"): [
                    sys.executable, "-c", BASELINE, str(extract), str(out)],
                ("DOJ", "prop64 evaluate --county SACRAMENTO"): [
                    *prop64, "evaluate", str(extract), "--county", "SACRAMENTO",
                    "--as-of", "2019-11-11", "-o", str(out)],
                ("DOJ", "prop64 county (gogen's options)"): [
                    *prop64, "county", str(extract), "--county", "SACRAMENTO",
                    "--policy", str(OPTIONS), "--as-of", "2019-11-11", "-o", str(folder)],
            }  # fmt: skip
            if gogen:
                gout = Path(tmp, "gogen")
                gout.mkdir(exist_ok=True)
                plans[("DOJ", "gogen run (same options)")] = [
                    gogen, "run", f"--outputs={gout}", f"--input-doj={extract}",
                    "--county=SACRAMENTO", "--compute-at=2019-11-11",
                    f"--eligibility-options={OPTIONS}",
                ]  # fmt: skip
            walls: dict[tuple[str, str], list[float]] = {k: [] for k in plans}
            cpus: dict[tuple[str, str], list[float]] = {k: [] for k in plans}
            peaks: dict[tuple[str, str], int] = dict.fromkeys(plans, 0)
            for _ in range(args.repeat):
                for key, cmd in plans.items():
                    wall, cpu, peak = run(cmd)
                    walls[key].append(wall)
                    cpus[key].append(cpu)
                    peaks[key] = max(peaks[key], peak)
            for key in plans:
                kind, label = key
                base = statistics.median(walls[(kind, "plain csv read + write")])
                cbase = statistics.median(cpus[(kind, "plain csv read + write")])
                m, c = statistics.median(walls[key]), statistics.median(cpus[key])
                print(
                    f"| {size:,} | {kind} | {label} | {m:.2f} | {m / base:.2f}× | {c:.2f} |"
                    f" {c / cbase:.2f}× | {peaks[key]} |"
                )
        if args.linear:
            print()
            print(
                "| DOJ rows | prop64 evaluate s | CPU s | CPU s per 1,000 rows | peak RSS (MiB) |"
            )
            print("|---:|---:|---:|---:|---:|")
            for size in (int(s) for s in args.linear.split(",") if s):
                extract, out = Path(tmp, f"l{size}.csv"), Path(tmp, "out.csv")
                subprocess.run(
                    [*prop64, "synth", "--format", "doj", "--clean", "--rows", str(size),
                     "--seed", "2", "-o", str(extract)],
                    check=True,
                )  # fmt: skip
                wall, cpu, peak = run(
                    [*prop64, "evaluate", str(extract), "--county", "SACRAMENTO", "-o", str(out)]
                )
                print(f"| {size:,} | {wall:.2f} | {cpu:.2f} | {1000 * cpu / size:.4f} | {peak} |")
                extract.unlink()
        if args.memory:
            memory_table(prop64, Path(tmp), [int(s) for s in args.memory.split(",") if s])
        if args.petitions:
            petitions_table(prop64, Path(tmp), [int(s) for s in args.petitions.split(",") if s])
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def memory_table(prop64: list[str], tmp: Path, sizes: list[int]) -> None:
    print()
    print("| command | rows | CPU s | CPU s per 1,000 rows | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|")
    out, folder = tmp / "out.csv", tmp / "county"
    for size in sizes:
        contract, extract = tmp / f"m{size}.csv", tmp / f"md{size}.csv"
        subprocess.run(
            [*prop64, "synth", "--rows", str(size), "--seed", "2", "-o", str(contract)], check=True
        )
        subprocess.run(
            [*prop64, "synth", "--format", "doj", "--clean", "--rows", str(size),
             "--seed", "2", "-o", str(extract)],
            check=True,
        )  # fmt: skip
        plans = {
            "evaluate, contract, `-j 1`": [*prop64, "evaluate", str(contract), "-j", "1",
                                           "-o", str(out)],
            "evaluate, contract, 2 processes": [*prop64, "evaluate", str(contract), "-o", str(out)],
            "county, contract": [*prop64, "county", str(contract), "--county", "FRESNO",
                                 "-o", str(folder)],
            "evaluate, DOJ extract": [*prop64, "evaluate", str(extract), "--county", "SACRAMENTO",
                                      "-o", str(out)],
            "county, DOJ extract (gogen's options)": [
                *prop64, "county", str(extract), "--county", "SACRAMENTO", "--policy",
                str(OPTIONS), "--as-of", "2019-11-11", "-o", str(folder)],
        }  # fmt: skip
        for label, cmd in plans.items():
            _, cpu, peak = run(cmd, ok=(0, 1))
            print(f"| {label} | {size:,} | {cpu:.2f} | {1000 * cpu / size:.4f} | {peak} |")
        contract.unlink()
        extract.unlink()


def petitions_table(prop64: list[str], tmp: Path, sizes: list[int]) -> None:
    print()
    print("| rows | people's rows | packets | CPU s | CPU s per packet | peak RSS (MiB) |")
    print("|---:|---|---:|---:|---:|---:|")
    for size in sizes:
        raw, out = tmp / f"p{size}.csv", tmp / "out.zip"
        subprocess.run(
            [*prop64, "synth", "--rows", str(size), "--seed", "2", "-o", str(raw)], check=True
        )
        for order in ("sorted", "scattered"):
            contract = tmp / f"pf{size}.csv"
            # Written by a process of its own: a child started while this process holds the
            # rows would report this process's peak as its own (the kernel keeps the larger of
            # the two address spaces' peaks across the exec).
            subprocess.run(
                [sys.executable, "-c", ADDRESS, str(raw), str(contract), order], check=True
            )
            _, cpu, peak = run([*prop64, "petitions", str(contract), "-o", str(out)], ok=(0, 1))
            with zipfile.ZipFile(out) as zf:
                packets = len(zf.namelist()) - 1
            print(
                f"| {size:,} | {order} | {packets:,} | {cpu:.2f} | {cpu / max(packets, 1):.4f}"
                f" | {peak} |"
            )
            contract.unlink()
            out.unlink()
        raw.unlink()


if __name__ == "__main__":
    main()
