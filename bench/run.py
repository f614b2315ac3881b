"""Run every benchmark in turn, for the README's figures: ``make bench``.

    .venv/bin/python bench/run.py [--smoke]

1. ``bench/bench_rules.py``: ``prop64 evaluate`` on 54,000 and 227,650 synthetic rows beside a
   plain ``csv`` read-and-write of the same file;
2. ``bench/bench_batch.py``: the county batch on 54,000 contract rows and a 54,000-row DOJ extract
   beside the plain csv pass (and gogen when it is on the PATH), and DOJ scaling to 1,000,000 rows;
3. ``bench/bench_packets.py``: 1,000 court packets, median and 95th percentile per packet,
   packets per second on every core, and pdftk-java filling the same CR-400 on every core;
4. ``bench/bench_http.py``: the site under wrk for 60 s a page at 32 connections, gunicorn as the
   Procfile starts it, beside a bare Flask "hello" (needs ``wrk``);
5. ``bench/bench_floor.py``: the floor of the stack (a CSRF token, a Jinja page, Flask-Babel,
   JSON, Flask-Limiter) beside the bare endpoint and the site, alternated;
6. ``bench/bench_batch_floor.py``: the floor under ``prop64 evaluate`` (one reading of each
   row's dates, a key and a lookup; pyarrow's with ``--arrow-python``) beside the csv pass.

``--smoke`` runs them all with tiny counts, only to check that they work (the figures mean nothing).
Each benchmark runs as its own process with this Python, from the project's root; the machine
should be otherwise idle while the real run goes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FULL = {
    "bench_rules.py": [],
    "bench_batch.py": ["--linear", "10000,100000,1000000"],
    "bench_packets.py": [],
    "bench_clinic.py": [],
    "bench_http.py": ["--seconds", "60", "--connections", "32"],
    "bench_floor.py": ["--seconds", "20", "--rounds", "3"],
    "bench_batch_floor.py": [],
}
SMOKE = {
    "bench_rules.py": ["--repeat", "1", "--sizes", "2000"],
    "bench_batch.py": ["--repeat", "1", "--sizes", "2000"],
    "bench_packets.py": ["--packets", "20", "--pdftk", "4"],
    "bench_clinic.py": ["--repeat", "1", "--rows", "2000"],
    "bench_http.py": ["--seconds", "2", "--connections", "4"],
    "bench_floor.py": ["--seconds", "1", "--rounds", "1", "--connections", "4"],
    "bench_batch_floor.py": ["--rows", "2000", "--repeat", "1"],
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="tiny counts: check, do not measure")
    args = parser.parse_args()
    plan = SMOKE if args.smoke else FULL
    for script, extra in plan.items():
        cmd = [sys.executable, str(ROOT / "bench" / script), *extra]
        print(f"\n## {script} {' '.join(extra)}".rstrip(), flush=True)
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, check=False)
        if proc.returncode != 0:
            print(f"{script} failed with exit status {proc.returncode}", file=sys.stderr)
            return proc.returncode
        print(f"({script}: {time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
