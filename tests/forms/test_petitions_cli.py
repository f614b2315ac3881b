"""``prop64 petitions INPUT.csv -o OUT.zip`` end to end, as a user runs it (a real subprocess)."""

from __future__ import annotations

import csv
import io
import os
import pty
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms.fieldmap import builtin_map

from .conftest import pdftotext

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "person_id,name,code_section,level,offense_date,conviction_date,sentence_status,county,"
    "case_number,street,city,state,zip,waive_judge,prosecutor_name,extra_note,count"
)
ROWS = [
    # P1: two convictions with relief in one case (one packet), and a theft in another case.
    "P1,Jane Q. Public,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,CR-12345,"
    "1 Main St,Oakland,CA,94612,yes,Alameda County District Attorney,keep me,1",
    "P1,Jane Q. Public,HS 11359,F,2010-03-01,2010-09-09,completed,Alameda,CR-12345,,,,,,,,3",
    "P1,Jane Q. Public,PC 484(a),M,2011-01-01,2011-05-05,completed,Alameda,CR-777,,,,,,,,",
    # P2: still serving, so the petition track; a slash in the case number.
    "P2,Juan Dela Cruz,HS 11357(b),M,2015-02-01,2015-06-01,serving,San Joaquin,SJ/2015/9,"
    "PO Box 12,Stockton,CA,95201,,,,",
    # P3: sentence status unknown, so the person must choose the track.
    "P3,Ana Reyes,HS 11357(b),M,2014-01-01,2014-04-04,,Contra Costa,CC-55,"
    "5 Oak Ave,Martinez,CA,94553,,,,",
    # P4: offense after Prop 64 passed, no relief, no packet.
    "P4,Kim Lee,HS 11359,F,2017-03-01,2017-09-01,completed,Alameda,CR-2017-1,,,,,,,,",
    # P5 and P6: bad rows (an impossible date; one value more than the header).
    "P5,Bad Row,HS 11357(b),M,2012-13-45,2013-02-02,completed,Alameda,CR-999,,,,,,,,",
    "P6,Too Many,HS 11357(b),M,2012-01-01,2013-02-02,completed,Alameda,CR-888,,,,,,,,,surplus",
]
PACKETS = {
    "Alameda_CR-12345_P1.pdf",
    "San-Joaquin_SJ-2015-9_P2.pdf",
    "Contra-Costa_CC-55_P3.pdf",
}


def _run(
    cwd: Path, *args: str, stdin: bytes | None = None, tmpdir: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TMPDIR": str(tmpdir or cwd),
        "HOME": str(cwd),
    }
    env.pop("FORMS_OFFICIAL_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "rules.cli", "petitions", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def batch(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[bytes]]:
    d = tmp_path_factory.mktemp("petitions")
    (d / "in.csv").write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    return d, _run(d, "in.csv", "-o", "out.zip")


def _summary(zip_path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(zip_path) as zf:
        return list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode("utf-8"))))


def _fields(pdf: bytes) -> dict[str, object]:
    return {
        k: v.get("/V") for k, v in PdfReader(io.BytesIO(pdf)).get_fields().items() if "/FT" in v
    }


def test_zip_holds_one_packet_per_case_with_relief_and_a_summary_of_every_row(
    batch: tuple[Path, subprocess.CompletedProcess[bytes]],
) -> None:
    """This test ensures that the zip holds exactly one PDF per case with relief, each named with
    its case number, and a summary.csv with every input row (cells unchanged, in file order), its
    outcome and the packet covering it; bad rows are reported with their line and do not stop
    the batch."""
    d, proc = batch
    assert proc.returncode == 0, proc.stderr.decode()
    with zipfile.ZipFile(d / "out.zip") as zf:
        names = set(zf.namelist())
        assert names == PACKETS | {"summary.csv"}
        for name in PACKETS:
            assert zf.read(name).startswith(b"%PDF-")
    summary = _summary(d / "out.zip")
    assert len(summary) == len(ROWS)
    header = HEADER.split(",")
    for row, line in zip(summary, ROWS, strict=True):
        cells = next(csv.reader([line]))
        assert [row[h] for h in header] == cells[: len(header)]
    by_case = {(r["person_id"], r["code_section"], r["case_number"]): r for r in summary}
    p1 = by_case["P1", "HS 11357(b)", "CR-12345"]
    assert (p1["outcome"], p1["track"]) == ("reduce_to_infraction", "application")
    assert p1["packet"] == "Alameda_CR-12345_P1.pdf"
    assert p1["extra_note"] == "keep me"
    assert by_case["P1", "HS 11359", "CR-12345"]["packet"] == "Alameda_CR-12345_P1.pdf"
    assert by_case["P1", "PC 484(a)", "CR-777"]["packet"] == ""
    assert by_case["P2", "HS 11357(b)", "SJ/2015/9"]["packet"] == "San-Joaquin_SJ-2015-9_P2.pdf"
    p3 = by_case["P3", "HS 11357(b)", "CC-55"]
    assert p3["packet"] == "Contra-Costa_CC-55_P3.pdf"
    assert "Choose petition or application" in p3["note"]
    assert by_case["P4", "HS 11359", "CR-2017-1"]["outcome"] == "not_eligible"
    bad = by_case["P5", "HS 11357(b)", "CR-999"]
    assert bad["outcome"] == "needs_review" and "impossible date" in bad["errors"]
    assert bad["packet"] == ""
    extra = by_case["P6", "HS 11357(b)", "CR-888"]
    assert extra["outcome"] == "needs_review" and "surplus" in extra["errors"]
    err = proc.stderr.decode()
    assert "line 8: offense_date: impossible date" in err
    assert "line 9: malformed row" in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("8 rows, 6 people:") and "3 packets in out.zip" in last
    assert "2 rows with errors" in last
    assert "[#" not in err  # no progress bar when stderr is not a terminal
    assert proc.stdout == b""


def test_cr400_of_a_packet_reads_back_the_case(
    batch: tuple[Path, subprocess.CompletedProcess[bytes]],
) -> None:
    """This test ensures that the CR-400 of a packet from the batch holds the defendant, county,
    case number, filer details from the CSV, the section boxes of the case's convictions and the
    track boxes of its track (application for a completed sentence, petition while serving)."""
    d, _proc = batch
    m = builtin_map("cr400_2024")
    with zipfile.ZipFile(d / "out.zip") as zf:
        p1 = zf.read("Alameda_CR-12345_P1.pdf")
        p2 = zf.read("San-Joaquin_SJ-2015-9_P2.pdf")
    values = _fields(p1)
    assert values[m.text["defendant"]] == "Jane Q. Public"
    assert values[m.text["court_county"]] == "Alameda"
    assert values[m.text["case_number"]] == "CR-12345"
    assert values[m.text["street"]] == "1 Main St"
    assert values[m.text["attorney_for"]] == "In pro per"
    for fact in ("section_11357", "section_11359", "track_application", "title_f", "waive_judge"):
        assert values[m.checkbox[fact].field] == "/Yes", fact
    for fact in ("section_11358", "section_11360", "track_petition", "title_b", "waive_appearance"):
        assert values[m.checkbox[fact].field] in (None, "/Off"), fact
    text = pdftotext(p1)
    assert "HS 11359" in text and "HS 11357(b)" in text and "PC 484(a)" not in text
    values = _fields(p2)
    assert values[m.text["case_number"]] == "SJ/2015/9"
    assert values[m.text["court_county"]] == "San Joaquin"
    for fact in ("track_petition", "title_b", "section_11357"):
        assert values[m.checkbox[fact].field] == "/Yes", fact
    for fact in ("track_application", "title_f"):
        assert values[m.checkbox[fact].field] in (None, "/Off"), fact


def test_nothing_but_the_zip_is_written(tmp_path: Path) -> None:
    """This test ensures that the command writes nothing personal to disk but the zip asked for:
    the working directory gains only the zip, and the temporary directory stays empty."""
    work, tmp = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    tmp.mkdir()
    (work / "in.csv").write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    before = sorted(p.name for p in work.iterdir())
    proc = _run(work, "in.csv", "-o", "packets.zip", tmpdir=tmp)
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in work.iterdir()) == sorted([*before, "packets.zip"])
    assert list(tmp.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        ("person_id,code_section\nP1,HS 11357 Jos\xe9\n".encode("latin-1"), "not a UTF-8"),
        (b"person_id,section\nP1,HS 11357\n", "missing required column(s): code_section"),
    ],
    ids=["empty", "binary", "latin-1", "missing-column"],
)
def test_unusable_input_exits_2_with_one_line_and_no_zip(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """This test ensures that an empty, binary, non-UTF-8 file or one missing a required column
    exits with status 2 and one clear line on stderr, as ``prop64 evaluate`` does, and leaves no
    zip (nor a partial one) behind."""
    (tmp_path / "in.csv").write_bytes(content)
    proc = _run(tmp_path, "in.csv", "-o", "out.zip")
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert len(err.splitlines()) == 1 and err.startswith("prop64: in.csv: ") and message in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]
    evaluate = subprocess.run(
        [sys.executable, "-m", "rules.cli", "evaluate", "in.csv"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
    )
    assert evaluate.returncode == 2 and evaluate.stderr.decode() == err


def test_missing_input_file_exits_2(tmp_path: Path) -> None:
    """This test ensures that a missing input file exits 2 with one line and no zip."""
    proc = _run(tmp_path, "nope.csv", "-o", "out.zip")
    assert proc.returncode == 2
    assert proc.stderr.decode() == "prop64: nope.csv: no such file\n"
    assert list(tmp_path.iterdir()) == []


def test_output_in_a_missing_folder_exits_2(tmp_path: Path) -> None:
    """This test ensures that an output path whose folder does not exist exits 2 with one line."""
    (tmp_path / "in.csv").write_text(HEADER + "\n" + ROWS[0] + "\n", encoding="utf-8")
    proc = _run(tmp_path, "in.csv", "-o", "no/such/out.zip")
    assert proc.returncode == 2
    assert proc.stderr.decode() == "prop64: no/such/out.zip: its folder does not exist\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_stdin_to_stdout(tmp_path: Path) -> None:
    """This test ensures that ``-`` reads the CSV from stdin and writes the zip to stdout."""
    data = (HEADER + "\n" + ROWS[0] + "\n").encode()
    proc = _run(tmp_path, "-", "-o", "-", stdin=data)
    assert proc.returncode == 0, proc.stderr.decode()
    with zipfile.ZipFile(io.BytesIO(proc.stdout)) as zf:
        assert set(zf.namelist()) == {"Alameda_CR-12345_P1.pdf", "summary.csv"}
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("scattered", [False, True])
def test_progress_bar_on_a_terminal(tmp_path: Path, scattered: bool) -> None:
    """This test ensures that a progress bar is drawn when stderr is a terminal (and, per the test
    above, not when it is a pipe), followed by the summary line; and that a file not sorted by
    person says first that it is being sorted (the bar waits meanwhile)."""
    rows = [*ROWS[3:], *ROWS[:3]] if scattered else ROWS
    (tmp_path / "in.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "rules.cli", "petitions", "in.csv", "-o", "out.zip"],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.DEVNULL,
            stderr=slave,
            timeout=120,
            check=False,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    assert proc.returncode == 0
    err = b"".join(chunks).decode()
    assert "[##############################] 8/8 rows" in err
    assert "3 packets in out.zip" in err
    assert ("not sorted by person_id: sorting them by person first" in err) is scattered


def test_partial_dates_and_counts_print_as_given_and_an_address_is_required(
    tmp_path: Path,
) -> None:
    """This test ensures that the batch contract takes year and month dates (2012, 06/2013,
    2013-02) and prints them at that precision on the attachment, prints the count column only
    for a packet whose rows give counts, flags a year that the outcome depends on (2016: before
    or after 9 November), and makes no packet without a mailing address, saying why."""
    header = "person_id,name,code_section,level,offense_date,conviction_date,sentence_status,"
    header += "county,case_number,street,city,state,zip,count"
    rows = [
        "Q1,Ana Reyes,HS 11357(b),M,2012,06/2013,completed,Alameda,A-1,1 Main,Oakland,CA,94612,2",
        "Q2,Bo Li,HS 11357(b),M,2012-05,2013-02,completed,Fresno,F-1,2 Elm,Fresno,CA,93721,",
        "Q3,Cy Doe,HS 11359,F,2016,,completed,Alameda,C-3,3 Oak,Oakland,CA,94612,",
        "Q4,Di Roe,HS 11357(b),M,2012-05-05,,completed,Alameda,D-4,,,,,",
    ]
    (tmp_path / "in.csv").write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    proc = _run(tmp_path, "in.csv", "-o", "out.zip")
    assert proc.returncode == 0, proc.stderr.decode()
    summary = {r["person_id"]: r for r in _summary(tmp_path / "out.zip")}
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        q1 = pdftotext(zf.read("Alameda_A-1_Q1.pdf"))
        q2 = pdftotext(zf.read("Fresno_F-1_Q2.pdf"))
    att1 = q1.split("PROOF OF SERVICE")[0].split("ATTACHMENT TO PETITION")[1]
    att2 = q2.split("PROOF OF SERVICE")[0].split("ATTACHMENT TO PETITION")[1]
    assert "2012" in att1 and "06/2013" in att1 and "01/01/2012" not in q1
    assert "\nCount\n" in f"\n{att1}\n"
    assert "05/2012" in att2 and "02/2013" in att2 and "\nCount\n" not in f"\n{att2}\n"
    assert summary["Q1"]["errors"] == "" and summary["Q1"]["packet"] == "Alameda_A-1_Q1.pdf"
    assert summary["Q3"]["outcome"] == "needs_review"
    assert "offense_date '2016' gives only the year or month" in summary["Q3"]["errors"]
    assert summary["Q4"]["packet"] == ""
    assert "mailing address is required" in summary["Q4"]["note"]
