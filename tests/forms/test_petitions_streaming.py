"""`prop64 petitions` streams: a person's rows may be anywhere in the file; their packet is built
once their last row is read, and summary.csv still lists every row in file order."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
HEADER = (
    "person_id,name,code_section,level,offense_date,conviction_date,sentence_status,county,"
    "case_number,street,city,state,zip"
)
ROWS = [
    "P1,Jane Q. Public,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,CR-1,"
    "1 Main St,Oakland,CA,94612",
    "P2,Juan Dela Cruz,HS 11357(b),M,2015-02-01,2015-06-01,completed,Alameda,CR-2,,,,",
    "P3,Ana Reyes,PC 484(a),M,2011-01-01,2011-05-05,completed,Alameda,CR-3,,,,",
    "P1,Jane Q. Public,HS 11359,F,2010-03-01,2010-09-09,completed,Alameda,CR-1,,,,",
    "P2,Juan Dela Cruz,=HS 11358,F,2010-03-01,2010-09-09,completed,Alameda,CR-2,,,,",
]


def test_scattered_rows_of_a_person_make_one_packet_and_the_summary_keeps_file_order(
    tmp_path: Path,
) -> None:
    """This test ensures that two rows of one case far apart in the file end in one packet that
    lists both convictions, that summary.csv lists every row in file order with its packet, and
    that a formula cell comes back neutralised in summary.csv."""
    (tmp_path / "in.csv").write_text(HEADER + "\n" + "\n".join(ROWS) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path), "HOME": str(tmp_path)}
    env.pop("FORMS_OFFICIAL_DIR", None)
    p = subprocess.run(
        [sys.executable, "-m", "rules.cli", "petitions", "in.csv", "-o", "out.zip"],
        cwd=tmp_path, env=env, capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr.decode()
    with zipfile.ZipFile(tmp_path / "out.zip") as zf:
        assert "Alameda_CR-1_P1.pdf" in zf.namelist()
        text = "".join(
            page.extract_text() or ""
            for page in PdfReader(io.BytesIO(zf.read("Alameda_CR-1_P1.pdf"))).pages
        )
        summary = list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode("utf-8"))))
    assert "11357" in text and "11359" in text
    assert [r["person_id"] for r in summary] == ["P1", "P2", "P3", "P1", "P2"]
    assert summary[0]["packet"] == summary[3]["packet"] == "Alameda_CR-1_P1.pdf"
    assert summary[2]["packet"] == ""
    assert summary[4]["code_section"] == "'=HS 11358"


def test_a_batch_with_more_packets_than_the_zip_keeps_in_memory_is_a_complete_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that when the ZIP's directory entries go to the temporary spool (here
    after every 2 packets instead of 1,024), every packet is still in the ZIP, readable and
    named in summary.csv, and the spool leaves no file behind."""
    from forms import batch as forms_batch
    from rules.batch import Evaluation, input_opener

    monkeypatch.setattr(forms_batch._SpooledDirectory, "KEPT", 2)
    rows = [
        f"P{i},Person {i},HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,CR-{i},"
        "1 Main St,Oakland,CA,94612"
        for i in range(1, 8)
    ]
    (tmp_path / "in.csv").write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    spool_dir = tmp_path / "out"
    spool_dir.mkdir()
    with open(spool_dir / "out.zip", "wb") as out:
        summary = forms_batch.write_petitions(
            Evaluation(input_opener(str(tmp_path / "in.csv"))), out
        )
    assert summary.packets == 7
    assert sorted(os.listdir(spool_dir)) == ["out.zip"]
    with zipfile.ZipFile(spool_dir / "out.zip") as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        listed = list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode("utf-8"))))
        for i in range(1, 8):
            pdf = PdfReader(io.BytesIO(zf.read(f"Alameda_CR-{i}_P{i}.pdf")))
            assert f"CR-{i}" in "".join(page.extract_text() or "" for page in pdf.pages)
    assert names == [f"Alameda_CR-{i}_P{i}.pdf" for i in range(1, 8)] + ["summary.csv"]
    assert [r["packet"] for r in listed] == [f"Alameda_CR-{i}_P{i}.pdf" for i in range(1, 8)]
