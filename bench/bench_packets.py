"""Benchmark: build 1,000 full packets (CR-400 + attachment + CR-401 + CR-403) in memory.

Prints the median and 95th-percentile time per packet (one process), packets per second using
both cores (two processes), and, in the same run, pdftk-java filling the same CR-400 template with
the same values, one `pdftk … fill_form … output` process per form, as docassemble and Code for
America's tools ran it. Run: .venv/bin/python bench/bench_packets.py [--packets 1000] [--pdftk 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

from forms.build_templates import TEMPLATE_DIR
from forms.packet import CaseConvictions, Filer, build_packet, blank_base
from rules.model import Conviction, Level, Outcome, Reason, Result, Track

FILER = Filer("Jane Q. Public", street="1 Main St", city="Oakland", state="CA", zip="94612",
              phone="510-555-0100", signature="/s/ Jane Q. Public", waive_judge=True,
              prosecutor_name="Alameda County District Attorney", service_method="mail")
RES = Result(Outcome.DISMISS, Track.APPLICATION,
             (Reason("lawful_possession", "Possession of up to 28.5 g is now lawful.", "HSC § 11362.1(a)(1)"),))


def case(i: int) -> CaseConvictions:
    conv = Conviction("HS 11357(b)", level=Level.MISDEMEANOR, offense_date=date(2012, 1, 2),
                      county="Alameda", case_number=f"CR-{i:06d}")
    return CaseConvictions("Alameda", f"CR-{i:06d}", f"Person {i}", [(conv, RES)] * (1 + i % 3))


def timed(n: int, start: int = 0) -> list[float]:
    blank_base()
    out = []
    for i in range(start, start + n):
        t = time.perf_counter()
        build_packet(case(i), FILER, today=date(2026, 1, 1))
        out.append(time.perf_counter() - t)
    return out


def pdftk(n: int) -> float:
    m = blank_base().maps["CR-400"]
    values = {m.text["filer_name"]: "Jane Q. Public", m.text["court_county"]: "Alameda",
              m.text["case_number"]: "CR-000001", m.text["defendant"]: "Person 1"}
    checks = [m.checkbox[f].field for f in ("section_11357", "title_f", "track_application", "waive_judge")]
    fdf = "%FDF-1.2\n1 0 obj << /FDF << /Fields [" + "".join(
        f"<< /T ({k}) /V ({v}) >>" for k, v in values.items()) + "".join(
        f"<< /T ({k}) /V /Yes >>" for k in checks) + "] >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    with tempfile.TemporaryDirectory() as d:
        Path(d, "v.fdf").write_text(fdf, encoding="latin-1")
        t = time.perf_counter()
        for i in range(n):
            subprocess.run(["pdftk", str(TEMPLATE_DIR / "cr400.pdf"), "fill_form", f"{d}/v.fdf",
                            "output", f"{d}/o{i}.pdf"], check=True, capture_output=True)
        return n / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--packets", type=int, default=1000)
    ap.add_argument("--pdftk", type=int, default=20)
    args = ap.parse_args()
    times = timed(args.packets)
    q = statistics.quantiles(times, n=20)
    print(f"one process: {args.packets} packets, median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {q[18] * 1000:.1f} ms")
    cores = os.cpu_count() or 1
    t = time.perf_counter()
    with ProcessPoolExecutor(cores) as pool:
        list(pool.map(timed, [args.packets // cores] * cores, range(0, args.packets, args.packets // cores)))
    wall = time.perf_counter() - t
    rate = args.packets / wall
    print(f"{cores} processes: {rate:.0f} packets/s (including process start and template parsing)")
    pk = pdftk(args.pdftk)
    print(f"pdftk-java fill_form, one process per form: {pk:.2f} forms/s ({args.pdftk} forms, sequential)")
    print(f"ratio: {rate / pk:.0f}x pdftk's forms per second (sequential pdftk on one core)")


if __name__ == "__main__":
    main()
