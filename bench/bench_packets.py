"""Benchmark: build full packets (CR-400 + attachment + CR-401 + CR-403) in memory, beside pdftk.

    .venv/bin/python bench/bench_packets.py [--packets 1000] [--pdftk 40]

Prints, as Markdown for the README:
- the median and 95th-percentile time to build one packet, over ``--packets`` packets in one
  process (the blank forms parsed once beforehand, as a running server or batch has them);
- packets per second using every core: one worker process per core, each building its share,
  timed from the pool's start (process start and template parsing included);
- in the same run, pdftk-java (``pdftk TEMPLATE fill_form VALUES.fdf output OUT.pdf``, the tool
  docassemble and Code for America's tools used) filling the same CR-400 template with the same
  values, one pdftk process per form as those tools run it, on every core too (one worker per
  core, each running its share of pdftk processes one after another);
- the ratio of the two rates (packets per second against pdftk's CR-400 forms per second).
Synthetic people only; pdftk's files go to a temporary directory removed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from forms.build_templates import TEMPLATE_DIR, TEMPLATE_FILES
from forms.packet import (
    CaseConvictions,
    Filer,
    blank_base,
    build_packet,
    plan_case,
    values_for,
)
from rules.model import Conviction, Level, Outcome, Reason, Result, Track

TODAY = date(2026, 1, 1)
FILER = Filer(
    "Jane Q. Public",
    street="1 Main St",
    city="Oakland",
    state="CA",
    zip="94612",
    phone="510-555-0100",
    signature="/s/ Jane Q. Public",
    waive_judge=True,
    prosecutor_name="Alameda County District Attorney",
    service_method="mail",
)
RES = Result(
    Outcome.DISMISS,
    Track.APPLICATION,
    (
        Reason(
            "lawful_possession",
            "Possession of up to 28.5 g is now lawful.",
            "HSC § 11362.1(a)(1)",
        ),
    ),
    section="HS 11357(b)",
    form="CR-400",
)


def case(i: int) -> CaseConvictions:
    """A synthetic case with one to three convictions."""
    conv = Conviction(
        "HS 11357(b)",
        level=Level.MISDEMEANOR,
        offense_date=date(2012, 1, 2),
        county="Alameda",
        case_number=f"CR-{i:06d}",
    )
    return CaseConvictions("Alameda", f"CR-{i:06d}", f"Person {i}", [(conv, RES)] * (1 + i % 3))


def timed(n: int, start: int = 0) -> list[float]:
    """Seconds per packet for ``n`` packets (the blank forms parsed first, untimed)."""
    blank_base()
    out = []
    for i in range(start, start + n):
        t = time.perf_counter()
        build_packet(case(i), FILER, today=TODAY)
        out.append(time.perf_counter() - t)
    return out


def _fdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def fdf_for(i: int) -> str:
    """The FDF of the CR-400 values that :func:`build_packet` writes for case ``i``."""
    m = blank_base().maps["CR-400"]
    text, checks = values_for(plan_case(case(i)), FILER, TODAY)
    fields = [
        f"<< /T {_fdf_string(name)} /V {_fdf_string(text[fact])} >>"
        for fact, name in m.text.items()
        if text.get(fact)
    ]
    fields += [
        f"<< /T {_fdf_string(cb.field)} /V /{cb.on} >>"
        for fact, cb in m.checkbox.items()
        if fact in checks
    ]
    return (
        "%FDF-1.2\n1 0 obj << /FDF << /Fields ["
        + " ".join(fields)
        + "] >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def pdftk_worker(n: int, start: int, directory: str) -> int:
    """Fill ``n`` CR-400s with pdftk, one pdftk process per form, one after another."""
    template = str(TEMPLATE_DIR / TEMPLATE_FILES["CR-400"])
    for i in range(start, start + n):
        fdf = Path(directory, f"v{i}.fdf")
        fdf.write_text(fdf_for(i), encoding="latin-1")
        subprocess.run(
            ["pdftk", template, "fill_form", str(fdf), "output", f"{directory}/o{i}.pdf"],
            check=True,
            capture_output=True,
        )
    return n


def shares(total: int, workers: int) -> list[tuple[int, int]]:
    """(count, start) of each worker's share of ``total``."""
    base, extra = divmod(total, workers)
    out, start = [], 0
    for w in range(workers):
        n = base + (1 if w < extra else 0)
        out.append((n, start))
        start += n
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--packets", type=int, default=1000)
    ap.add_argument("--pdftk", type=int, default=40, help="CR-400s filled by pdftk (0: none)")
    args = ap.parse_args()
    cores = os.cpu_count() or 1

    times = timed(args.packets)
    q = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    median, p95 = statistics.median(times) * 1000, q[18] * 1000

    t = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        parts = shares(args.packets, cores)
        list(pool.map(timed, [n for n, _s in parts], [s for _n, s in parts]))
    rate = args.packets / (time.perf_counter() - t)

    print("| measure | value |")
    print("|---|---:|")
    print(f"| packets built (one process) | {args.packets:,} |")
    print(f"| median per packet | {median:.1f} ms |")
    print(f"| 95th percentile per packet | {p95:.1f} ms |")
    print(f"| packets per second, {cores} processes | {rate:,.0f} |")
    if args.pdftk <= 0:
        return
    if shutil.which("pdftk") is None:
        print("| pdftk-java | not installed (apt-get install pdftk-java) |")
        return
    with tempfile.TemporaryDirectory() as d:
        blank_base()
        t = time.perf_counter()
        with ProcessPoolExecutor(cores) as pool:
            parts = shares(args.pdftk, cores)
            done = sum(
                pool.map(pdftk_worker, [n for n, _s in parts], [s for _n, s in parts], [d] * cores)
            )
        pk = done / (time.perf_counter() - t)
    print(f"| pdftk-java fill_form, CR-400s per second, {cores} processes | {pk:.2f} |")
    print(f"| ratio (packets/s ÷ pdftk CR-400s/s) | {rate / pk:,.0f}× |")


if __name__ == "__main__":
    main()
