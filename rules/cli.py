"""The ``prop64`` command: the same rules as the web site, over a county's records.

    prop64 evaluate INPUT.csv [-o OUTPUT.csv]    (``-`` is stdin / stdout)
    prop64 synth --rows N --seed S [-o OUT.csv]
    prop64 petitions INPUT.csv -o OUT.zip

Exit status: 0 on success (bad rows are reported, not fatal), 2 when the input is not a CSV of
the contract or a required column is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import IO

from rules.batch import Summary, check_text, evaluate_csv, input_failure, open_text
from rules.model import Outcome


def _progress_bar(stream: IO[str]) -> Callable[[int, int], None] | None:
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} rows")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def _input_opener(path: str) -> Callable[[], IO[str]]:
    """Read the input once as bytes to check it is UTF-8 text; stdin is kept in memory (it
    cannot be read twice, and nothing personal may be spooled to disk)."""
    if path == "-":
        return open_text(check_text(sys.stdin.buffer.read()))
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    check_text(head[: len(head) - 3] if len(head) == 1 << 16 else head)

    def opener() -> IO[str]:
        return open(path, encoding="utf-8-sig", newline="")

    return opener


def print_summary(summary: Summary, stream: IO[str]) -> None:
    for line, problem in summary.bad_rows[:50]:
        stream.write(f"line {line}: {problem}\n")
    if len(summary.bad_rows) > 50:
        stream.write(f"… and {len(summary.bad_rows) - 50} more rows with errors\n")
    counts = ", ".join(f"{o.value} {summary.outcomes.get(o.value, 0)}" for o in Outcome)
    stream.write(
        f"{summary.rows:,} rows, {summary.people:,} people: {counts}; "
        f"{len(summary.bad_rows)} rows with errors; {summary.seconds:.2f} s\n"
    )


def cmd_evaluate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        opener = _input_opener(args.input)
        if args.output == "-":
            summary = evaluate_csv(
                opener, sys.stdout, progress=_progress_bar(sys.stderr), workers=args.workers
            )
        else:
            # Write next to the target and move into place, so a failure leaves no half file.
            tmp = args.output + ".partial"
            try:
                with open(tmp, "w", encoding="utf-8", newline="") as out:
                    summary = evaluate_csv(
                        opener, out, progress=_progress_bar(sys.stderr), workers=args.workers
                    )
                os.replace(tmp, args.output)
            finally:
                if os.path.exists(tmp):
                    os.remove(tmp)
    except Exception as e:
        message = input_failure(args.input, e)
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        return 2
    summary.seconds = time.perf_counter() - started
    print_summary(summary, sys.stderr)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from rules.synth import write_synthetic

    if args.rows < 0:
        sys.stderr.write("prop64: --rows must be 0 or more\n")
        return 2
    if args.output == "-":
        write_synthetic(sys.stdout, rows=args.rows, seed=args.seed)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write_synthetic(out, rows=args.rows, seed=args.seed)
    return 0


def cmd_petitions(args: argparse.Namespace) -> int:
    from forms.batch import run_petitions_command  # forms/ imports rules/, so import it late

    result: int = run_petitions_command(args)
    return result


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prop64",
        description="Proposition 64 (HSC § 11361.8) eligibility over a county's records.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ev = sub.add_parser("evaluate", help="evaluate every row of a CSV file")
    ev.add_argument("input", help="input CSV (- for stdin)")
    ev.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    ev.add_argument(
        "-j",
        "--workers",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes for the second pass (default: up to 2; the output is the same)",
    )
    ev.set_defaults(func=cmd_evaluate)
    sy = sub.add_parser("synth", help="write a synthetic county file for tests and benchmarks")
    sy.add_argument("--rows", type=int, required=True)
    sy.add_argument("--seed", type=int, default=0)
    sy.add_argument("-o", "--output", default="-")
    sy.set_defaults(func=cmd_synth)
    pe = sub.add_parser("petitions", help="write one petition packet (PDF) per case, in a zip")
    pe.add_argument("input", help="input CSV (- for stdin)")
    pe.add_argument("-o", "--output", required=True, help="output .zip")
    pe.set_defaults(func=cmd_petitions)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
