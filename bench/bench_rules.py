"""Benchmark: ``prop64 evaluate`` against a plain ``csv`` read-and-write of the same file.

    .venv/bin/python bench/bench_rules.py [--repeat 5] [--sizes 54000,227650]

For each size: a synthetic county file (``prop64 synth``, seed 1) in a temporary directory
(synthetic data only), then, alternating in the same run, ``repeat`` timings of
- the baseline: a Python process that reads the file with ``csv.reader`` and writes every row
  with ``csv.writer`` (the least any tool that reads and writes the file must do), and
- ``prop64 evaluate FILE -o OUT``,
each as a fresh process. Prints medians (wall seconds), the ratio, and the peak resident memory
of the evaluate process (from ``wait4``), as Markdown table rows for the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = """
import csv, sys
src = open(sys.argv[1], newline="", encoding="utf-8")
with src as f, open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    w = csv.writer(o)
    for row in csv.reader(f):
        w.writerow(row)
"""


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        assert proc.stderr is not None
        raise SystemExit(f"{cmd!r} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="54000,227650")
    args = parser.parse_args()
    prop64 = [sys.executable, "-m", "rules.cli"]
    print("| rows | plain csv (median s) | prop64 evaluate (median s) | ratio | peak RSS (MiB) |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            src, out = Path(tmp, f"in{size}.csv"), Path(tmp, "out.csv")
            synth = [*prop64, "synth", "--rows", str(size), "--seed", "1", "-o", str(src)]
            subprocess.run(synth, check=True)
            base, ev, rss = [], [], []
            for _ in range(args.repeat):
                base.append(run([sys.executable, "-c", BASELINE, str(src), str(out)])[0])
                wall, peak = run([*prop64, "evaluate", str(src), "-o", str(out)])
                ev.append(wall)
                rss.append(peak)
            b, e = statistics.median(base), statistics.median(ev)
            print(f"| {size:,} | {b:.2f} | {e:.2f} | {e / b:.1f}× | {max(rss)} |")


if __name__ == "__main__":
    main()
