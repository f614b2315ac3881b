"""`prop64 petitions` on a file sorted by person: read once, person by person, with memory that
does not grow with the file, and the same zip as the two-reading path writes for any file."""

from __future__ import annotations

import csv
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from forms import batch as forms_batch
from rules.batch import Evaluation, PersonGroups, input_opener, open_text
from rules.synth import COLUMNS, synthetic_rows, write_synthetic

HEADER = (
    "person_id,name,code_section,level,offense_date,conviction_date,sentence_status,county,"
    "case_number,street,city,state,zip"
)
ADDRESS = "1 Main St,Oakland,CA,94612"


def _zip(source: Evaluation | PersonGroups, tmp_path: Path, name: str) -> dict[str, bytes]:
    target = tmp_path / name
    with open(target, "wb") as out:
        forms_batch.write_petitions(source, out)
    with zipfile.ZipFile(target) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert len(names) == len(set(names)), "a file name is in the zip twice"
        return {n: zf.read(n) for n in names}


@pytest.mark.parametrize(
    ("ids", "grouped"),
    [
        (["P1", "P1", "P2", "P3"], True),
        (["P10", "P2", "P2", "P3"], True),  # as text: "P10" before "P2"
        (["P2", "P2", "P10", "P11"], True),  # as numbers: 2 before 10
        (["7", "8", "9", "10", "100"], True),  # numeric ids sorted as numbers
        (["P1", "P2", "P1"], False),  # P1's rows are apart
        (["P2", "P10", "P3"], False),  # neither order
        (["P01", "P1", "P01"], False),  # the same number, different ids: not sorted
        (["B", "A"], False),
    ],
)
def test_a_file_is_read_person_by_person_only_when_sorted_by_person(
    ids: list[str], grouped: bool
) -> None:
    rows = "".join(f"{pid},HS 11357(b)\n" for pid in ids)
    got = PersonGroups.of(open_text("person_id,code_section\n" + rows))
    assert (got is not None) is grouped
    if got is not None:
        assert got.total == len(ids)
        assert [[ev.person_id for ev in g] for g in got.groups()] == [
            [pid] * n for pid, n in _runs(ids)
        ]


def _runs(ids: list[str]) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for pid in ids:
        if runs and runs[-1][0] == pid:
            runs[-1] = (pid, runs[-1][1] + 1)
        else:
            runs.append((pid, 1))
    return runs


def test_a_sorted_file_gives_the_same_zip_read_once_as_read_twice(tmp_path: Path) -> None:
    """This test ensures that the one-reading path (a file sorted by person) writes the very
    same packets, names and summary.csv as the two-reading path, on 400 synthetic rows with a
    filer's address on every row (bad rows, several cases a person, juvenile cases included)."""
    data = io.StringIO(newline="")
    write_synthetic(data, rows=400, seed=3)
    table = list(csv.reader(io.StringIO(data.getvalue(), newline="")))
    header, body = table[0], sorted(table[1:], key=lambda r: r[0])
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*header, "street", "city", "state", "zip"])
    w.writerows([*r, *ADDRESS.split(",")] for r in body)
    opener = open_text(out.getvalue())
    groups = PersonGroups.of(opener)
    assert groups is not None
    once = _zip(groups, tmp_path, "once.zip")
    twice = _zip(Evaluation(opener), tmp_path, "twice.zip")
    assert list(once) == list(twice)
    assert once == twice
    assert sum(n.endswith(".pdf") for n in once) > 50
    listed = list(csv.DictReader(io.StringIO(once["summary.csv"].decode("utf-8"))))
    assert [r["person_id"] for r in listed] == [r[0] for r in body]


def test_a_scattered_file_sorted_on_disk_gives_the_same_zip_as_read_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a file whose people's rows are scattered (as ``synth`` writes
    them), sorted by person in runs of 37 rows on disk (so dozens of runs, merged), gives the
    very packets, names and summary.csv (in file order) of the two-reading path, and that the
    runs leave no file beside the output."""
    from rules import spool

    monkeypatch.setattr(spool, "RUN_ITEMS", 37)
    monkeypatch.setattr(spool, "FAN_IN", 5)
    data = io.StringIO(newline="")
    write_synthetic(data, rows=400, seed=4)
    table = list(csv.reader(io.StringIO(data.getvalue(), newline="")))
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator="\n")
    w.writerow([*table[0], "street", "city", "state", "zip"])
    w.writerows([*r, *ADDRESS.split(",")] for r in table[1:])
    opener = open_text(out.getvalue())
    assert PersonGroups.of(opener) is None
    spool_dir = tmp_path / "beside"
    spool_dir.mkdir()
    groups = PersonGroups.of(opener, sort=True, spool_dir=str(spool_dir))
    assert groups is not None and not groups.in_order
    once = _zip(groups, spool_dir, "once.zip")
    assert os.listdir(spool_dir) == ["once.zip"]
    twice = _zip(Evaluation(opener), tmp_path, "twice.zip")
    assert sorted(once) == sorted(twice)
    assert once == twice
    assert sum(n.endswith(".pdf") for n in once) > 50
    listed = list(csv.DictReader(io.StringIO(once["summary.csv"].decode("utf-8"))))
    assert [r["person_id"] for r in listed] == [r[0] for r in table[1:]]


def test_ids_that_print_alike_never_share_a_file_name(tmp_path: Path) -> None:
    """This test ensures that file names stay unique without a list of every name: a second
    case of a person with the same printed name gets ``~2``; an id that cannot be printed as it
    is (``_``, ``/``, blank) gets a short hash; none of them can equal another person's name."""
    rows = [
        # P1: two cases that print alike ("CR 1" and "CR/1" both print as CR-1).
        f"P1,Ann,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,CR 1,{ADDRESS}",
        f"P1,Ann,HS 11357(b),M,2012-07-28,2013-03-02,completed,Alameda,CR/1,{ADDRESS}",
        # P1-2 would print as P1 with the old "-2" numbering.
        f"P1-2,Bo,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,CR 1,{ADDRESS}",
        # An underscore in the id, and a case number that ends like it.
        f"X_Y,Cy,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,K,{ADDRESS}",
        f"Y,Di,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,K_X,{ADDRESS}",
        # Two ids that print alike.
        f"Z/1,Ed,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,K,{ADDRESS}",
        f"Z:1,Flo,HS 11357(b),M,2012-06-28,2013-02-02,completed,Alameda,K,{ADDRESS}",
    ]
    opener = open_text(HEADER + "\n" + "\n".join(rows) + "\n")
    groups = PersonGroups.of(opener)  # (sorted as text: read once; and read twice, the same)
    assert groups is not None
    names = [n for n in _zip(groups, tmp_path, "once.zip") if n.endswith(".pdf")]
    assert names == [
        n for n in _zip(Evaluation(opener), tmp_path, "twice.zip") if n != "summary.csv"
    ]
    assert names[:3] == [
        "Alameda_CR-1_P1.pdf",
        "Alameda_CR-1_P1~2.pdf",
        "Alameda_CR-1_P1-2.pdf",
    ]
    assert names[3].startswith("Alameda_K_X-Y~") and names[4] == "Alameda_K-X_Y.pdf"
    assert names[5].startswith("Alameda_K_Z-1~") and names[6].startswith("Alameda_K_Z-1~")
    assert len(set(names)) == 7


def test_only_names_that_could_clash_are_remembered() -> None:
    namer = forms_batch._Namer()
    for i in range(100):
        used: set[str] = set()
        assert namer.name("Alameda", "CR-1", f"P{i}", used) == f"Alameda_CR-1_P{i}.pdf"
    assert namer.rare == set()
    used = set()
    namer.name("Alameda", "CR-1", "Q", used)
    assert namer.name("Alameda", "CR 1", "Q", used) == "Alameda_CR-1_Q~2.pdf"
    assert namer.rare == {"Alameda_CR-1_Q~2.pdf"}


def test_the_summary_keeps_the_first_50_problems_by_line_and_counts_all() -> None:
    firsts = forms_batch._FirstLines()
    for line in [*range(500, 0, -1), *range(501, 1001)]:
        firsts.append((line, f"problem {line}"))
    assert len(firsts) == 1000
    assert list(firsts) == [(n, f"problem {n}") for n in range(1, 51)]


def _file(rows: int, path: Path, *, in_order: bool) -> PersonGroups:
    table = synthetic_rows(rows, 5)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(sorted(table, key=lambda r: r[0]) if in_order else table)
    groups = PersonGroups.of(input_opener(str(path)), sort=True, spool_dir=str(path.parent))
    assert groups is not None and groups.in_order is in_order
    return groups


def _peak_while_reading(groups: PersonGroups) -> int:
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        people = sum(1 for _ in groups.groups())
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert people == groups.people > groups.total // 4
    return peak


@pytest.mark.parametrize("in_order", [True, False], ids=["sorted", "scattered"])
def test_reading_person_by_person_keeps_nothing_of_earlier_people(
    in_order: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the memory used while reading a file person by person does not
    grow with the file: ten times the rows (about 800 against 8,000 people) may not take even
    1.5 times the memory, whether the file is sorted by person or its people's rows are
    scattered (sorted on disk in runs of 500 rows here, merged 4 at a time). The rules' own
    memos (dates read, decisions: bounded, and the same whichever way a file is read) are
    filled first by reading the larger file once."""
    from rules import spool

    monkeypatch.setattr(spool, "RUN_ITEMS", 500)
    monkeypatch.setattr(spool, "FAN_IN", 4)
    small = _file(2_000, tmp_path / "small.csv", in_order=in_order)
    large = _file(20_000, tmp_path / "large.csv", in_order=in_order)
    for _ in large.groups():
        pass
    small_peak, large_peak = _peak_while_reading(small), _peak_while_reading(large)
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)


def test_a_file_that_changes_order_while_it_is_read_is_refused() -> None:
    """This test ensures that when a file sorted by person at the first reading is no longer
    sorted at the second (it was rewritten in between), the run stops with a message instead of
    giving a person's rows twice."""
    from rules.batch import ContractError

    versions = [
        "person_id,code_section\nP1,HS 11357\nP2,HS 11357\n",  # sorted: read person by person
        "person_id,code_section\nP2,HS 11357\nP1,HS 11357\nP2,HS 11359\n",  # then rewritten
    ]

    def opener() -> io.StringIO:
        return io.StringIO(versions.pop(0) if len(versions) > 1 else versions[0], newline="")

    groups = PersonGroups.of(opener)
    assert groups is not None and groups.in_order
    with pytest.raises(ContractError, match="changed while it was being read"):
        list(groups.groups())
