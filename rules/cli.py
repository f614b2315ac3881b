"""The ``prop64`` command: the same rules as the web site, over a county's records.

    prop64 evaluate INPUT.csv [-o OUTPUT.csv] [--format auto|contract|doj] [--county NAME]
                   [--as-of YYYY-MM-DD]          (``-`` is stdin / stdout)
    prop64 county INPUT --county NAME [--policy FILE] [--as-of YYYY-MM-DD] -o DIR
    prop64 synth --rows N --seed S [--format contract|doj] [-o OUT.csv]
    prop64 petitions INPUT.csv -o OUT.zip

SIGTERM or SIGHUP during a run removes the partial output (partial files are mode 600).

Exit status: 0 on success (bad rows are reported, not fatal), 2 when the input is not a CSV of
the contract or a required column is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from typing import IO

from rules.batch import Summary, evaluate_csv, input_failure, input_opener
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


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: unwind (removing partial output) and exit 128 + signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Interrupted` inside the block, so that ``finally``
    clauses remove partial files (the default action would end the process on the spot)."""
    previous = {s: signal.signal(s, _raise_interrupted) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a batch command. The batch makes no reference
    cycles per row (reference counting frees every row's objects), but with the collector on,
    each collection walks every person read in the first pass: about a sixth of the run time
    at 54,000 rows (bench/bench_batch.py). Memory is checked at 1,000,000 rows (README)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def open_partial(target: str) -> tuple[str, IO[str]]:
    """A temporary file beside ``target`` (mode 600: it holds names and dates), for writing."""
    tmp = target + ".partial"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return tmp, os.fdopen(fd, "w", encoding="utf-8", newline="")


def _is_doj(args: argparse.Namespace, opener: Callable[[], IO[str]]) -> bool:
    if args.format == "doj":
        return True
    if args.format == "contract":
        return False
    from rules.county import is_doj_input

    return is_doj_input(opener)


def cmd_evaluate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        opener = input_opener(args.input)
        doj = _is_doj(args, opener)
        if doj:
            from rules.county import evaluate_doj, read_as_of

            as_of = read_as_of(args.as_of)

            def run(out: IO[str]) -> Summary:
                s = evaluate_doj(opener, out, county=args.county, as_of=as_of)
                return Summary(s.rows, s.people, s.outcomes, s.bad_rows)
        else:

            def run(out: IO[str]) -> Summary:
                return evaluate_csv(
                    opener, out, progress=_progress_bar(sys.stderr), workers=args.workers
                )

        with interruptible(), collector_paused():
            if args.output == "-":
                summary = run(sys.stdout)
            else:
                # Write next to the target and move into place, so a failure or a signal
                # leaves no half file.
                tmp, out = open_partial(args.output)
                try:
                    with out:
                        summary = run(out)
                    os.replace(tmp, args.output)
                finally:
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(tmp)
    except Interrupted as e:
        sys.stderr.write(f"prop64: interrupted by signal {e.signum}; no output kept\n")
        return 128 + e.signum
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
    from rules.synth import write_synthetic, write_synthetic_doj

    if args.rows < 0:
        sys.stderr.write("prop64: --rows must be 0 or more\n")
        return 2

    def write(out: IO[str]) -> None:
        if args.format == "doj":
            write_synthetic_doj(out, rows=args.rows, seed=args.seed, malformed=not args.clean)
        else:
            write_synthetic(out, rows=args.rows, seed=args.seed)

    if args.output == "-":
        write(sys.stdout)
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            write(out)
    return 0


def cmd_petitions(args: argparse.Namespace) -> int:
    from forms.batch import run_petitions_command  # forms/ imports rules/, so import it late

    try:
        # (the collector stays on: packets are object graphs with cycles)
        with interruptible():
            result: int = run_petitions_command(args)
    except Interrupted as e:
        sys.stderr.write(f"prop64: interrupted by signal {e.signum}; no output kept\n")
        return 128 + e.signum
    return result


def cmd_county(args: argparse.Namespace) -> int:
    from rules.county import read_as_of, run_county
    from rules.policy import Policy, PolicyError, load_policy

    started = time.perf_counter()
    try:
        policy = load_policy(args.policy) if args.policy else Policy()
    except PolicyError as e:
        sys.stderr.write(f"prop64: --policy: {e}\n")
        return 2
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        sys.stderr.write(f"prop64: {args.output}: not a folder\n")
        return 2
    created = not os.path.exists(args.output)
    try:
        as_of = read_as_of(args.as_of)
        opener = input_opener(args.input)
        os.makedirs(args.output, exist_ok=True)
        with interruptible(), collector_paused():
            run = run_county(
                opener,
                args.output,
                county=args.county,
                policy=policy,
                as_of=as_of,
                source=os.path.basename(args.input) if args.input != "-" else "stdin",
                input_format=args.format,
            )
    except BaseException as e:
        if created:  # a folder this run made, and left empty: take it away too
            with contextlib.suppress(OSError):
                os.rmdir(args.output)
        if isinstance(e, Interrupted):
            sys.stderr.write(f"prop64: interrupted by signal {e.signum}; no output kept\n")
            return 128 + e.signum
        message = input_failure(args.input, e) if isinstance(e, Exception) else None
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        return 2
    for line, problem in run.bad_lines[:50]:
        sys.stderr.write(f"line {line}: {problem}\n")
    if len(run.bad_lines) > 50:
        sys.stderr.write(f"… and {len(run.bad_lines) - 50} more lines with problems\n")
    s = run.summary
    statute = s["statute"]
    office = s["policy_with_statute_floor"]
    assert isinstance(statute, dict) and isinstance(office, dict)
    so, po = statute["convictions_by_outcome"], office["convictions_by_outcome"]
    assert isinstance(so, dict) and isinstance(po, dict)
    sys.stderr.write(
        f"{run.lines:,} lines, {run.people:,} people, {s['convictions_decided']:,} convictions"
        f" in {args.county} decided; statute: "
        + ", ".join(f"{k} {v}" for k, v in so.items())
        + "; office: "
        + ", ".join(f"{k} {v}" for k, v in po.items())
        + f"; {len(run.bad_lines)} lines with problems; {time.perf_counter() - started:.2f} s;"
        f" files in {args.output}\n"
    )
    return 0


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
    ev.add_argument(
        "--format",
        choices=("auto", "contract", "doj"),
        default="auto",
        help="the input's layout (default: told from the header)",
    )
    ev.add_argument("--county", help="DOJ input: decide only this county's convictions")
    ev.add_argument(
        "--as-of", help="DOJ input: the day sentences are compared with (default: today)"
    )
    ev.set_defaults(func=cmd_evaluate)
    co = sub.add_parser(
        "county", help="a county office's run: statute and policy, lists, summary, report"
    )
    co.add_argument("input", help="DOJ extract or contract CSV (- for stdin)")
    co.add_argument("--county", required=True, help="the county, as the input spells it")
    co.add_argument("--policy", help="county policy: .toml, or gogen's eligibility_options.json")
    co.add_argument("--as-of", help="the day of the computation, YYYY-MM-DD (default: today)")
    co.add_argument(
        "--format", choices=("auto", "contract", "doj"), default="auto", help="input layout"
    )
    co.add_argument("-o", "--output", required=True, help="output folder (created if needed)")
    co.set_defaults(func=cmd_county)
    sy = sub.add_parser("synth", help="write a synthetic county file for tests and benchmarks")
    sy.add_argument("--rows", type=int, required=True)
    sy.add_argument("--seed", type=int, default=0)
    sy.add_argument("--format", choices=("contract", "doj"), default="contract")
    sy.add_argument(
        "--clean", action="store_true", help="DOJ: no malformed lines (gogen stops at one)"
    )
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
