"""The `prop64` command as a county analyst runs it: a subprocess, files and pipes."""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from p64_helpers import CONTRACT, OUTPUT_COLUMNS, golden_as_batch, load_golden, prop64

from rules.model import Outcome

HEADER = "person_id,code_section,date_of_birth,level,offense_date,conviction_date,sentence_status\n"
GOOD = (
    HEADER
    + "P1,HS 11359,1970-03-15,F,2012-06-01,2012-09-01,completed\n"
    + "P1,HS 11357(b),1970-03-15,I,2012-06-01,2012-09-01,serving\n"
    + "P2,PC 459,1980-01-01,F,2012-06-01,2012-09-01,completed\n"
)
SUMMARY = re.compile(
    r"^(?P<rows>[\d,]+) rows, (?P<people>[\d,]+) people: (?P<counts>.*); "
    r"(?P<bad>\d+) rows with errors; (?P<seconds>\d+\.\d+) s$"
)


def _summary(stderr: bytes) -> dict[str, str]:
    last = stderr.decode().strip().splitlines()[-1]
    m = SUMMARY.match(last)
    assert m, last
    return m.groupdict()


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_summary_on_stderr(tmp_path: Path) -> None:
    """This test ensures that `prop64 evaluate` prints one summary line on stderr with the rows,
    the people, the count of every outcome and the seconds taken, and writes the CSV to -o."""
    (tmp_path / "in.csv").write_text(GOOD, encoding="utf-8")
    p = prop64("evaluate", "in.csv", "-o", "out.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout == b""
    s = _summary(p.stderr)
    assert (s["rows"], s["people"], s["bad"]) == ("3", "2", "0")
    counts = dict(part.rsplit(" ", 1) for part in s["counts"].split(", "))
    assert set(counts) == {o.value for o in Outcome}
    assert counts["reduce_to_misdemeanor"] == "1"
    assert counts["dismiss"] == "1"
    assert counts["not_applicable"] == "1"
    assert float(s["seconds"]) >= 0
    out = _rows((tmp_path / "out.csv").read_bytes())
    assert [r["outcome"] for r in out] == ["reduce_to_misdemeanor", "dismiss", "not_applicable"]
    assert [r["track"] for r in out] == ["application", "petition", ""]


def test_stdin_to_stdout_with_dash() -> None:
    """This test ensures that `-` reads the input from stdin and that the output goes to stdout
    by default (and with `-o -`), the same bytes either way."""
    a = prop64("evaluate", "-", stdin=GOOD.encode())
    b = prop64("evaluate", "-", "-o", "-", stdin=GOOD.encode())
    assert a.returncode == b.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    out = _rows(a.stdout)
    assert list(out[0])[-len(OUTPUT_COLUMNS) :] == list(OUTPUT_COLUMNS)
    assert len(out) == 3
    assert _summary(a.stderr)["rows"] == "3"


def test_golden_table_through_the_command() -> None:
    """This test ensures that the console script gives the golden cases the same outcomes as the
    in-process batch reader (one installed program, one answer)."""
    rows, cases = load_golden()
    p = prop64("evaluate", "-", stdin=golden_as_batch(rows).encode())
    assert p.returncode == 0, p.stderr
    out = _rows(p.stdout)
    for c in cases:
        assert out[c.line - 2]["outcome"] == c.outcome, c.name


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (
            "latin1.csv",
            "person_id,code_section,name\nP1,HS 11359,José\n".encode("latin-1"),
            "UTF-8",
        ),
        ("empty.csv", b"", "empty"),
        ("no_person.csv", b"id,code_section\nP1,HS 11359\n", "person_id"),
        ("no_section.csv", b"person_id,section\nP1,HS 11359\n", "code_section"),
    ],
    ids=["binary file", "not UTF-8", "empty file", "no person_id", "no code_section"],
)
def test_exit_2_with_one_clear_line(tmp_path: Path, name: str, content: bytes, needle: str) -> None:
    """This test ensures that an input that is not a CSV of the contract (binary, not UTF-8,
    empty, or lacking a required column) stops with exit status 2 and one line on stderr
    that names the file and the problem, and leaves no output file behind."""
    (tmp_path / name).write_bytes(content)
    p = prop64("evaluate", name, "-o", "out.csv", cwd=tmp_path)
    assert p.returncode == 2
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 1, lines
    assert name in lines[0] and needle.lower() in lines[0].lower(), lines[0]
    assert "Traceback" not in p.stderr.decode()
    assert sorted(os.listdir(tmp_path)) == [name]


def test_missing_file_exit_2(tmp_path: Path) -> None:
    """This test ensures that a missing input file gives exit status 2 and one line naming it."""
    p = prop64("evaluate", "nowhere.csv", cwd=tmp_path)
    assert p.returncode == 2
    lines = p.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "nowhere.csv" in lines[0], lines
    assert os.listdir(tmp_path) == []


def test_malformed_rows_do_not_stop_the_batch(tmp_path: Path) -> None:
    """This test ensures that rows with an impossible date, an unknown date format, an
    unreadable section, too few or too many fields come out as needs_review with the problem
    in `errors`, that their line numbers are printed on stderr, and that the good rows around
    them are still evaluated."""
    text = (
        "person_id,code_section,date_of_birth,offense_date,level\n"  # line 1
        "P1,HS 11359,1970-03-15,2012-06-01,F\n"  # 2 good
        "P2,HS 11359,1970-03-15,2016-02-30,F\n"  # 3 impossible date
        "P3,HS 11359,1970-03-15,June 1 2012,F\n"  # 4 unknown date format
        "P4,??,1970-03-15,2012-06-01,F\n"  # 5 unreadable section
        "P5,HS 11359\n"  # 6 short row
        "P6,HS 11359,1970-03-15,2012-06-01,F,surplus\n"  # 7 long row
        "P7,HS 11358,1970-03-15,2012-06-01,F\n"  # 8 good (plants unknown)
    )
    (tmp_path / "in.csv").write_text(text, encoding="utf-8")
    p = prop64("evaluate", "in.csv", "-o", "out.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    err = p.stderr.decode()
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as f:
        out = list(csv.reader(f))
    head, body = out[0], out[1:]
    assert len(body) == 7
    col = {name: i for i, name in enumerate(head)}
    by_line = {n + 2: r for n, r in enumerate(body)}
    problems = {3: "impossible date", 4: "unknown date format", 5: "unreadable", 6: "malformed",
                7: "extra values"}  # fmt: skip
    for line, problem in problems.items():
        row = by_line[line]
        assert row[col["outcome"]] == "needs_review", (line, row)
        assert problem in row[col["errors"]], (line, row[col["errors"]])
        assert re.search(rf"^line {line}: .*{problem}", err, re.MULTILINE), (line, err)
    assert by_line[2][col["outcome"]] == "reduce_to_misdemeanor"
    assert by_line[2][col["errors"]] == ""
    assert by_line[8][col["outcome"]] == "reduce_to_misdemeanor"
    assert "line 2:" not in err and "line 8:" not in err
    assert _summary(p.stderr)["bad"] == "5"
    # The input cells come back as they were, even on the bad rows (padded to the header).
    assert by_line[6][:5] == ["P5", "HS 11359", "", "", ""]
    assert by_line[7][:5] == ["P6", "HS 11359", "1970-03-15", "2012-06-01", "F"]


def test_synth_is_deterministic_and_has_the_contract_columns(tmp_path: Path) -> None:
    """This test ensures that `prop64 synth --rows N --seed S` writes N rows with exactly the
    contract's columns, the same bytes for the same seed, different data for another seed,
    and a file that `prop64 evaluate` accepts."""
    a = prop64("synth", "--rows", "300", "--seed", "7")
    b = prop64("synth", "--rows", "300", "--seed", "7")
    c = prop64("synth", "--rows", "300", "--seed", "8")
    assert a.returncode == b.returncode == c.returncode == 0
    assert a.stdout == b.stdout
    assert a.stdout != c.stdout
    rows = list(csv.reader(io.StringIO(a.stdout.decode(), newline="")))
    assert tuple(rows[0]) == CONTRACT
    assert len(rows) == 301
    assert all(len(r) == len(CONTRACT) for r in rows)
    people = {r[0] for r in rows[1:]}
    assert len(people) < 300  # people with several rows
    sections = {r[1] for r in rows[1:]}
    assert any(" " not in s for s in sections if "11359" in s) or "11359 HS-F" in sections
    assert any(s.startswith("PC") for s in sections)  # non-cannabis priors
    (tmp_path / "synth.csv").write_bytes(a.stdout)
    p = prop64("synth", "--rows", "300", "--seed", "7", "-o", "f.csv", cwd=tmp_path)
    assert p.returncode == 0 and (tmp_path / "f.csv").read_bytes() == a.stdout
    e = prop64("evaluate", "synth.csv", "-o", "out.csv", cwd=tmp_path)
    assert e.returncode == 0, e.stderr
    assert _summary(e.stderr)["rows"] == "300"


def test_evaluate_writes_nothing_but_the_output(tmp_path: Path) -> None:
    """This test ensures that `prop64 evaluate` leaves no temporary, cache or log file in the
    working directory or beside the output: the only new file is the output asked for, and
    with stdout nothing new at all (records are personal data)."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "in.csv").write_text(GOOD, encoding="utf-8")

    def listing() -> list[str]:
        return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))

    before = listing()
    p = prop64("evaluate", "in.csv", "-o", "out.csv", cwd=work)
    assert p.returncode == 0
    assert listing() == sorted([*before, "work/out.csv"])
    (work / "out.csv").unlink()
    p = prop64("evaluate", "in.csv", cwd=work)
    assert p.returncode == 0 and p.stdout
    assert listing() == before
    p = prop64("evaluate", "-", stdin=GOOD.encode(), cwd=work)
    assert p.returncode == 0 and p.stdout
    assert listing() == before


def test_two_workers_write_exactly_what_one_writes(tmp_path: Path) -> None:
    """This test ensures that sharing the second pass between two processes (the default on a
    two-core machine) writes byte for byte the output of a single process, summary included,
    on a synthetic county file of several chunks whose people's rows are scattered."""
    assert (
        prop64("synth", "--rows", "10000", "--seed", "3", "-o", "in.csv", cwd=tmp_path).returncode
        == 0
    )
    one = prop64("evaluate", "in.csv", "-o", "one.csv", "-j", "1", cwd=tmp_path)
    two = prop64("evaluate", "in.csv", "-o", "two.csv", "-j", "2", cwd=tmp_path)
    assert one.returncode == two.returncode == 0, (one.stderr, two.stderr)
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    strip = re.compile(rb"[\d.]+ s\n$")
    assert strip.sub(b"", one.stderr) == strip.sub(b"", two.stderr)
    assert _summary(one.stderr)["rows"] == "10,000"


def test_a_bad_value_in_a_persons_own_facts_is_reported_on_its_row() -> None:
    """This test ensures that an unreadable date of birth or yes/no answer about priors is not
    silently dropped: the row that carries it comes out as needs_review with the problem named,
    and its line number is printed on stderr."""
    data = (
        b"person_id,code_section,date_of_birth,superstrike_prior,pc290_prior\n"
        b"P1,HS 11359,1980-02-30,maybe,\n"
        b"P1,HS 11357(b),,,no\n"
        b"P2,HS 11358,1975-01-01,,perhaps\n"
    )
    p = prop64("evaluate", "-", stdin=data)
    assert p.returncode == 0, p.stderr
    rows = _rows(p.stdout)
    assert rows[0]["outcome"] == "needs_review"
    assert "impossible date '1980-02-30'" in rows[0]["errors"]
    assert "superstrike_prior: expected yes or no, got 'maybe'" in rows[0]["errors"]
    assert rows[1]["errors"] == ""
    assert "pc290_prior: expected yes or no, got 'perhaps'" in rows[2]["errors"]
    assert b"line 2:" in p.stderr and b"line 4:" in p.stderr
