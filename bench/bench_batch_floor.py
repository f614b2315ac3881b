"""Benchmark: the floor under ``prop64 evaluate`` — what a program that reads each row's dates
must spend beside the plain csv pass, whatever rules it then applies.

    .venv/bin/python bench/bench_batch_floor.py [--rows 54000] [--repeat 5]
        [--arrow-python PATH]

On a synthetic contract file (``prop64 synth``, seed 1, sorted by person so that one reading
would do), alternating in the same run, ``repeat`` fresh processes of each:

- **csv pass**: ``bench_batch.py``'s baseline (``csv.reader`` in, ``csv.writer`` out);
- **floor, csv**: one reading; per row, the two dates read through a cache, a key of the
  decision-relevant cells, one dictionary lookup and the row's line written back with a
  constant suffix — no rule, no record of priors, no check of the input, no import of ours;
- **floor, pyarrow** (only with ``--arrow-python``, a Python that has pyarrow: it is not a
  dependency of the project): every column read as text, the two dates parsed, one constant
  column added, the table written back;
- ``prop64 evaluate -j 1`` and ``prop64 evaluate`` (two processes).

Prints medians (wall and CPU seconds) and their ratio to the csv pass, as Markdown rows. The
commands use compiled bytecode (``bench_batch.with_bytecode``).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import BASELINE, run, with_bytecode

FLOOR_CSV = """
import csv, sys
from datetime import date
from operator import itemgetter

cache = {}

def day(t):
    v = cache.get(t)
    if v is None:
        try:
            if "-" in t:
                y, m, d = t.split("-")
            elif "/" in t:
                m, d, y = t.split("/")
            else:
                y = m = d = "0"
            v = date(int(y), int(m), int(d)).toordinal() if y != "0" else 0
        except ValueError:
            v = -1
        cache[t] = v
    return v

with open(sys.argv[1], newline="", encoding="utf-8") as f, \\
        open(sys.argv[2], "w", newline="", encoding="utf-8") as o:
    header = next(csv.reader([f.readline()]))
    at = {name: i for i, name in enumerate(header)}
    o.write(",".join(header) + ",outcome\\r\\n")
    cells = itemgetter(*(at[c] for c in (
        "code_section", "level", "sentence_status", "court", "cannabis_grams",
        "concentrate_grams", "plant_count", "sold", "minor_involved", "interstate",
        "environmental_violation")))
    off, conv = at["offense_date"], at["conviction_date"]
    memo, out, lines = {}, [], []
    keep, line = out.append, lines.append

    def feed():
        for text in f:
            line(text)
            yield text

    for row in csv.reader(feed()):
        key = (cells(row), day(row[off]), day(row[conv]))
        suffix = memo.get(key)
        if suffix is None:
            suffix = memo[key] = ",dismiss\\r\\n"
        keep(lines.pop().rstrip("\\r\\n"))
        keep(suffix)
    o.writelines(out)
"""

FLOOR_ARROW = """
import sys
import pyarrow as pa, pyarrow.csv as pcsv, pyarrow.compute as pc

with open(sys.argv[1], encoding="utf-8") as f:
    names = f.readline().rstrip("\\r\\n").split(",")
table = pcsv.read_csv(sys.argv[1], convert_options=pcsv.ConvertOptions(
    column_types={n: pa.string() for n in names}, strings_can_be_null=False))
for column in ("offense_date", "conviction_date"):
    pc.strptime(table[column], format="%Y-%m-%d", unit="s", error_is_null=True)
table = table.append_column("outcome", pa.array(["dismiss"] * table.num_rows))
pcsv.write_csv(table, sys.argv[2], write_options=pcsv.WriteOptions(quoting_style="needed"))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=54_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--arrow-python", default="", help="a Python with pyarrow installed")
    args = parser.parse_args()
    with_bytecode()
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        raw, data, out = tmp / "raw.csv", tmp / "in.csv", tmp / "out.csv"
        subprocess.run(
            [py, "-m", "rules.cli", "synth", "--rows", str(args.rows), "--seed", "1", "-o", raw],
            check=True,
        )
        with open(raw, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        with open(data, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([rows[0], *sorted(rows[1:], key=lambda r: r[0])])
        del rows
        commands: dict[str, list[str]] = {
            "csv pass": [py, "-c", BASELINE, str(data), str(out)],
            "floor, csv (one reading, dates, a key, a lookup)": [
                py, "-c", FLOOR_CSV, str(data), str(out)
            ],
        }  # fmt: skip
        if args.arrow_python:
            commands["floor, pyarrow (read, dates, write)"] = [
                args.arrow_python, "-c", FLOOR_ARROW, str(data), str(out)
            ]  # fmt: skip
        commands["prop64 evaluate -j 1"] = [
            py, "-m", "rules.cli", "evaluate", "-j", "1", str(data), "-o", str(out)
        ]  # fmt: skip
        commands["prop64 evaluate"] = [py, "-m", "rules.cli", "evaluate", str(data), "-o", str(out)]
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                wall, cpu, _peak = run(cmd, ok=(0, 1))
                walls[name].append(wall)
                cpus[name].append(cpu)
    base_wall = statistics.median(walls["csv pass"])
    base_cpu = statistics.median(cpus["csv pass"])
    print(f"{args.rows:,} contract rows sorted by person; medians of {args.repeat} alternated runs")
    print("| program | wall s | × csv pass | CPU s | × csv pass (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name in commands:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        ratios = f"{wall / base_wall:.2f} | {cpu:.3f} | {cpu / base_cpu:.2f}"
        print(f"| {name} | {wall:.3f} | {ratios} |")


if __name__ == "__main__":
    main()
