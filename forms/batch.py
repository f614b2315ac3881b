"""``prop64 petitions INPUT.csv -o OUT.zip``: one packet per case with relief, in a zip.

Input: the batch CSV contract of ``rules.batch`` (issue 2) plus the optional filer columns
:data:`FILER_COLUMNS`; each filer detail is read from the first of the person's rows that gives it.
Rows are evaluated by ``rules.batch.Evaluation``, so every row gets the same answer as
``prop64 evaluate`` gives it, and a bad row never stops the batch.

Output: a zip holding one PDF per packet (``<county>_<case number>_<person_id>.pdf``) and
``summary.csv``: every input row in file order with its input columns, then ``outcome``, ``track``,
``reasons``, ``errors``, ``packet`` (the file in the zip that covers the row, blank when none) and
``note`` (why there is no packet, or what the person must still do). Packets are built in memory;
the zip is written under a temporary name beside the target and renamed into place, so nothing
personal is written anywhere else and a failure leaves no half file.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import heapq
import io
import operator
import os
import pickle
import re
import sys
import tempfile
import time
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO

from forms.fonts import FontsMissing, check_fonts
from forms.packet import (
    CaseConvictions,
    CasePlan,
    Filer,
    Given,
    PacketError,
    blank_base,
    build_packet,
    plan_case,
)
from rules.batch import (
    EvaluatedRow,
    Evaluation,
    Header,
    PersonGroups,
    input_failure,
    input_opener,
)
from rules.csvsafe import SafeWriter
from rules.model import Outcome
from rules.spool import external_sort, spooled

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
SUMMARY_COLUMNS = ("outcome", "track", "reasons", "errors", "packet", "note")
YES = {"yes", "y", "true", "t", "1"}


@dataclass
class PetitionsSummary:
    """What :func:`write_petitions` did, for the summary line."""

    rows: int = 0
    people: int = 0
    packets: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    # (line, problem) and (line, why: relief rows only): the first 50 by line, and how many
    bad_rows: _FirstLines = field(default_factory=lambda: _FirstLines())
    no_packet: _FirstLines = field(default_factory=lambda: _FirstLines())
    seconds: float = 0.0


def _safe(text: str, empty: str) -> str:
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-.") or empty


def _filer(h: Header, rows: list[EvaluatedRow], pid: str) -> Filer:
    def first(column: str) -> str:
        for ev in rows:
            value = h.get(ev.cells, column).strip()
            if value:
                return value
        return ""

    return Filer(
        name=first("name") or f"Person {pid}",
        street=first("street"),
        city=first("city"),
        state=first("state"),
        zip=first("zip"),
        phone=first("phone"),
        email=first("email"),
        attorney_name=first("attorney_name"),
        bar_number=first("bar_number"),
        prosecutor_name=first("prosecutor_name"),
        prosecutor_address=first("prosecutor_address"),
        server_name=first("server_name"),
        server_address=first("server_address"),
        waive_judge=first("waive_judge").lower() in YES,
        waive_appearance=first("waive_appearance").lower() in YES,
    )


_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), ("m", "d", "y")),
    (re.compile(r"(\d{4})-(\d{2})"), ("y", "m")),
    (re.compile(r"(\d{1,2})/(\d{4})"), ("m", "y")),
    (re.compile(r"(\d{4})"), ("y",)),
)


def given_date(text: str) -> str:
    """A date cell as an ISO partial date at the precision it was given (``2015``, ``2015-06``,
    ``2015-06-01``), for printing; blank when blank or unreadable (the row's errors say why)."""
    t = text.strip()
    for rx, order in _DATE_FORMS:
        m = rx.fullmatch(t)
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            out = f"{parts['y']:04d}"
            if "m" in parts:
                if not 1 <= parts["m"] <= 12:
                    return ""
                out += f"-{parts['m']:02d}"
            if "d" in parts:
                out += f"-{parts['d']:02d}"
            return out
    return ""


def _given(h: Header, ev: EvaluatedRow) -> Given:
    """What the row says, for printing at its precision: dates as given and the court's count."""
    return Given(
        given_date(h.get(ev.cells, "offense_date")) if ev.conviction.offense_date else "",
        given_date(h.get(ev.cells, "conviction_date")) if ev.conviction.conviction_date else "",
        h.get(ev.cells, "count").strip(),
    )


def _case_plans(
    h: Header, rows: list[EvaluatedRow], name: str
) -> list[tuple[CasePlan, list[EvaluatedRow]]]:
    """A person's rows grouped by (county, case number), in first-seen order."""
    groups: dict[tuple[str, str], list[EvaluatedRow]] = {}
    for ev in rows:
        key = ((ev.conviction.county or "").strip(), (ev.conviction.case_number or "").strip())
        groups.setdefault(key, []).append(ev)
    return [
        (
            plan_case(
                CaseConvictions(
                    county,
                    number,
                    name,
                    [(e.conviction, e.result) for e in members],
                    [_given(h, e) for e in members],
                )
            ),
            members,
        )
        for (county, number), members in groups.items()
    ]


class _SpooledDirectory:
    """Stands in for ``ZipFile.filelist``, the members' directory entries, which a ZIP file
    keeps in memory until it closes (about 600 bytes a packet, so a county batch's memory would
    grow with its packets): past :attr:`KEPT` entries they go to an unnamed temporary file
    (unlinked from the start, so nothing is left on disk even if the process is killed) and come
    back one at a time when the ZIP file writes its central directory."""

    KEPT = 1024

    def __init__(self, directory: str | None) -> None:
        self.kept: list[zipfile.ZipInfo] = []
        self.spooled = 0
        self.directory = directory
        self.file: IO[bytes] | None = None

    def append(self, info: zipfile.ZipInfo) -> None:
        self.kept.append(info)
        if len(self.kept) >= self.KEPT:
            if self.file is None:
                self.file = tempfile.TemporaryFile(dir=self.directory)
            for kept in self.kept:
                pickle.dump(kept, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.spooled += len(self.kept)
            self.kept.clear()

    def __len__(self) -> int:
        return self.spooled + len(self.kept)

    def __iter__(self) -> Iterator[zipfile.ZipInfo]:
        if self.file is not None:
            self.file.seek(0)
            for _ in range(self.spooled):
                # our own file, unlinked from the start: no one else can have written it
                yield pickle.load(self.file)  # noqa: S301
            self.file.seek(0, os.SEEK_END)
        yield from self.kept

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


class _Names:
    """The packets' file names, numbered from 1, in one byte string (not one object each)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.ends = array("Q", [0])

    def __len__(self) -> int:
        return len(self.ends) - 1

    def append(self, name: str) -> None:
        self.data += name.encode()
        self.ends.append(len(self.data))

    def __getitem__(self, i: int) -> str:
        return self.data[self.ends[i - 1] : self.ends[i]].decode()


def packet_stem(county: str, case_number: str, person_id: str) -> tuple[str, bool]:
    """``<county>_<case number>_<person id>`` (each part letters, digits, ``.`` and ``-``), and
    whether the id is *plain*: printed as it is, so that no other id can give the same name.

    An id that is blank or has other characters (``_`` too: it separates the parts) is printed
    changed, then ``~`` and the first 8 hex digits of its SHA-256, so two ids that print alike
    still differ (and :class:`_Namer` checks such names against each other)."""
    pid = _safe(person_id, "no-person-id")
    plain = pid == person_id
    if not plain:
        pid = f"{pid}~{hashlib.sha256(person_id.encode()).hexdigest()[:8]}"
    return (
        "_".join((_safe(county, "no-county"), _safe(case_number, "no-case-number"), pid)),
        plain,
    )


class _Namer:
    """Unique file names in the zip without remembering every name given.

    A plain id's first name (``C_K_P.pdf``) has no ``~`` and ends with the id after the last
    ``_``, so it can only equal a name of the same person, which the person's own set of names
    catches; every other name (an id that is not plain, or a second case of a person with the
    same name, which gets ``~2``, ``~3`` …) has a ``~`` and is kept in :attr:`rare` for good.
    Memory grows only with those."""

    def __init__(self) -> None:
        self.rare: set[str] = set()

    def name(self, county: str, case_number: str, pid: str, used: set[str]) -> str:
        """The file name for a case of a person whose names so far are ``used`` (it is added)."""
        stem, plain = packet_stem(county, case_number, pid)
        filename, i = f"{stem}.pdf", 1
        while filename in used or filename in self.rare:
            i += 1
            filename = f"{stem}~{i}.pdf"
        used.add(filename)
        if not plain or i > 1:
            self.rare.add(filename)
        return filename


class _FirstLines:
    """The first :attr:`LIMIT` (line, text) pairs by line number, whatever order they come in,
    and how many came: what the summary on stderr prints, in memory that does not grow."""

    LIMIT = 50

    def __init__(self) -> None:
        self.count = 0
        self._heap: list[tuple[int, str]] = []  # (-line, text): the largest line is on top

    def append(self, item: tuple[int, str]) -> None:
        self.count += 1
        entry = (-item[0], item[1])
        if len(self._heap) < self.LIMIT:
            heapq.heappush(self._heap, entry)
        elif entry > self._heap[0]:
            heapq.heapreplace(self._heap, entry)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return iter(sorted((-line, text) for line, text in self._heap))

    def __len__(self) -> int:
        return self.count


def write_petitions(
    source: Evaluation | PersonGroups,
    out: IO[bytes],
    *,
    progress: Callable[[int, int], None] | None = None,
    official_dir: str | None = None,
) -> PetitionsSummary:
    """Evaluate every row of ``source`` and write the zip of packets and ``summary.csv`` to
    ``out``. ``source`` is ``rules.batch.Evaluation(open_input)`` (which has already checked the
    header), or ``rules.batch.PersonGroups.of(open_input)`` for a file sorted by person, read
    once with memory that does not grow with the file.

    Raises :class:`forms.packet.PacketError` before writing anything when the blank forms cannot be
    used (e.g. an official file of another revision in ``FORMS_OFFICIAL_DIR``). A row that cannot
    be read, or a case whose packet cannot be built (e.g. a name no font can print), is reported
    in the summary and the batch goes on.
    """
    started = time.perf_counter()
    blank_base(official_dir)  # parsed once per process; refuses unusable official forms up front
    try:
        check_fonts()
    except FontsMissing as e:
        raise PacketError(str(e)) from None
    h, total = source.header, source.total
    summary = PetitionsSummary()
    namer = _Namer()
    name = getattr(out, "name", None)
    directory = os.path.dirname(os.path.abspath(name)) if isinstance(name, str) else None
    spool = _SpooledDirectory(directory)
    with (
        contextlib.closing(spool),
        # Deflate level 1: a packet compresses in 0.6 ms instead of 1.6 (level 6, the default),
        # to 27 KB instead of 23 KB (112 KB uncompressed); a county's run is mostly this.
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
    ):
        zf.filelist = spool  # type: ignore[assignment]

        def person_done(pid: str, person_rows: list[EvaluatedRow]) -> dict[int, tuple[str, str]]:
            """Builds the person's packets into the zip; returns, by line, the packet that
            covers the row and the row's note (rows with neither are left out)."""
            got: dict[int, tuple[str, str]] = {}
            used: set[str] = set()
            filer = _filer(h, person_rows, pid)
            for plan, members in _case_plans(h, person_rows, filer.name):
                covered = {id(e.conviction) for e in plan.relief}
                if not plan.has_relief:
                    for ev in members:
                        if ev.result.outcome.has_relief:  # juvenile court: JV-744
                            got[ev.line] = ("", " ".join(plan.notes))
                    continue
                try:
                    pdf = build_packet(plan, filer, official_dir=official_dir)
                except PacketError as e:
                    for ev in members:
                        if id(ev.conviction) in covered:
                            got[ev.line] = ("", f"no packet: {e}")
                            summary.no_packet.append((ev.line, str(e)))
                    continue
                filename = namer.name(plan.case.county, plan.case.case_number, pid, used)
                zf.writestr(filename, pdf)
                del zf.NameToInfo[filename]  # (names are unique already: ``namer``)
                summary.packets += 1
                for ev in members:
                    if id(ev.conviction) in covered:
                        got[ev.line] = (filename, " ".join(plan.notes))
            return got

        def count(ev: EvaluatedRow) -> None:
            summary.outcomes[ev.result.outcome.value] += 1
            if ev.result.errors:
                summary.bad_rows.append((ev.line, "; ".join(ev.result.errors)))

        def summary_row(ev: EvaluatedRow, packet: str, note: str) -> list[str]:
            r = ev.result
            return [
                *ev.cells,
                r.outcome.value,
                r.track.value if r.track else "",
                ";".join(r.reason_codes),
                "; ".join(r.errors),
                packet,
                note,
            ]

        if isinstance(source, PersonGroups):
            _by_groups(source, zf, directory, person_done, count, summary_row, progress)
            summary.people = source.people
            summary.rows = source.total
        else:
            summary.people = source.people
            summary.rows = _by_two_readings(source, zf, person_done, count, summary_row, progress)
    if progress is not None:
        progress(total, total)
    summary.seconds = time.perf_counter() - started
    return summary


_PersonDone = Callable[[str, list[EvaluatedRow]], dict[int, tuple[str, str]]]


def _write_summary(zf: zipfile.ZipFile, h: Header, rows: Iterator[list[str]]) -> None:
    """``summary.csv``, streamed into the zip: the input's columns and :data:`SUMMARY_COLUMNS`."""
    with zf.open("summary.csv", "w", force_zip64=True) as member:
        text = io.TextIOWrapper(member, encoding="utf-8", newline="")
        w = SafeWriter(csv.writer(text, lineterminator="\n"))
        w.writerow([*h.names, *SUMMARY_COLUMNS])
        for row in rows:
            w.writerow(row)
        text.flush()
        text.detach()


def _by_groups(
    source: PersonGroups,
    zf: zipfile.ZipFile,
    directory: str | None,
    person_done: _PersonDone,
    count: Callable[[EvaluatedRow], None],
    summary_row: Callable[[EvaluatedRow, str, str], list[str]],
    progress: Callable[[int, int], None] | None,
) -> None:
    """The file read person by person (``rules.batch.PersonGroups``): each person's packets go
    into the zip as their rows end; their ``summary.csv`` rows wait in unnamed temporary files
    beside the output (``rules.spool``: put back in file order when the file was not sorted by
    person), like the zip's directory, and are written into the zip after the last packet."""
    h = source.header

    def rows() -> Iterator[tuple[int, list[str]]]:
        n = 0
        for group in source.groups():
            for ev in group:
                count(ev)
                ev.text = ""
            got = person_done(group[0].person_id, group)
            for ev in group:
                packet, note = got.get(ev.line, ("", ""))
                yield ev.line, summary_row(ev, packet, note)
            if progress is not None and n // 256 != (n + len(group)) // 256:
                progress(n + len(group), source.total)
            n += len(group)

    if source.in_order:  # the rows come in file order: kept on disk as they come
        in_file_order = spooled(rows(), directory)
    else:
        in_file_order = external_sort(rows(), key=operator.itemgetter(0), directory=directory)
    # (every packet is in the zip now: the sort has read every row)
    _write_summary(zf, h, (row for _line, row in in_file_order))


def _numbered(text: str, seen: dict[str, int], store: _Names | list[str]) -> int:
    """The number (from 1) of ``text`` in ``store``, where it is appended when ``seen`` has not
    seen it yet."""
    i = seen.get(text)
    if i is None:
        store.append(text)
        i = seen[text] = len(store)
    return i


def _by_two_readings(
    evaluation: Evaluation,
    zf: zipfile.ZipFile,
    person_done: _PersonDone,
    count: Callable[[EvaluatedRow], None],
    summary_row: Callable[[EvaluatedRow, str, str], list[str]],
    progress: Callable[[int, int], None] | None,
) -> int:
    """Any file: a person's rows are held until the last of them has been read (pass one
    counted them), then their packets are built and the rows let go; what is kept per row is
    two 4-byte slots (its packet, its note), and ``summary.csv`` is written from a second
    reading. Returns the number of rows."""
    h, total = evaluation.header, evaluation.total
    pending: dict[str, list[EvaluatedRow]] = {}
    packet_slot = array("I", [0, 0])  # by line: 0, or 1 + index in packet_names
    note_slot = array("I", [0, 0])  # by line: 0, or 1 + index in notes
    packet_names = _Names()
    notes: list[str] = []
    note_index: dict[str, int] = {}

    def done(pid: str, person_rows: list[EvaluatedRow]) -> None:
        numbers: dict[str, int] = {}
        for line, (packet, note) in person_done(pid, person_rows).items():
            if packet:
                packet_slot[line] = _numbered(packet, numbers, packet_names)
            if note:
                note_slot[line] = _numbered(note, note_index, notes)

    n = 0
    for n, ev in enumerate(evaluation, start=1):
        while len(packet_slot) <= ev.line:
            packet_slot.append(0)
            note_slot.append(0)
        count(ev)
        held = pending.get(ev.person_id)
        if held is None:
            held = pending[ev.person_id] = []
        ev.text = ""  # (the raw line is not needed for a packet: hold only the cells)
        held.append(ev)
        if len(held) >= evaluation.rows_of(ev.person_id):
            done(ev.person_id, pending.pop(ev.person_id))
        if progress is not None and n % 256 == 0:
            progress(n, total)
    for pid in list(pending):  # (only if the file changed between the passes)
        done(pid, pending.pop(pid))

    def second_reading() -> Iterator[list[str]]:
        for ev in evaluation:
            p_i = packet_slot[ev.line] if ev.line < len(packet_slot) else 0
            n_i = note_slot[ev.line] if ev.line < len(note_slot) else 0
            yield summary_row(ev, packet_names[p_i] if p_i else "", notes[n_i - 1] if n_i else "")

    _write_summary(zf, h, second_reading())
    return n


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


def _write_zip_atomically(
    target: str, write: Callable[[IO[bytes]], PetitionsSummary]
) -> PetitionsSummary:
    """Run ``write`` on a temporary file beside ``target``, then rename it to ``target``."""
    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix=f".{os.path.basename(target)}.", suffix=".partial"
    )
    try:
        with os.fdopen(fd, "wb") as f:
            summary = write(f)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(tmp)
    return summary


def run_petitions_command(args: argparse.Namespace) -> int:
    """The ``prop64 petitions`` subcommand (``args.input``, ``args.output``); exit status 0 or 2."""
    progress = _bar(sys.stderr)
    try:
        # The header is checked (exit 2) before any output file is created. A file is read
        # from disk at each pass (not held in memory); stdin, which cannot be read twice, is.
        # A file is read person by person, in memory that does not grow with the file (sorted
        # by person first, beside the output, when it is not); stdin, held in memory anyway
        # and never spooled to disk, is read twice (rules.batch).
        opener = input_opener(args.input)
        source: Evaluation | PersonGroups
        if args.input == "-":
            source = Evaluation(opener)
        else:
            beside = None if args.output == "-" else os.path.dirname(os.path.abspath(args.output))
            groups = PersonGroups.of(opener, sort=True, spool_dir=beside)
            assert groups is not None  # (with sort=True, any file is read person by person)
            source = groups
            if progress is not None and not groups.in_order:  # (the bar waits meanwhile)
                sys.stderr.write(
                    "prop64: the rows are not sorted by person_id: sorting them by person first\n"
                )

        def write(out: IO[bytes]) -> PetitionsSummary:
            return write_petitions(source, out, progress=progress)

        if args.output == "-":
            buf = io.BytesIO()
            summary = write(buf)
            sys.stdout.buffer.write(buf.getvalue())
            sys.stdout.buffer.flush()
        elif not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
            sys.stderr.write(f"prop64: {args.output}: its folder does not exist\n")
            return 2
        else:
            summary = _write_zip_atomically(args.output, write)
    except PacketError as e:
        sys.stderr.write(f"prop64: {e}\n")
        return 2
    except Exception as e:
        message = input_failure(args.input, e)
        if message is None:
            raise
        sys.stderr.write(message + "\n")
        return 2
    print_summary(summary, args.output, sys.stderr)
    return 0


def print_summary(summary: PetitionsSummary, output: str, stream: IO[str]) -> None:
    """Rows with problems (the first 50), then one summary line like ``prop64 evaluate``'s."""
    problems = sorted(
        [*summary.bad_rows, *((n, f"no packet: {why}") for n, why in summary.no_packet)]
    )
    for line, problem in problems[:50]:
        stream.write(f"line {line}: {problem}\n")
    count = len(summary.bad_rows) + len(summary.no_packet)
    if count > 50:
        stream.write(f"… and {count - 50} more rows with problems\n")
    counts = ", ".join(f"{o.value} {summary.outcomes.get(o.value, 0)}" for o in Outcome)
    where = "stdout" if output == "-" else output
    stream.write(
        f"{summary.rows:,} rows, {summary.people:,} people: {counts}; "
        f"{len(summary.bad_rows)} rows with errors; {summary.packets:,} packets in {where}; "
        f"{summary.seconds:.2f} s\n"
    )
