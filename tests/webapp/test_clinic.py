"""Clinic mode (/clinic): the upload, its limits and abuse, the downloads, the person handed to the
interview, and the interview's answers as a spreadsheet row set (round trips both ways)."""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CONVICTIONS, CSRF_RE, FILER, PERSON, check_page, make_app, serve
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from rules.csvsafe import reader as safe_reader
from rules.synth import synthetic_rows, write_synthetic
from webapp import clinic_rows

SECRET = "a-test-secret-that-is-long-enough-for-the-check"


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of its own, so that "nothing written" can be checked by listing it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


def token(client: FlaskClient) -> str:
    m = CSRF_RE.search(client.get("/clinic").get_data(as_text=True))
    assert m
    return m.group(1)


BOUNDARY = "clinic-test-boundary"


def multipart(fields: dict[str, str], data: bytes) -> bytes:
    """A multipart body built in memory (the test client would spool a large one to a file)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload"; '
        'filename="clients.csv"\r\nContent-Type: text/csv\r\n\r\n'.encode()
        + data
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return b"".join(parts)


def upload(client: FlaskClient, data: bytes, action: str = "show", **fields: str) -> Any:
    body = multipart({"csrf_token": token(client), "action": action, **fields}, data)
    return client.post(
        "/clinic", data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


@pytest.fixture
def no_temp_files(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any temporary file (even an anonymous one, which no folder listing shows) is refused and
    recorded (a server thread's failure would not fail the test by itself)."""
    made: list[str] = []

    def refuser(name: str) -> Any:
        def refuse(*_a: Any, **_k: Any) -> Any:
            made.append(name)
            raise AssertionError("a temporary file was made")

        return refuse

    for name in ("TemporaryFile", "NamedTemporaryFile", "SpooledTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, refuser(name))
    yield made
    assert made == []


def sealed_of(html: str) -> str:
    m = re.search(r'name="sealed" value="([^"]+)"', html)
    assert m, "no sealed copy on the results page"
    return m.group(1)


def counts(html: str) -> str:
    m = re.search(r'id="clinic-counts">(.*?)</p>', html, re.S)
    assert m
    return m.group(1)


def problem(html: str) -> str:
    m = re.search(r'id="clinic-problem">(.*?)</p>', html, re.S)
    assert m, "no problem message on the page"
    return m.group(1)


def synth_csv(rows: int, seed: int = 1) -> bytes:
    out = io.StringIO(newline="")
    write_synthetic(out, rows=rows, seed=seed)
    return out.getvalue().encode("utf-8")


def people_csv(n_rows: int = 90) -> bytes:
    """Synthetic rows with a mailing address and a language per person (for papers)."""
    rows = synthetic_rows(n_rows, 3)
    header = rows[0] if rows and rows[0][0] == "person_id" else None
    from rules.synth import COLUMNS

    body = rows[1:] if header else rows
    languages = ["es", "vi", "zh_Hant", "ko", "fil", "en"]
    ids = sorted({r[0] for r in body})
    out = io.StringIO(newline="")
    w = csv.writer(out)
    w.writerow([*COLUMNS, "street", "city", "zip", "language"])
    for r in body:
        n = ids.index(r[0])
        w.writerow([*r, f"{n + 1} Main St", "Oakland", "94612", languages[n % 6]])
    return out.getvalue().encode("utf-8")


def test_the_page_is_linked_from_the_start_page_and_explains_the_columns(app: Flask) -> None:
    client = app.test_client()
    assert 'href="/clinic"' in client.get("/").get_data(as_text=True)
    page = check_page(client.get("/clinic"))
    text = " ".join(page.text)
    for column in ("person_id", "code_section", "language", "unknown_answers"):
        assert column in text
    assert "never written to disk" in text
    sample = client.get("/clinic/sample.csv")
    assert sample.headers["Content-Disposition"].endswith('"prop64-clinic-sample.csv"')
    template = client.get("/clinic/template.csv")
    rows = list(csv.reader(io.StringIO(template.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == list(clinic_rows.ROW_COLUMNS) and len(rows) == 2


def test_upload_counts_filters_and_lists_problem_rows_by_line(app: Flask) -> None:
    client = app.test_client()
    data = synth_csv(300)
    response = upload(client, data)
    page = check_page(response)
    html = response.get_data(as_text=True)
    n_people = len({r[0] for r in synthetic_rows(300, 1)[1:]})
    assert counts(html).startswith(f"{n_people} people,")
    assert "300 convictions" in counts(html)
    # synth puts about one malformed value in 100 rows: listed with their lines, rest processed
    problems = re.findall(r"<li>Line (\d+): ", html)
    assert problems
    assert int(re.search(r'id="count-dismiss">(\d+)', html).group(1)) > 0  # type: ignore[union-attr]
    # The filter: a POST of the sealed copy (the page keeps nothing on the server).
    filtered = client.post(
        "/clinic",
        data={"csrf_token": token(client), "sealed": sealed_of(html), "outcome": "dismiss"},
    )
    check_page(filtered)
    cells = re.findall(r'<tr class="result-([a-z_]+)">', filtered.get_data(as_text=True))
    assert cells and set(cells) == {"dismiss"}
    assert page.title


def test_switching_language_keeps_the_table_page_and_the_filter(app: Flask) -> None:
    """This test ensures that a volunteer on the second page of a filtered table who switches
    language sees the same page of the same filter in the new language (the page number was
    reset to the first page)."""
    client = app.test_client()
    html = upload(client, synth_csv(300)).get_data(as_text=True)
    second = client.post(
        "/clinic",
        data={"csrf_token": token(client), "sealed": sealed_of(html), "outcome": "", "page": "1"},
    ).get_data(as_text=True)
    assert 'name="current_page" value="1"' in second
    lines = re.findall(r"<tr class=\"result-[a-z_]+\">\s*<td[^>]*>(\d+)", second)
    switched = client.post(
        "/clinic",
        data={
            "csrf_token": token(client),
            "sealed": sealed_of(second),
            "outcome": "",
            "current_page": "1",
            "language": "es",
        },
    ).get_data(as_text=True)
    assert '<html lang="es">' in switched
    assert 'name="current_page" value="1"' in switched
    assert re.findall(r"<tr class=\"result-[a-z_]+\">\s*<td[^>]*>(\d+)", switched) == lines
    assert lines


def test_results_csv_is_spreadsheet_safe_and_recoverable(app: Flask) -> None:
    client = app.test_client()
    data = (
        b"person_id,name,code_section,county,case_number,level,offense_date,sentence_status\n"
        b'=1+2,"=HYPERLINK(""http://x"")",HS 11357(b),Alameda,@SUM(A1),M,2010-01-01,completed\n'
        b"2,-Dee,HS 11359,Fresno,+F-1,F,2011-01-01,completed\n"
    )
    response = upload(client, data, action="csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    raw = list(csv.reader(io.StringIO(text)))
    assert raw[1][0] == "'=1+2" and raw[1][1].startswith("'=HYPERLINK") and raw[1][4] == "'@SUM(A1)"
    assert raw[2][1] == "'-Dee" and raw[2][4] == "'+F-1"
    for row in raw[1:]:
        assert not any(cell[:1] in ("=", "+", "-", "@") for cell in row)
    restored = list(safe_reader(io.StringIO(text)))
    assert restored[1][:2] == ["=1+2", '=HYPERLINK("http://x")'] and restored[2][1] == "-Dee"
    # The table shows them as text (escaped), not as markup.
    shown = upload(client, data).get_data(as_text=True)
    assert "=HYPERLINK(&#34;http://x&#34;)" in shown or "=HYPERLINK(&quot;" in shown


def test_an_oversized_upload_gets_a_message_and_nothing_is_written(
    private_tmp: Path, no_temp_files: list[str]
) -> None:
    app = make_app(CLINIC_MAX_BYTES=20_000)
    client = app.test_client()
    big = synth_csv(2000)
    assert len(big) > 20_000
    response = upload(client, big)
    assert response.status_code == 422
    assert "larger than" in problem(response.get_data(as_text=True))
    # Far over the route's body limit: 413 with the same message, never a 500.
    huge = b"person_id,code_section\n" + b"1,HS 11357\n" * 100_000
    response = upload(client, huge)
    assert response.status_code == 413
    assert "larger than" in problem(response.get_data(as_text=True))
    assert list(private_tmp.iterdir()) == []


def test_other_pages_keep_the_sites_smaller_body_limit(app: Flask) -> None:
    client = app.test_client()
    body = multipart({"csrf_token": token(client)}, b"x" * 300_000)
    response = client.post(
        "/resume", data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )
    assert response.status_code == 413


def test_too_many_rows_gets_a_clear_message() -> None:
    app = make_app()
    client = app.test_client()
    data = b"person_id,code_section\n" + b"1,HS 11357\n" * 60_001
    response = upload(client, data)
    assert response.status_code == 422
    assert "60,001 rows" in problem(response.get_data(as_text=True))
    assert "60,000" in problem(response.get_data(as_text=True))
    rows = "".join(f"{n},HS 11357\n" for n in range(60_000)).encode()
    ok = upload(client, b"person_id,code_section\n" + rows, action="csv")
    assert ok.status_code == 200


def test_too_many_rows_of_one_person_gets_a_clear_message(app: Flask) -> None:
    """A person's rows are each other's record (quadratic work): one person is bounded."""
    data = b"person_id,code_section\n" + b"1,HS 11357\n" * 201
    response = upload(app.test_client(), data)
    assert response.status_code == 422
    assert "has 201 rows" in problem(response.get_data(as_text=True))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "person_id,code_section,name\n1,HS 11357,Jos\xe9\n".encode("latin-1"),
        b"",
        b"name,county\nA,B\n",
    ],
    ids=["binary", "latin-1", "empty", "no-required-columns"],
)
def test_a_file_that_is_not_a_contract_csv_gets_a_message(app: Flask, data: bytes) -> None:
    response = upload(app.test_client(), data)
    assert response.status_code == 422
    check_page(response, status=422)
    assert problem(response.get_data(as_text=True))


def test_malformed_rows_are_listed_and_the_rest_processed(app: Flask) -> None:
    data = (
        b"person_id,code_section,offense_date,level\n"
        b"1,HS 11357(b),2010-01-01,M\n"
        b"2,HS 11359,2010-13-45,F\n"
        b"3,HS 11359,2011-01-01,F,extra\n"
        b"4,HS 11360(a),2012-01-01,Q\n"
        b"5,HS 11358,2013-01-01,F\n"
    )
    html = upload(app.test_client(), data).get_data(as_text=True)
    lines = sorted(int(n) for n in re.findall(r"<li>Line (\d+): ", html))
    assert lines == [3, 4, 5]
    assert "5 convictions" in counts(html)


def test_a_doj_extract_is_recognised(app: Flask) -> None:
    from rules.synth import write_synthetic_doj

    out = io.StringIO(newline="")
    write_synthetic_doj(out, rows=200, seed=1)
    response = upload(app.test_client(), out.getvalue().encode())
    html = response.get_data(as_text=True)
    assert response.status_code == 200, problem(html)
    assert "Read as a DOJ extract." in counts(html)
    csv_response = upload(app.test_client(), out.getvalue().encode(), action="csv")
    header = next(csv.reader(io.StringIO(csv_response.get_data(as_text=True).lstrip("\ufeff"))))
    assert header[0] == "RECORD_ID" and "outcome" in header


def _person_pdf_languages(data: bytes) -> dict[str, str]:
    zf = zipfile.ZipFile(io.BytesIO(data))
    summary = list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode("utf-8-sig"))))
    out = {}
    for row in summary:
        if row["files"]:
            combined = row["files"].split()[0]
            assert combined.endswith("_prop64-papers.pdf")
            first_page = PdfReader(io.BytesIO(zf.read(combined))).pages[0].extract_text()
            out[row["language"]] = first_page
    return out


def test_the_zip_has_each_persons_papers_in_their_language(app: Flask) -> None:
    response = upload(app.test_client(), people_csv(60), action="zip")
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/zip"
    pages = _person_pdf_languages(response.data)
    assert "Antes de presentar" in pages["es"]
    assert "Before you file" in pages["en"]
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert all(
        n == "summary.csv" or re.fullmatch(r"[a-z0-9-]+/[A-Za-z0-9_.-]+\.pdf", n) for n in names
    )


def test_the_zip_is_sent_a_person_at_a_time(app: Flask) -> None:
    """A large upload's papers take longer than a proxy waits for a first byte (30 s on Heroku):
    the ZIP is streamed, one person's papers per chunk."""
    response = upload(app.test_client(), people_csv(60), action="zip")
    assert response.is_streamed
    chunks = [c for c in response.response if c]
    people = list(
        csv.DictReader(
            io.StringIO(
                zipfile.ZipFile(io.BytesIO(b"".join(chunks)))
                .read("summary.csv")
                .decode("utf-8-sig")
            )
        )
    )
    assert len(chunks) >= len([p for p in people if p["files"]])


def test_one_persons_unexpected_failure_does_not_cut_the_zip_off(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Fault injection: the packet builder fails for one person (a bug, not bad input). The others
    still get their papers, that person's line in summary.csv says so, and the log names only the
    kind of error, never the person's answers."""
    from webapp import packets

    real = packets.papers
    calls = {"n": 0}

    def fail_once(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("secret answer text")
        return real(*args, **kwargs)

    monkeypatch.setattr(packets, "papers", fail_once)
    response = upload(app.test_client(), people_csv(60), action="zip")
    zf = zipfile.ZipFile(io.BytesIO(response.data))
    rows = list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode("utf-8-sig"))))
    failed = [r for r in rows if r["note"] == "No papers: something went wrong while making them."]
    assert len(failed) == 1 and not failed[0]["files"]
    assert sum(1 for r in rows if r["files"]) >= 1
    assert "RuntimeError" in caplog.text and "secret answer text" not in caplog.text


def test_too_many_people_with_papers_gets_a_message() -> None:
    app = make_app(CLINIC_MAX_PEOPLE_WITH_PACKETS=2)
    response = upload(app.test_client(), people_csv(60), action="zip")
    assert response.status_code == 422
    assert "at most 2" in problem(response.get_data(as_text=True))


def test_file_names_use_the_name_as_given(app: Flask) -> None:
    data = (
        b"person_id,name,code_section,county,case_number,level,offense_date,sentence_status,"
        b"street,city,zip\n"
        b"1,Nguyen Van An,HS 11359,Alameda,A-1,F,2010-01-01,completed,1 Main,Oakland,94612\n"
        b"2,../../etc/passwd,HS 11359,Alameda,A-2,F,2010-01-01,completed,1 Main,Oakland,94612\n"
    )
    response = upload(app.test_client(), data, action="zip")
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert "nguyen-van-an/nguyen-van-an_prop64-papers.pdf" in names
    assert "etc-passwd/etc-passwd_prop64-papers.pdf" in names


# --- the sealed copy, the next client, and nothing kept ------------------------------------------


def test_start_the_next_client_asks_then_clears_everything(app: Flask) -> None:
    client = app.test_client()
    with client.session_transaction() as s:
        s["p"], s["c"], s["f"] = dict(PERSON), [{**CONVICTIONS[0], "i": 0, "v": 1}], dict(FILER)
    html = upload(client, people_csv(30)).get_data(as_text=True)
    sealed = sealed_of(html)
    page = check_page(client.get("/clinic/next-client"))
    assert "Start the next client?" in page.title
    assert client.post("/clinic/next-client", data={}).status_code == 400  # no token
    response = client.post("/clinic/next-client", data={"csrf_token": token(client)})
    assert response.status_code == 302
    with client.session_transaction() as s:
        assert not any(k in s for k in ("p", "c", "f"))
    again = client.post("/clinic", data={"csrf_token": token(client), "sealed": sealed})
    assert again.status_code == 422
    assert "Upload the file again" in problem(again.get_data(as_text=True))


def test_a_sealed_copy_from_another_browser_or_tampered_is_refused(app: Flask) -> None:
    html = upload(app.test_client(), people_csv(30)).get_data(as_text=True)
    other = app.test_client()
    refused = other.post("/clinic", data={"csrf_token": token(other), "sealed": sealed_of(html)})
    assert refused.status_code == 422
    junk = other.post("/clinic", data={"csrf_token": token(other), "sealed": "x" * 500})
    assert junk.status_code == 422


def test_every_clinic_form_needs_the_csrf_token(app: Flask) -> None:
    client = app.test_client()
    token(client)
    for path in ("/clinic", "/clinic/person", "/clinic/next-client", "/answers-rows.csv"):
        assert client.post(path, data={}).status_code == 400, path


def test_a_large_upload_is_not_spooled_to_disk(
    app: Flask, private_tmp: Path, no_temp_files: list[str]
) -> None:
    """Werkzeug spools file parts over 500 KB to a temporary file; the clinic keeps them in
    memory, so nothing personal is ever on disk."""
    data = synth_csv(12_000)
    assert len(data) > 1_000_000
    response = upload(app.test_client(), data)
    assert response.status_code == 200
    assert list(private_tmp.iterdir()) == []


@pytest.fixture
def live() -> Iterator[tuple[str, Flask]]:
    app = make_app()
    for base in serve(app):
        yield base, app


def test_a_cut_off_upload_leaves_nothing_behind(
    live: tuple[str, Flask], private_tmp: Path, no_temp_files: list[str]
) -> None:
    base, _app = live
    host, port = base.removeprefix("http://").split(":")
    boundary = "x-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
        'filename="c.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    body = head + synth_csv(8000)
    with socket.create_connection((host, int(port))) as s:
        s.sendall(
            (
                f"POST /clinic HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                f"Content-Length: {len(body) + 5000}\r\n\r\n"
            ).encode()
            + body  # the end never comes: the client goes away
        )
    import time

    time.sleep(1.0)
    assert list(private_tmp.iterdir()) == []
    assert no_temp_files == []


# --- the interview and the spreadsheet ------------------------------------------------------------

FULL_PERSON = {"b": "1980-04-03", "j": "u", "s": "n", "r": "u"}
FULL_CONVICTIONS = [
    *CONVICTIONS,
    {
        "co": "Los Angeles",
        "n": "-BA 1",
        "ct": "2",
        "s": "other",
        "x": "HS 11360(a)(2)",
        "o": "2009-07",
        "d": "2010",
        "l": "u",
        "t": "c",
        "g": 28.5,
        "k": 4,
        "sa": "u",
        "mi": "n",
        "in": "y",
        "en": "u",
    },
    {"co": "Fresno", "s": "unsure", "t": "u"},
]
FULL_FILER = {
    **FILER,
    "ph": "555-0100",
    "em": "m@example.org",
    "an": "Ana Ruiz",
    "ab": "123456",
    "w1": True,
    "w2": False,
    "sv": "Luis Ortega",
}


def _fill(client: FlaskClient, answers: dict[str, Any]) -> None:
    with client.session_transaction() as s:
        s["p"] = answers["p"]
        s["c"] = [{**c, "i": n, "v": 1} for n, c in enumerate(answers["c"])]
        s["x"] = len(answers["c"])
        s["f"] = answers["f"]


def _session_answers(client: FlaskClient) -> dict[str, Any]:
    with client.session_transaction() as s:
        out = {k: s[k] for k in ("p", "c", "f") if k in s}
    out["c"] = [{k: v for k, v in c.items() if k not in ("i", "v")} for c in out.get("c", [])]
    return out


def _rows_download(client: FlaskClient) -> Any:
    return client.post("/answers-rows.csv", data={"csrf_token": token(client)})


def test_interview_to_rows_to_upload_to_interview_loses_no_answer(app: Flask) -> None:
    answers = {"p": FULL_PERSON, "c": FULL_CONVICTIONS, "f": FULL_FILER}
    client = app.test_client()
    _fill(client, answers)
    response = _rows_download(client)
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="prop64-maria-lopez-rows.csv"'
    )
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + len(FULL_CONVICTIONS)
    assert "'-BA 1" in rows[4]  # spreadsheet-safe
    other = app.test_client()
    html = upload(other, response.data).get_data(as_text=True)
    loaded = other.post(
        "/clinic/person",
        data={"csrf_token": token(other), "sealed": sealed_of(html), "person": "Maria Lopez"},
    )
    assert loaded.status_code == 302 and loaded.location.endswith("/convictions")
    assert _session_answers(other) == answers


def test_rows_to_interview_to_rows_loses_no_cell(app: Flask) -> None:
    client = app.test_client()
    sample = client.get("/clinic/sample.csv").data
    original = list(csv.reader(io.StringIO(sample.decode("utf-8-sig"))))
    html = upload(client, sample).get_data(as_text=True)
    for pid in ("P001", "P002"):
        loaded = client.post(
            "/clinic/person",
            data={"csrf_token": token(client), "sealed": sealed_of(html), "person": pid},
        )
        assert loaded.status_code == 302
        back = list(csv.reader(io.StringIO(_rows_download(client).data.decode("utf-8-sig"))))
        assert back[0] == original[0]
        mine = [r for r in original[1:] if r[0] == pid]
        # person_id becomes the name and language the page's: every other cell comes back
        skip = {0, original[0].index("language")}
        strip = [[c for i, c in enumerate(r) if i not in skip] for r in back[1:]]
        assert strip == [[c for i, c in enumerate(r) if i not in skip] for r in mine]


def test_a_person_the_interview_cannot_take_gets_a_message(app: Flask) -> None:
    client = app.test_client()
    data = b"person_id,code_section,county\n1,HS 11357,Atlantis\n"
    html = upload(client, data).get_data(as_text=True)
    response = client.post(
        "/clinic/person",
        data={"csrf_token": token(client), "sealed": sealed_of(html), "person": "1"},
    )
    assert response.status_code == 422
    assert "unknown county" in problem(response.get_data(as_text=True))
    with client.session_transaction() as s:
        assert "c" not in s


def test_a_cell_the_interview_cannot_take_is_named_in_the_pages_language(app: Flask) -> None:
    """Continuing a person whose ``court`` cell says "maybe": the message names the column and
    the value, in Spanish on a Spanish page, and nothing is loaded."""
    client = app.test_client()
    client.get("/language/es")
    data = b"person_id,code_section,county,court\n1,HS 11357,Alameda,maybe\n"
    html = upload(client, data).get_data(as_text=True)
    response = client.post(
        "/clinic/person",
        data={"csrf_token": token(client), "sealed": sealed_of(html), "person": "1"},
    )
    assert response.status_code == 422
    said = problem(response.get_data(as_text=True))
    assert "court" in said and "maybe" in said
    assert "unknown value" not in said and "valor" in said
    with client.session_transaction() as s:
        assert "c" not in s


def test_the_row_set_of_an_empty_interview_is_a_header_and_the_person(app: Flask) -> None:
    client = app.test_client()
    rows = list(csv.reader(io.StringIO(_rows_download(client).data.decode("utf-8-sig"))))
    assert rows[0] == list(clinic_rows.ROW_COLUMNS) and len(rows) == 2
    assert os.path.basename("prop64-answers-rows.csv")


def test_the_sealed_copy_stops_working_after_the_idle_time(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    client = app.test_client()
    sealed = sealed_of(upload(client, people_csv(30)).get_data(as_text=True))
    fresh = client.post("/clinic", data={"csrf_token": token(client), "sealed": sealed})
    assert fresh.status_code == 200
    later = time.time() + (app.config["IDLE_MINUTES"] + 1) * 60
    monkeypatch.setattr(time, "time", lambda: later)
    stale = client.post("/clinic", data={"csrf_token": token(client), "sealed": sealed})
    assert stale.status_code == 422
    assert "Upload the file again" in problem(stale.get_data(as_text=True))


def test_the_clinics_papers_are_the_interviews_papers(app: Flask) -> None:
    """The ZIP's combined PDF for a person equals, page by page, what the interview gives once
    that person is loaded into it (same answers, same language)."""
    client = app.test_client()
    sample = client.get("/clinic/sample.csv").data.decode("utf-8-sig")
    sample = sample.replace(",es,", ",en,").replace(",vi,", ",en,").encode()
    zf = zipfile.ZipFile(io.BytesIO(upload(client, sample, action="zip").data))
    html = upload(client, sample).get_data(as_text=True)
    loaded = client.post(
        "/clinic/person",
        data={"csrf_token": token(client), "sealed": sealed_of(html), "person": "P001"},
    )
    assert loaded.status_code == 302
    interview = client.get("/download/all.pdf")
    assert interview.mimetype == "application/pdf"
    ours = PdfReader(io.BytesIO(zf.read("maria-lopez/maria-lopez_prop64-papers.pdf")))
    theirs = PdfReader(io.BytesIO(interview.data))
    assert [p.extract_text() for p in ours.pages] == [p.extract_text() for p in theirs.pages]
    fields = theirs.get_fields() or {}
    assert {k: f.get("/V") for k, f in (ours.get_fields() or {}).items()} == {
        k: f.get("/V") for k, f in fields.items()
    }


ROW_PROBLEMS = (
    b"person_id,code_section,offense_date,level\n"
    b"1,HS 11360(a),2012-01-01,<b>Q</b>\n"
    b"2,11357(A)PC,2012-01-01,M\n"
)


def test_row_problems_are_shown_in_the_pages_language(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rules' problems are translated on the page (a message the catalog has in Spanish, and
    a new one through a stand-in translation); the cell values stay as given, escaped."""
    from webapp import i18n

    real = i18n._translations

    class Stand:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def ugettext(self, s: str) -> str:
            if s == "%(column)s: unknown value %(value)s":
                return "%(column)s: valor desconocido %(value)s"
            return str(self.inner.ugettext(s))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(i18n, "_translations", lambda: Stand(real()))
    client = app.test_client()
    client.get("/language/es")
    response = upload(client, ROW_PROBLEMS)
    check_page(response, lang="es")
    html = response.get_data(as_text=True)
    listed = re.search(r'<ul id="problems">(.*?)</ul>', html, re.S)
    assert listed
    problems = re.findall(r"<li>(.*?)</li>", listed.group(1))
    assert problems[0] == "Línea 2: level: valor desconocido &#39;&lt;b&gt;Q&lt;/b&gt;&#39;"
    assert problems[1].startswith("Línea 3: Leímos la sección del código “11357(A)PC” como")
    # the table's text too
    assert '<p class="field-error">level: valor desconocido &#39;&lt;b&gt;Q' in html
    # the results CSV keeps the English
    csv_text = upload(client, ROW_PROBLEMS, action="csv").get_data(as_text=True)
    assert "level: unknown value '<b>Q</b>'" in csv_text


def test_a_doj_extracts_problems_are_shown_in_the_pages_language(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A DOJ extract's table reads its errors from the results CSV: they are matched by line with
    the problems the reader gave, and so translated too."""
    from rules.synth import write_synthetic_doj
    from webapp import i18n

    out = io.StringIO(newline="")
    write_synthetic_doj(out, rows=60, seed=1, malformed=False)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    dob = rows[0].index("PRI_DOB")
    for row in rows[1:]:
        row[dob] = "1990-01-01"
    extract = io.StringIO(newline="")
    csv.writer(extract).writerows(rows)
    real = i18n._translations

    class Stand:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def ugettext(self, s: str) -> str:
            if s == "%(column)s: not a YYYYMMDD date: %(value)s":
                return "%(column)s: no es una fecha AAAAMMDD: %(value)s"
            return str(self.inner.ugettext(s))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    monkeypatch.setattr(i18n, "_translations", lambda: Stand(real()))
    client = app.test_client()
    client.get("/language/es")
    response = upload(client, extract.getvalue().encode())
    check_page(response, lang="es")
    html = response.get_data(as_text=True)
    wanted = "PRI_DOB: no es una fecha AAAAMMDD: &#39;1990-01-01&#39;"
    listed = re.search(r'<ul id="problems">(.*?)</ul>', html, re.S)
    assert listed and wanted in listed.group(1)
    table = re.findall(r'<p class="field-error">(.*?)</p>', html)
    assert table and all(wanted in t for t in table)
    assert "not a YYYYMMDD" not in html


def test_the_language_buttons_of_the_results_page_keep_the_results(app: Flask) -> None:
    client = app.test_client()
    response = upload(client, synth_csv(120))
    html = response.get_data(as_text=True)
    # On the results page, the header's languages are buttons of the results form.
    assert re.search(r'<button type="submit" form="results-form" name="language" value="es"', html)
    assert 'href="/language/es' not in html
    english = counts(html)
    spanish = client.post(
        "/clinic",
        data={
            "csrf_token": token(client),
            "sealed": sealed_of(html),
            "outcome": "dismiss",
            "language": "es",
        },
    )
    check_page(spanish, lang="es")
    es = spanish.get_data(as_text=True)
    assert "personas" in counts(es) and re.findall(r"\d+", counts(es)) == re.findall(
        r"\d+", english
    )
    cells = re.findall(r'<tr class="result-([a-z_]+)">', es)
    assert cells and set(cells) == {"dismiss"}  # the filter was kept
    # the choice stays for the next pages; other pages keep the header's links
    other = client.get("/clinic")
    check_page(other, lang="es")
    assert 'href="/language/en' in other.get_data(as_text=True)
    # an unknown language is ignored
    again = client.post(
        "/clinic",
        data={"csrf_token": token(client), "sealed": sealed_of(es), "language": "xx"},
    )
    check_page(again, lang="es")


def test_the_api_page_is_linked_from_every_page(app: Flask) -> None:
    for path in ("/", "/clinic"):
        html = app.test_client().get(path).get_data(as_text=True)
        assert '<a href="/api">For developers: the JSON API</a>' in html
