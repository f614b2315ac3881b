"""County office mode end to end: gogen's own fixture through `prop64 county` and
`prop64 evaluate --format doj`, the malformed DOJ files, and the statute beside the policy."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from p64_helpers import OUTPUT_COLUMNS, prop64

from rules.doj import COLUMNS, FACT_COLUMNS
from rules.model import Outcome

GOGEN = Path(__file__).resolve().parent / "fixtures" / "gogen"
DETERMINATION = {"Eligible for Dismissal": "dismiss", "Eligible for Reduction": "reduce"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def sacramento(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """gogen's fixture run the way gogen was run for gogen_output/."""
    out = tmp_path_factory.mktemp("county") / "out"
    p = prop64(
        "county",
        str(GOGEN / "configurable_flow.csv"),
        "--county",
        "SACRAMENTO",
        "--policy",
        str(GOGEN / "eligibility_options.json"),
        "--as-of",
        "2019-11-11",
        "-o",
        str(out),
    )
    assert p.returncode == 0, p.stderr
    return out


def test_policy_column_reproduces_gogen_row_by_row(sacramento: Path) -> None:
    """This test ensures that, with gogen's options, county and date, the policy alone gives
    gogen's determination and gogen's reason on every row of its fixture (and nothing on the rows
    gogen gave nothing), and that policy_outcome is that answer wherever the statute grants no
    more."""
    ours = _rows(sacramento / "results.csv")
    theirs = _rows(GOGEN / "All_Results.csv")
    assert len(ours) == len(theirs) == 38
    decided = 0
    for line, (o, g) in enumerate(zip(ours, theirs, strict=True), start=2):
        assert o["SUBJECT_ID"] == g["SUBJECT_ID"] and o["CNT_ORDER"] == g["CNT_ORDER"], line
        expected = DETERMINATION.get(g["Eligibility Determination"], "")
        if not expected:
            assert o["policy_reasons"] == "" or o["event"] != "conviction", line
            continue
        decided += 1
        assert o["event"] == "conviction", line
        assert o["policy_reasons"].split("; ")[0] == g["Eligibility Reason"], line
        want = {"dismiss": Outcome.DISMISS, "reduce": Outcome.REDUCE_TO_MISDEMEANOR}[expected]
        statute = Outcome(o["outcome"])
        if statute.has_relief and statute.rank > want.rank:
            assert o["policy_outcome"] == statute.value, line  # the statute's floor
        else:
            assert o["policy_outcome"] == want.value, line
    assert decided == 18


def test_summary_equals_gogens(sacramento: Path) -> None:
    """This test ensures that summary.json's gogen block equals gogen.json figure by figure (all
    but the processing time)."""
    ours = json.loads((sacramento / "summary.json").read_text(encoding="utf-8"))["gogen"]
    theirs = json.loads((GOGEN / "gogen.json").read_text(encoding="utf-8"))
    del theirs["processingTimeInSeconds"]
    assert ours == theirs


def test_statute_column_is_the_engines_reasoning_on_the_facts_read(sacramento: Path) -> None:
    """This test ensures that the statute's columns of every decided DOJ row are exactly what
    `prop64 evaluate` gives the same facts as a contract CSV (the golden reasoning of the
    engine), with the arrest date as the bound of the offense date and the derived sentence
    status."""
    ours = _rows(sacramento / "results.csv")
    people = {r["person_id"]: r["date_of_birth"] for r in ours if r["date_of_birth"]}
    buf = io.StringIO()
    w = csv.writer(buf)
    head = ["person_id", "code_section", "date_of_birth", "level", "conviction_date"]
    w.writerow([*head, "arrest_date", "sentence_status", "county", "line"])
    convictions = [r for r in ours if r["event"].startswith(("conviction", "same count"))]
    for i, r in enumerate(convictions):
        arrest = r["arrest_date"] if r["event"] == "conviction" else ""
        w.writerow(
            [
                r["person_id"],
                r["code_section"],
                people.get(r["person_id"], ""),
                r["level"],
                r["conviction_date"],
                arrest,
                r["sentence_status"],
                r["county"],
                str(i),
            ]
        )
    src = sacramento.parent / "contract.csv"
    src.write_text(buf.getvalue(), encoding="utf-8")
    p = prop64("evaluate", str(src), "-o", str(sacramento.parent / "contract_out.csv"))
    assert p.returncode == 0, p.stderr
    engine = _rows(sacramento.parent / "contract_out.csv")
    checked = 0
    for r, e in zip(convictions, engine, strict=True):
        if r["event"] != "conviction":
            continue
        checked += 1
        if r["errors"]:  # a contradiction in the extract itself (CYC_AGE): review
            assert r["outcome"] == "needs_review"
            continue
        assert [r[c] for c in OUTPUT_COLUMNS] == [e[c] for c in OUTPUT_COLUMNS], r[
            "line" if "line" in r else "code_section"
        ]
    assert checked == 27
    # Two readings a lawyer can check: 14 at the conviction, so under 18 at the offense.
    row36 = ours[34]
    assert (row36["SUBJECT_ID"], row36["outcome"]) == ("21345614", "reduce_to_infraction")
    assert "infraction_under_18" in row36["reasons"].split(";")
    # A 2015 misdemeanor § 11357(c) with the age at the offense open: more may be possible.
    row25 = ours[23]
    assert row25["code_section"] == "11357(C)HS" and row25["sentence_status_derived"] == "derived"


def test_other_events_inform_but_are_not_decided(sacramento: Path) -> None:
    """This test ensures that arrests, dismissed charges, registrations and deaths get no outcome,
    that another county's conviction gets none but stays in the record, and that the facts read
    are beside every row."""
    ours = _rows(sacramento / "results.csv")
    assert list(ours[0])[: len(COLUMNS)] == list(COLUMNS)
    assert list(ours[0])[len(COLUMNS) : len(COLUMNS) + len(FACT_COLUMNS)] == list(FACT_COLUMNS)
    events = {r["event"] for r in ours}
    assert "not a conviction: ARREST/DETAINED/CITED; REL/TOT OTHER JURIS/AUTH" in events
    assert "not a conviction: COURT ACTION; DISMISSED/CHARGE DROPPED" in events
    assert "not a conviction: REGISTRATION" in events
    assert "conviction in another county (YOLO)" in events
    for r in ours:
        if r["event"] != "conviction":
            assert r["outcome"] == "" and r["policy_outcome"] == ""
    # The comment holds the charge when OFFENSE_DESCR says to see it.
    see_comment = next(r for r in ours if r["OFFENSE_DESCR"].startswith("SEE COMMENT"))
    assert see_comment["code_section"] == "11358 HS"
    # The arrest cycle date is kept as the offense date's upper bound.
    yolo = next(r for r in ours if r["CNT_ORDER"] == "101001015000")
    assert yolo["arrest_date"] == "1980-05-01" and yolo["conviction_date"] == "1983-04-11"


def test_every_output_file_and_the_lists(sacramento: Path) -> None:
    """This test ensures that the run writes every promised file (mode 600: names and dates),
    one condensed row per decided conviction, the cannabis list, and court lists that hold the
    dismissals and reductions with their case numbers."""
    for name in (
        "results.csv",
        "condensed.csv",
        "cannabis.csv",
        "dismiss.csv",
        "reduce.csv",
        "review.csv",
        "disagreements.csv",
        "summary.json",
        "report.html",
    ):
        assert (sacramento / name).stat().st_mode & 0o777 == 0o600, name
    assert not list(sacramento.glob(".*.partial"))
    condensed = _rows(sacramento / "condensed.csv")
    assert len(condensed) == 27
    cannabis = _rows(sacramento / "cannabis.csv")
    assert len(cannabis) == 18 and all(r["event"] == "conviction" for r in cannabis)
    dismiss = _rows(sacramento / "dismiss.csv")
    reduce = _rows(sacramento / "reduce.csv")
    assert len(dismiss) == 17 and len(reduce) == 1
    assert reduce[0]["code_section"] == "11359HS" and reduce[0]["person_id"] == "84734892"
    assert {r["case_number"] for r in dismiss} >= {"140193", "398765"}
    disagreements = _rows(sacramento / "disagreements.csv")
    assert disagreements and all(r["why"] for r in disagreements)


def test_evaluate_format_doj_detected_from_the_header(tmp_path: Path) -> None:
    """This test ensures that `prop64 evaluate` reads a DOJ extract without being told (the
    header says so), decides only convictions, and that --county keeps other counties' rows
    undecided."""
    src = GOGEN / "configurable_flow.csv"
    p = prop64("evaluate", str(src), "--as-of", "2019-11-11", "-o", str(tmp_path / "all.csv"))
    assert p.returncode == 0, p.stderr
    rows = _rows(tmp_path / "all.csv")
    assert len(rows) == 38
    decided = [r for r in rows if r["outcome"]]
    assert len(decided) == 30  # every conviction (three in YOLO), repeats and others blank
    p = prop64(
        "evaluate", str(src), "--format", "doj", "--county", "SACRAMENTO",
        "--as-of", "2019-11-11", "-o", str(tmp_path / "sac.csv"),
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert len([r for r in _rows(tmp_path / "sac.csv") if r["outcome"]]) == 27
    assert "38 rows, 13 people" in p.stderr.decode()


@pytest.mark.parametrize(
    ("name", "county", "rows", "reported"),
    [
        ("bad.csv", "SACRAMENTO", 37, ["line 1: the header has 94 columns where the DOJ layout"]),
        ("extra_comma.csv", "SAN JOAQUIN", 38, ["line 1: the header ends with 1 blank column"]),
        ("no_headers.csv", "SAN JOAQUIN", 38, []),
    ],
)
def test_gogens_malformed_files_are_read_and_reported(
    tmp_path: Path, name: str, county: str, rows: int, reported: list[str]
) -> None:
    """This test ensures that gogen's malformed fixtures (which stop gogen) are read to the end:
    every row comes back, the problem is reported on its line, and the convictions are
    decided."""
    p = prop64(
        "evaluate", str(GOGEN / name), "--format", "doj", "--county", county,
        "--as-of", "2019-11-11", "-o", str(tmp_path / "out.csv"),
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    err = p.stderr.decode()
    for text in reported:
        assert text in err
    out = _rows(tmp_path / "out.csv")
    assert len(out) == rows
    assert any(r["outcome"] for r in out)


def test_a_row_with_a_stray_comma_is_reported_on_its_line_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    """This test ensures that a DOJ row whose cells are shifted (one more cell than the header)
    is not decided, is reported with its line and its extra value, and the other rows are."""
    lines = (GOGEN / "configurable_flow.csv").read_text(encoding="utf-8").splitlines()
    lines[8] = lines[8].replace("11357(C)HS-POSSESS", "11357(C)HS,POSSESS", 1)
    src = tmp_path / "shifted.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = prop64("evaluate", str(src), "--county", "SACRAMENTO", "-o", str(tmp_path / "o.csv"))
    assert p.returncode == 0, p.stderr
    assert "line 9: malformed row: 96 fields where the header has 95" in p.stderr.decode()
    rows = _rows(tmp_path / "o.csv")
    assert len(rows) == 38
    assert rows[7]["outcome"] == "" and "malformed row" in rows[7]["errors"]
    assert sum(1 for r in rows if r["outcome"]) == 26


def test_county_reads_a_contract_csv_and_a_toml_policy(tmp_path: Path) -> None:
    """This test ensures that `prop64 county` takes the project's own CSV contract and a TOML
    policy: a felony § 11359 the policy dismisses is dismissed by the office, a § 11357 the
    statute dismisses stays dismissed even where the policy reduces (the floor), and another
    county's row is not decided."""
    (tmp_path / "policy.toml").write_text(
        'name = "Test County DA"\n[baseline]\ndismiss = ["11359"]\nreduce = ["11357"]\n'
        "[additional_relief]\nage_at_least = 60\n",
        encoding="utf-8",
    )
    (tmp_path / "in.csv").write_text(
        "person_id,code_section,date_of_birth,level,offense_date,conviction_date,county\n"
        "P1,HS 11359,1970-03-15,F,2010-06-01,2010-09-01,Sacramento\n"
        "P2,HS 11357(b),1980-01-01,F,2012-06-01,2012-09-01,Sacramento\n"
        "P3,HS 11358,1950-01-01,F,2012-06-01,2012-09-01,Yolo\n",
        encoding="utf-8",
    )
    p = prop64(
        "county", "in.csv", "--county", "SACRAMENTO", "--policy", "policy.toml",
        "--as-of", "2020-01-01", "-o", "out", cwd=tmp_path,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    rows = _rows(tmp_path / "out" / "results.csv")
    assert [r["policy_outcome"] for r in rows] == ["dismiss", "dismiss", ""]
    assert rows[0]["outcome"] == "reduce_to_misdemeanor"
    assert rows[1]["outcome"] == "dismiss"
    assert "raised to the statute's dismiss" in rows[1]["policy_reasons"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["input"]["format"] == "contract"
    raised = summary["policy_with_statute_floor"]["raised_to_statute_floor_by_option"]
    assert raised == {"Reduce all HS 11357 convictions": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[baseline]\ndismiss = ['11361']\n", "unknown section '11361'"),
        ("[additional_relief]\nage_at_least = 30\n", "age_at_least should be between 40 and 65"),
        ("[baseline]\ndismis = ['11357']\n", "unknown setting(s): baseline.dismis"),
        ("[baseline\n", "not valid TOML"),
    ],
)
def test_a_bad_policy_file_is_refused_with_a_clear_message(
    tmp_path: Path, text: str, message: str
) -> None:
    """This test ensures that a policy file that cannot be used stops the run before any output
    (exit status 2) with a message that names the setting."""
    (tmp_path / "p.toml").write_text(text, encoding="utf-8")
    shutil.copy(GOGEN / "configurable_flow.csv", tmp_path / "in.csv")
    p = prop64("county", "in.csv", "--county", "X", "--policy", "p.toml", "-o", "o", cwd=tmp_path)
    assert p.returncode == 2
    assert message in p.stderr.decode()
    assert not (tmp_path / "o").exists()


def test_quoted_newlines_formula_cells_and_scattered_people(tmp_path: Path) -> None:
    """This test ensures that a DOJ cell holding a line break (quoted), a cell a spreadsheet
    would run, and a file whose people's rows are scattered give the same answers, row by row,
    as gogen's fixture as it is; the odd cells come back as given (neutralised)."""
    with (GOGEN / "configurable_flow.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header, data = rows[0], rows[1:]
    i_comment, i_name = header.index("COMMENT_TEXT"), header.index("PRI_NAME")
    odd = [list(r) for r in data]
    odd[3][i_comment] = "first line\nsecond line"
    odd[5][i_name] = "=HYPERLINK(1)"
    order = list(range(len(odd)))
    order = order[1::2] + order[0::2]  # every person's rows apart
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(odd[i] for i in order)
    (tmp_path / "odd.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")
    args = ("--county", "SACRAMENTO", "--as-of", "2019-11-11")
    p = prop64(
        "evaluate", str(GOGEN / "configurable_flow.csv"), *args, "-o", str(tmp_path / "a.csv")
    )
    assert p.returncode == 0, p.stderr
    p = prop64("evaluate", str(tmp_path / "odd.csv"), *args, "-o", str(tmp_path / "b.csv"))
    assert p.returncode == 0, p.stderr
    plain = _rows(tmp_path / "a.csv")
    shuffled = _rows(tmp_path / "b.csv")
    assert len(shuffled) == len(plain) == 38
    for k, i in enumerate(order):
        got, want = shuffled[k], plain[i]
        assert got["CNT_ORDER"] == want["CNT_ORDER"]
        assert [got[c] for c in OUTPUT_COLUMNS] == [want[c] for c in OUTPUT_COLUMNS], i
    by_order = {order[k]: r for k, r in enumerate(shuffled)}
    assert by_order[3]["COMMENT_TEXT"] == "first line\nsecond line"
    assert by_order[5]["PRI_NAME"] == "'=HYPERLINK(1)"


def test_arrest_date_bounds_the_offense_date(tmp_path: Path) -> None:
    """This test ensures that the contract's arrest_date is read as the latest day the offense can
    have happened: a person who turned 18 after the arrest but before the conviction was under
    18 at the offense (an infraction today), where the conviction date alone leaves the age
    open; an offense after the arrest is an error on its row."""
    (tmp_path / "in.csv").write_text(
        "person_id,code_section,date_of_birth,level,offense_date,conviction_date,arrest_date\n"
        "A,HS 11359,1990-06-01,F,,2008-09-01,2008-03-01\n"
        "B,HS 11359,1990-06-01,F,,2008-09-01,\n"
        "C,HS 11359,1990-06-01,F,2008-05-01,2008-09-01,2008-03-01\n",
        encoding="utf-8",
    )
    p = prop64("evaluate", "in.csv", "-o", "out.csv", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    a, b, c = _rows(tmp_path / "out.csv")
    assert (a["outcome"], a["reasons"].split(";")[0]) == (
        "reduce_to_infraction",
        "infraction_under_18",
    )
    assert (b["outcome"], b["possible_outcome"]) == (
        "reduce_to_misdemeanor",
        "reduce_to_infraction",
    )
    assert "date_of_birth" in b["questions"].split(";")  # the age at the offense stays open
    assert "offense date is after the arrest date" in c["errors"]
    assert "line 4: offense date is after the arrest date" in p.stderr.decode()
