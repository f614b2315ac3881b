"""``prop64 petitions INPUT.csv -o OUT.zip``: one packet per case with relief, in a zip.

Input: the batch CSV contract of ``rules.batch`` (issue 2) plus optional filer columns
(:data:`FILER_COLUMNS`); the filer details are read from each person's first row that has them.
Output: a zip holding one PDF per packet (``<county>_<case number>_<person_id>.pdf``) and
``summary.csv``: every input row, its outcome and track, and the packet that covers it (blank when
none). Packets are built in memory and written only into the zip the user asked for.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from typing import IO, Any

from forms.packet import CaseConvictions, Filer, PacketError, build_packet, plan_case
from rules.batch import (
    ContractError,
    Header,
    _first_pass,
    _header,
    _reader,
    _with_errors,
    check_text,
    conviction_from_row,
    result_columns,
)
from rules.engine import evaluate_one
from rules.model import Conviction, Result

FILER_COLUMNS = (
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "email",
    "attorney_name",
    "bar_number",
    "prosecutor_name",
    "prosecutor_address",
    "server_name",
    "server_address",
    "waive_judge",
    "waive_appearance",
)
YES = {"yes", "y", "true", "1"}


def _cell(h: Header, row: list[str], column: str) -> str:
    i = h.index.get(column)
    return row[i] if i is not None and i < len(row) else ""


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "none"


def _filer(h: Header, row: list[str], name: str) -> Filer:
    def g(col: str) -> str:
        return _cell(h, row, col).strip()

    return Filer(
        name=name,
        street=g("street"),
        city=g("city"),
        state=g("state"),
        zip=g("zip"),
        phone=g("phone"),
        email=g("email"),
        attorney_name=g("attorney_name"),
        bar_number=g("bar_number"),
        prosecutor_name=g("prosecutor_name"),
        prosecutor_address=g("prosecutor_address"),
        server_name=g("server_name"),
        server_address=g("server_address"),
        waive_judge=g("waive_judge").lower() in YES,
        waive_appearance=g("waive_appearance").lower() in YES,
    )


def write_petitions(
    input_text: str,
    out: IO[bytes] | str,
    *,
    progress: Callable[[int, int], None] | None = None,
    official_dir: str | None = None,
) -> dict[str, Any]:
    """Evaluate every row of ``input_text`` (the CSV, already decoded) and write the zip to ``out``.

    Returns a summary: ``rows``, ``people``, ``packets``, ``outcomes`` (Counter), ``problems``
    (list of (line, message)), ``seconds``. Raises ``rules.batch.ContractError`` for a file that is
    not CSV or lacks a required column.
    """
    started = time.perf_counter()
    rows = _reader(io.StringIO(input_text, newline=""))
    h = _header(rows)
    people, total = _first_pass(h, rows)
    rows = _reader(io.StringIO(input_text, newline=""))
    next(rows)
    # person → their rows, evaluated (kept per person only until the file ends: one county file)
    per_person: dict[str, list[tuple[int, list[str], Conviction, Result]]] = {}
    outcomes: Counter[str] = Counter()
    for n, row in enumerate(rows, start=1):
        pid = _cell(h, row, "person_id").strip()
        person, person_errors = people[pid].person()
        conviction, errors = conviction_from_row(h, row)
        if person_errors + errors:
            conviction = _with_errors(conviction, person_errors + errors)
        record = [e for i, e in people[pid].entries if i != n]
        result = evaluate_one(person, conviction, record)
        outcomes[result.outcome.value] += 1
        per_person.setdefault(pid, []).append((n, row, conviction, result))
        if progress is not None and n % 256 == 0:
            progress(n, total)
    covered: dict[int, str] = {}
    problems: list[tuple[int, str]] = []
    packets = 0
    summary_buf = io.StringIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for pid, items in per_person.items():
            first = items[0][1]
            name = next(
                (
                    _cell(h, r, "name").strip()
                    for _n, r, _c, _r in items
                    if _cell(h, r, "name").strip()
                ),
                "",
            )
            filer = _filer(h, first, name or f"Person {pid}")
            groups: dict[tuple[str, str], list[tuple[int, Conviction, Result]]] = {}
            for n, _row, conv, res in items:
                key = ((conv.county or "").strip(), (conv.case_number or "").strip())
                groups.setdefault(key, []).append((n, conv, res))
            for (county, number), members in groups.items():
                plan = plan_case(
                    CaseConvictions(county, number, filer.name, [(c, r) for _n, c, r in members])
                )
                if not plan.has_relief:
                    continue
                filename = f"{_safe(county)}_{_safe(number)}_{_safe(pid)}.pdf"
                try:
                    pdf = build_packet(plan, filer, official_dir=official_dir)
                except PacketError as e:
                    for n, _c, _r in members:
                        problems.append((n + 1, f"no packet: {e}"))
                    continue
                zf.writestr(filename, pdf)
                packets += 1
                for n, _c, res in members:
                    if res.outcome.has_relief:
                        covered[n] = filename
            if progress is not None:
                progress(total, total)
        w = csv.writer(summary_buf, lineterminator="\n")
        w.writerow([*h.names, "outcome", "track", "reasons", "packet"])
        for items in per_person.values():
            for n, row, _c, res in items:
                cols = result_columns(res)
                out_row = list(row[: len(h.names)]) + [""] * max(0, len(h.names) - len(row))
                w.writerow([*out_row, cols[0], cols[1], cols[2], covered.get(n, "")])
        zf.writestr("summary.csv", summary_buf.getvalue())
    return {
        "rows": total,
        "people": len(people),
        "packets": packets,
        "outcomes": outcomes,
        "problems": problems,
        "seconds": time.perf_counter() - started,
    }


def _bar(stream: IO[str]) -> Callable[[int, int], None] | None:
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,} rows")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def run_petitions_command(args: argparse.Namespace) -> int:
    """The ``prop64 petitions`` subcommand (``args.input``, ``args.output``); exit status 0 or 2."""
    try:
        if args.input == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.input, "rb") as f:
                data = f.read()
        text = check_text(data)
        summary = write_petitions(text, args.output, progress=_bar(sys.stderr))
    except ContractError as e:
        sys.stderr.write(f"prop64: {args.input}: {e}\n")
        return 2
    except FileNotFoundError as e:
        sys.stderr.write(f"prop64: {e.filename}: no such file\n")
        return 2
    except PacketError as e:
        sys.stderr.write(f"prop64: {e}\n")
        return 2
    for line, problem in summary["problems"][:50]:
        sys.stderr.write(f"line {line}: {problem}\n")
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary["outcomes"].items()))
    sys.stderr.write(
        f"{summary['rows']:,} rows, {summary['people']:,} people: {counts}; "
        f"{summary['packets']:,} packets in {args.output}; {summary['seconds']:.2f} s\n"
    )
    return 0
