"""The JSON API's contract (issue 11): every field, every error, the language of the messages,
no cookie, no CSRF token, the rate limit, the packets, and the golden scenarios answered exactly
as the batch command answers them."""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from babel.support import Translations
from conftest import check_page, make_app
from flask import Flask
from flask.testing import FlaskClient

from forms.batch import FILER_COLUMNS as FORMS_FILER_COLUMNS
from rules import contract_json
from rules.batch import OUTPUT_COLUMNS
from rules.contract_json import BOOLEAN_FIELDS, COLUMNS, NUMBER_FIELDS
from webapp import api
from webapp.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "rules" / "golden.csv"

ADULT = {
    "person_id": "P1",
    "code_section": "HS 11357(b)",
    "date_of_birth": "1970-03-15",
    "offense_date": "2012-05-01",
    "conviction_date": "2012-07-01",
    "level": "I",
    "sentence_status": "completed",
    "cannabis_grams": 20,
}
FILER = {
    "name": "Maria Lopez",
    "street": "1 Main St",
    "city": "Oakland",
    "state": "CA",
    "zip": "94612",
    "county": "Alameda",
    "case_number": "A-1001",
}


def post(client: FlaskClient, path: str, body: Any, **headers: str) -> Any:
    return client.post(
        f"/api/v1/{path}",
        data=body if isinstance(body, str | bytes) else json.dumps(body),
        content_type=headers.pop("content_type", "application/json"),
        headers=headers,
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def problems(response: Any) -> list[tuple[str, str]]:
    return [(p["field"], p["problem"]) for p in response.get_json()["problems"]]


def assert_error(response: Any, status: int, error: str) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == status and body["error"] == error, body
    assert set(body) == {"status", "error", "message", "problems"}
    return dict(body)


# --- the happy path ----------------------------------------------------------------------------


def test_an_adults_small_possession_is_dismissed_with_reasons_and_citations(
    client: FlaskClient,
) -> None:
    r = post(client, "assessments", {"convictions": [ADULT]})
    assert r.status_code == 200 and r.mimetype == "application/json"
    (result,) = r.get_json()["results"]
    assert result["outcome"] == "dismiss" and result["track"] == "application"
    assert [x["code"] for x in result["reasons"]] == ["lawful_possession", "track_application"]
    assert result["reasons"][0]["citation"] == "HSC § 11362.1(a)(1), (2)"
    assert result["reasons"][0]["message"].startswith("For a person 21 or older")
    assert result["questions"] == [] and result["possible_outcome"] is None
    assert result["contestable"] == [] and result["errors"] == []
    assert r.headers["Content-Language"] == "en"


def test_results_come_back_in_the_order_sent_and_a_persons_other_rows_are_their_record(
    client: FlaskClient,
) -> None:
    # A § 11359 felony with a PC 187 conviction on the person's record: not eligible for the
    # reduction (a listed prior), but only when both rows are the same person's.
    felony = {**ADULT, "code_section": "HS 11359", "level": "F", "cannabis_grams": None}
    prior = {"person_id": "P1", "code_section": "PC 187", "conviction_date": "1995-05-01"}
    other = {**prior, "person_id": "P2"}
    together = post(client, "assessments", {"convictions": [prior, felony]}).get_json()
    apart = post(client, "assessments", {"convictions": [other, felony]}).get_json()
    assert together["results"][0]["outcome"] == "not_applicable"
    assert together["results"][1]["outcome"] == "not_eligible"
    assert "felony_listed_prior" in [x["code"] for x in together["results"][1]["reasons"]]
    assert apart["results"][1]["outcome"] == "reduce_to_misdemeanor"
    assert together["results"][1]["priors"] and together["results"][1]["citations"]


def test_an_unknown_fact_is_a_question_with_the_outcome_it_could_give(client: FlaskClient) -> None:
    row = {**ADULT, "code_section": "HS 11357(a)", "level": "F", "cannabis_grams": None}
    row["offense_date"], row["conviction_date"] = "2010-06-01", "2010-09-01"
    (result,) = post(client, "assessments", {"convictions": [row]}).get_json()["results"]
    assert result["outcome"] == "reduce_to_misdemeanor"
    assert result["possible_outcome"] == "dismiss"
    facts = [q["fact"] for q in result["questions"]]
    assert "concentrate_grams" in facts
    assert all(q["message"] for q in result["questions"])


def test_a_contestable_point_is_listed(client: FlaskClient) -> None:
    row = {**ADULT, "code_section": "HS 11359", "level": "F", "cannabis_grams": None}
    (result,) = post(client, "assessments", {"convictions": [row]}).get_json()["results"]
    assert result["contestable"], result
    assert all(set(c) == {"code", "message", "citation"} for c in result["contestable"])


def test_an_empty_list_gives_an_empty_list(client: FlaskClient) -> None:
    r = post(client, "assessments", {"convictions": []})
    assert r.status_code == 200 and r.get_json() == {"results": []}


def test_a_bad_value_is_the_rows_error_as_in_the_batch_command(client: FlaskClient) -> None:
    row = {**ADULT, "date_of_birth": "1970-02-30", "plant_count": 2.5}
    (result,) = post(client, "assessments", {"convictions": [row]}).get_json()["results"]
    assert result["outcome"] == "needs_review"
    assert any("impossible date" in e for e in result["errors"])
    assert any("plant_count" in e for e in result["errors"])


# --- every field, every JSON type -------------------------------------------------------------


def test_the_api_fields_are_the_batch_contract_and_the_petitions_filer_columns() -> None:
    assert contract_json.FILER_COLUMNS == FORMS_FILER_COLUMNS
    assert set(COLUMNS) >= {"person_id", "code_section", "count", *FORMS_FILER_COLUMNS}


@pytest.mark.parametrize("name", COLUMNS)
def test_every_field_takes_a_string_and_null(client: FlaskClient, name: str) -> None:
    for value in ("", None, "x"):
        row = {**ADULT, name: value}
        if name in ("person_id", "code_section") and value is None:
            continue  # (tested below: a blank id or section is the batch command's row error)
        r = post(client, "assessments", {"convictions": [row]})
        assert r.status_code == 200, (name, value, r.get_data(as_text=True))


@pytest.mark.parametrize("name", COLUMNS)
def test_every_field_takes_numbers_and_booleans_only_where_the_contract_allows(
    client: FlaskClient, name: str
) -> None:
    for value, allowed in ((12, name in NUMBER_FIELDS), (True, name in BOOLEAN_FIELDS)):
        r = post(client, "assessments", {"convictions": [ADULT, {**ADULT, name: value}]})
        if allowed:
            assert r.status_code == 200, (name, value)
        else:
            assert_error(r, 422, "invalid_field")
            assert problems(r) == [
                (f"convictions[1].{name}", f"must be {contract_json._expected(name)}, not "
                 f"{'a number' if value == 12 and value is not True else 'a boolean'}")
            ]  # fmt: skip
    for value in ({"a": 1}, [1]):
        r = post(client, "assessments", {"convictions": [{**ADULT, name: value}]})
        assert_error(r, 422, "invalid_field")
        assert problems(r)[0][0] == f"convictions[0].{name}"


def test_numbers_keep_their_text_and_booleans_are_yes_and_no(client: FlaskClient) -> None:
    def cell(row: dict[str, Any], name: str) -> str:
        return contract_json.contract_rows([row])[0][COLUMNS.index(name)]

    assert cell({**ADULT, "cannabis_grams": 28.50}, "cannabis_grams") == "28.5"
    from rules.contract_json import JsonNumber

    raw = json.loads('{"g": 28.50, "n": 1e999}', parse_float=JsonNumber, parse_int=JsonNumber)
    assert cell({**ADULT, "cannabis_grams": raw["g"]}, "cannabis_grams") == "28.50"
    assert cell({**ADULT, "cannabis_grams": raw["n"]}, "cannabis_grams") == "1e999"
    assert cell({**ADULT, "sold": True}, "sold") == "yes"
    assert cell({**ADULT, "sold": False}, "sold") == "no"
    # The answers are the same as for the strings a CSV file would hold.
    a = post(client, "assessments", {"convictions": [{**ADULT, "sold": True, "plant_count": 3}]})
    b = post(client, "assessments", {"convictions": [{**ADULT, "sold": "yes", "plant_count": "3"}]})
    assert a.get_json() == b.get_json()


def test_a_huge_number_is_a_row_error_not_a_crash(client: FlaskClient) -> None:
    body = '{"convictions": [{"person_id": 1, "code_section": "HS 11357(b)", "cannabis_grams": '
    body += "9" * 100_000 + ', "plant_count": 1e999999}]}'
    (result,) = post(client, "assessments", body).get_json()["results"]
    assert result["outcome"] == "needs_review"
    assert any("cannabis_grams" in e for e in result["errors"])


def test_a_spreadsheet_formula_is_read_as_the_text_it_is(client: FlaskClient) -> None:
    # The CSV the API writes internally neutralises it, and the batch reader restores it.
    r = post(client, "assessments", {"convictions": [{**ADULT, "person_id": "=1+2"}]})
    assert r.status_code == 200
    assert contract_json.contract_rows([{**ADULT, "person_id": "=1+2"}])[0][0] == "=1+2"


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("a\x00b", "contains a control character or a text-direction character"),
        ("Maria\u202eZ", "contains a control character or a text-direction character"),
        ("\x1b[31m", "contains a control character or a text-direction character"),
        ("x" * 1001, "is longer than 1000 characters"),
        ("\ud800", "is not valid Unicode text"),
    ],
)
def test_unusable_text_is_refused_naming_the_field(
    client: FlaskClient, value: str, problem: str
) -> None:
    r = post(client, "assessments", {"convictions": [ADULT, {**ADULT, "name": value}]})
    assert_error(r, 422, "invalid_field")
    assert problems(r) == [("convictions[1].name", problem)]
    p = r.get_json()["problems"][0]
    assert p["index"] == 1 and p["name"] == "name"


def test_tabs_newlines_and_any_script_are_kept(client: FlaskClient) -> None:
    row = {**ADULT, "name": "Nguyễn\tVăn\nAn 王小明 김민준", "case_number": 'A,"1"'}
    assert post(client, "assessments", {"convictions": [row]}).status_code == 200


def test_unknown_and_missing_fields_are_named(client: FlaskClient) -> None:
    row = {k: v for k, v in ADULT.items() if k != "code_section"}
    r = post(client, "assessments", {"convictions": [{**row, "convction_date": "2012-01-01"}]})
    assert_error(r, 422, "invalid_field")
    assert set(problems(r)) == {
        ("convictions[0].convction_date", "unknown field"),
        ("convictions[0].code_section", "is required"),
    }


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ([], "(body)", "must be an object"),
        ("null", "(body)", "must be an object"),
        ({}, "convictions", "is required"),
        ({"convictions": [], "extra": 1}, "extra", "unknown field"),
        ({"convictions": {"a": 1}}, "convictions", "must be an array"),
        ({"convictions": "x"}, "convictions", "must be an array"),
        ({"convictions": [1]}, "convictions[0]", "must be an object, not a number"),
        ({"convictions": [None]}, "convictions[0]", "must be an object, not NoneType"),
    ],
)
def test_the_body_shape_is_checked(
    client: FlaskClient, body: Any, field: str, problem: str
) -> None:
    r = post(client, "assessments", body)
    assert_error(r, 422, "invalid_field")
    assert (field, problem) in problems(r), problems(r)


def test_at_most_a_hundred_problems_are_listed(client: FlaskClient) -> None:
    r = post(client, "assessments", {"convictions": [{"x": 1}] * 500})
    assert_error(r, 422, "invalid_field")
    assert len(r.get_json()["problems"]) == 100


# --- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "",
        "{",
        '{"convictions": [',
        '{"convictions": [{"person_id": "1",}]}',
        "{'convictions': []}",
        '{"convictions": [NaN]}',
        '{"convictions": Infinity}',
        b"\xff\xfe{}",
        "\ufeff{}",
        '{"convictions": []} trailing',
    ],
)
def test_malformed_json_is_a_400(client: FlaskClient, body: str | bytes) -> None:
    body_out = assert_error(post(client, "assessments", body), 400, "malformed_json")
    assert body_out["message"].startswith("The body is not")


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", "application/xml"],
)
def test_a_body_that_is_not_json_is_a_415(client: FlaskClient, content_type: str) -> None:
    r = post(client, "assessments", {"convictions": []}, content_type=content_type)
    assert_error(r, 415, "unsupported_media_type")
    r = client.post("/api/v1/packets", data="{}")
    assert_error(r, 415, "unsupported_media_type")


def test_json_with_a_charset_is_json(client: FlaskClient) -> None:
    r = post(
        client, "assessments", {"convictions": []}, content_type="application/json; charset=utf-8"
    )
    assert r.status_code == 200


def test_a_body_over_the_limit_is_a_413(client: FlaskClient) -> None:
    big = json.dumps({"convictions": [{**ADULT, "name": "x" * 900}] * 2400})
    assert len(big) > 2 * 1024 * 1024
    assert_error(post(client, "assessments", big), 413, "too_large")


def test_the_body_limit_is_the_apis_not_the_sites(app: Flask) -> None:
    # The site's forms take 256 KB; the API takes 2 MB by default, configurable.
    client = app.test_client()
    body = json.dumps({"convictions": [{**ADULT, "name": "x" * 900}] * 500})
    assert 256 * 1024 < len(body) < 2 * 1024 * 1024
    assert post(client, "assessments", body).status_code == 200
    small = make_app(API_MAX_BYTES=1000).test_client()
    assert_error(post(small, "assessments", body), 413, "too_large")


def test_more_convictions_than_the_limit_is_a_413_naming_the_field() -> None:
    client = make_app(API_MAX_CONVICTIONS=3).test_client()
    assert post(client, "assessments", {"convictions": [ADULT] * 3}).status_code == 200
    r = post(client, "assessments", {"convictions": [ADULT] * 4})
    assert_error(r, 413, "too_many_convictions")
    assert problems(r) == [("convictions", "has more than 3 items")]


def test_errors_under_the_api_are_json_404_and_405(client: FlaskClient) -> None:
    assert_error(client.get("/api/v1/nothing"), 404, "not_found")
    assert_error(client.get("/api/v1"), 404, "not_found")
    r = client.get("/api/v1/assessments")
    assert_error(r, 405, "method_not_allowed")
    assert "POST" in r.headers["Allow"]
    assert_error(client.put("/api/v1/packets", json={}), 405, "method_not_allowed")
    assert_error(client.post("/api/v1/openapi.json", json={}), 405, "method_not_allowed")
    # The site's own error pages stay HTML.
    assert client.get("/nothing").mimetype == "text/html"


def test_an_unexpected_error_is_a_json_500_that_logs_no_answer(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def broken(rows: Any) -> Any:
        raise RuntimeError("Maria Lopez 1970-03-15")

    monkeypatch.setattr(contract_json, "evaluate", broken)
    with caplog.at_level(logging.DEBUG):
        r = post(app.test_client(), "assessments", {"convictions": [ADULT]})
    assert_error(r, 500, "internal_error")
    assert "Maria" not in caplog.text and "1970" not in caplog.text


# --- no cookie, no CSRF token, no same-origin check ---------------------------------------------


def test_no_cookie_is_read_or_set(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    client = app.test_client()
    client.get("/")  # the site sets its cookie
    assert client.get_cookie("p64") is not None
    inner = app.session_interface.inner  # type: ignore[attr-defined]

    def refuse(*args: Any) -> Any:
        raise AssertionError("the API opened the session")

    monkeypatch.setattr(inner, "open_session", refuse)
    monkeypatch.setattr(inner, "save_session", refuse)
    for path in ("assessments", "packets"):
        body = {"convictions": [{**ADULT, **FILER}]}
        r = post(client, path, body, Cookie="p64=garbage")
        assert r.status_code == 200, r.get_data(as_text=True)
        assert "Set-Cookie" not in r.headers
    for r in (client.get("/api/v1/openapi.json"), client.get("/api/v1/nothing")):
        assert "Set-Cookie" not in r.headers


def test_the_api_logs_nothing_and_writes_no_file(
    app: Flask,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    client = app.test_client()
    person = {**ADULT, **FILER, "name": "Zelda Quintanilla", "date_of_birth": "1971-11-29"}
    with caplog.at_level(logging.DEBUG):
        assert post(client, "assessments", {"convictions": [person]}).status_code == 200
        assert post(client, "packets", {"convictions": [person]}).status_code == 200
        assert post(client, "packets", {"convictions": [person, person]}).status_code == 200
        assert post(client, "assessments", {"convictions": [{**person, "x": 1}]}).status_code == 422
    assert "Zelda" not in caplog.text and "1971" not in caplog.text
    assert list(tmp_path.iterdir()) == []


def test_no_csrf_token_and_any_origin(client: FlaskClient) -> None:
    r = post(client, "assessments", {"convictions": [ADULT]}, Origin="https://county.example")
    assert r.status_code == 200
    r = post(client, "assessments", {"convictions": [ADULT]}, Referer="https://x.example/a")
    assert r.status_code == 200
    # The site's forms still need both.
    assert (
        client.post("/about-you", data={}, headers={"Origin": "https://x.example"}).status_code
        == 400
    )


def test_the_responses_carry_the_sites_security_headers(client: FlaskClient) -> None:
    r = post(client, "assessments", {"convictions": [ADULT]})
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in r.headers["Content-Security-Policy"]


# --- languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "code", "tag"),
    [
        ("es", "es", "es"),
        ("zh-TW,zh;q=0.9", "zh_Hant", "zh-Hant"),
        ("vi-VN", "vi", "vi"),
        ("ko", "ko", "ko"),
        ("tl", "fil", "fil"),
        ("fr, es;q=0.5", "es", "es"),
        ("de", "en", "en"),
        ("", "en", "en"),
    ],
)
def test_messages_are_in_the_accept_language_language(
    client: FlaskClient, header: str, code: str, tag: str
) -> None:
    r = post(client, "assessments", {"convictions": [ADULT]}, **{"Accept-Language": header})
    (result,) = r.get_json()["results"]
    msgid = "For a person 21 or older, possessing, transporting or giving away without pay up"
    msgid += " to 28.5 grams of cannabis and up to 8 grams of concentrate is now lawful."
    catalog = Translations.load(str(ROOT / "translations"), [code])
    assert result["reasons"][0]["message"] == catalog.ugettext(msgid)
    assert r.headers["Content-Language"] == tag
    # codes, citations and errors stay the contract's, whatever the language
    assert result["reasons"][0]["code"] == "lawful_possession"


def test_the_language_never_comes_from_the_sites_cookie(client: FlaskClient) -> None:
    client.get("/language/es")
    r = post(client, "assessments", {"convictions": [ADULT]})
    assert r.headers["Content-Language"] == "en"


# --- the rate limit -----------------------------------------------------------------------------


def test_the_rate_limit_answers_429_with_retry_after() -> None:
    client = make_app(API_RATE_LIMIT="2 per minute").test_client()
    codes = [post(client, "assessments", {"convictions": []}).status_code for _ in range(2)]
    assert codes == [200, 200]
    r = post(client, "assessments", {"convictions": []})
    assert_error(r, 429, "rate_limited")
    assert 1 <= int(r.headers["Retry-After"]) <= 61
    # The site itself is not limited.
    assert client.get("/").status_code == 200


def test_the_packets_limit_is_its_own() -> None:
    client = make_app(
        API_RATE_LIMIT="1 per minute", API_PACKETS_RATE_LIMIT="1 per minute"
    ).test_client()
    assert post(client, "assessments", {"convictions": []}).status_code == 200
    assert post(client, "packets", {"convictions": [{**ADULT, **FILER}]}).status_code == 200
    assert post(client, "assessments", {"convictions": []}).status_code == 429
    assert post(client, "packets", {"convictions": []}).status_code == 429


def test_each_client_has_its_own_limit_by_its_real_address_behind_the_proxy() -> None:
    app = make_app(API_RATE_LIMIT="1 per minute", TRUST_PROXY_HOPS=1)
    client = app.test_client()

    def from_(address: str) -> int:
        status: int = post(
            client, "assessments", {"convictions": []}, **{"X-Forwarded-For": address}
        ).status_code
        return status

    assert [from_("203.0.113.1"), from_("203.0.113.1"), from_("203.0.113.2")] == [200, 429, 200]
    # Without a trusted proxy, the header is the client's own claim and is not believed.
    client = make_app(API_RATE_LIMIT="1 per minute").test_client()
    assert (
        post(
            client, "assessments", {"convictions": []}, **{"X-Forwarded-For": "1.1.1.1"}
        ).status_code
        == 200
    )
    assert (
        post(
            client, "assessments", {"convictions": []}, **{"X-Forwarded-For": "2.2.2.2"}
        ).status_code
        == 429
    )


def test_a_redis_store_that_does_not_answer_falls_back_to_memory(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The Redis client is installed (the `redis` extra); nothing listens on port 1, so the
    # limiter falls back to memory: no error for the client, and the limit still holds.
    app = make_app(API_RATE_LIMIT="2 per minute", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/0")
    client = app.test_client()
    codes = [post(client, "assessments", {"convictions": []}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert "Maria" not in caplog.text


def test_the_storage_uri_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://redis:6379/0")
    monkeypatch.setenv("PROP64_API_RATE_LIMIT", "5 per second")
    settings = api.defaults()
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://redis:6379/0"
    assert settings["API_RATE_LIMIT"] == "5 per second"
    monkeypatch.delenv("RATELIMIT_STORAGE_URI")
    assert api.defaults()["RATELIMIT_STORAGE_URI"] == "memory://"


# --- packets ------------------------------------------------------------------------------------


def test_one_packet_is_a_pdf(client: FlaskClient) -> None:
    r = post(client, "packets", {"convictions": [{**ADULT, **FILER}]})
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF-")
    assert r.headers["Content-Disposition"] == 'attachment; filename="Alameda_A-1001_P1.pdf"'
    from pypdf import PdfReader

    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(r.data)).pages)
    assert "A-1001" in text


def test_several_packets_are_a_zip_with_the_summary(client: FlaskClient) -> None:
    rows = [
        {**ADULT, **FILER},
        {**ADULT, **FILER, "case_number": "A-2002"},
        {**ADULT, "person_id": "P2", "code_section": "PC 459"},
    ]
    r = post(client, "packets", {"convictions": rows})
    assert r.status_code == 200 and r.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.data)) as zf:
        names = sorted(zf.namelist())
        assert names == ["Alameda_A-1001_P1.pdf", "Alameda_A-2002_P1.pdf", "summary.csv"]
        summary = list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode())))
    assert [s["outcome"] for s in summary] == ["dismiss", "dismiss", "not_applicable"]


def test_no_packet_is_a_422_saying_why_for_each_conviction(client: FlaskClient) -> None:
    no_address = {**ADULT, "county": "Alameda", "case_number": "A-1"}
    not_covered = {**ADULT, "code_section": "PC 459"}
    r = post(client, "packets", {"convictions": [no_address, not_covered]})
    assert_error(r, 422, "no_packet")
    (first, second) = r.get_json()["problems"]
    assert first["index"] == 0 and "mailing address" in first["problem"]
    assert second["index"] == 1 and "not_applicable" in second["problem"]
    assert_error(post(client, "packets", {"convictions": []}), 422, "no_packet")


def test_too_many_packets_is_a_413() -> None:
    client = make_app(API_MAX_PACKETS=1).test_client()
    rows = [{**ADULT, **FILER}, {**ADULT, **FILER, "case_number": "B-2"}]
    r = post(client, "packets", {"convictions": rows})
    assert_error(r, 413, "too_many_packets")


def test_packets_check_fields_like_assessments(client: FlaskClient) -> None:
    r = post(client, "packets", {"convictions": [{**ADULT, **FILER, "zip": [94612]}]})
    assert_error(r, 422, "invalid_field")
    assert problems(r)[0][0] == "convictions[0].zip"


# --- the documents ------------------------------------------------------------------------------


def test_the_openapi_document_names_every_field_and_the_configured_limits() -> None:
    app = make_app(API_MAX_CONVICTIONS=7, API_RATE_LIMIT="9 per hour")
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    assert doc["openapi"] == "3.1.0"
    conviction = doc["components"]["schemas"]["Conviction"]
    assert list(conviction["properties"]) == list(COLUMNS)
    assert conviction["required"] == ["person_id", "code_section"]
    assert doc["components"]["schemas"]["Request"]["properties"]["convictions"]["maxItems"] == 7
    assert "9 per hour" in doc["info"]["description"]
    result = doc["components"]["schemas"]["Result"]
    assert set(result["required"]) >= {"outcome", "track", "reasons", "questions",
                                       "possible_outcome", "contestable", "errors"}  # fmt: skip


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_the_api_page_is_a_strict_page_in_every_language(client: FlaskClient, lang: str) -> None:
    client.get(f"/language/{lang}")
    r = client.get("/api")
    check_page(r, lang)  # title, <html lang>, unique ids, labels, no inline script or style
    html = r.get_data(as_text=True)
    assert "<script" not in html and " style=" not in html
    assert "/api/v1/openapi.json" in html and "person_id" in html
    assert "script-src" not in r.headers["Content-Security-Policy"]


# --- the golden scenarios: the API answers exactly as the batch command ------------------------


def _golden_request() -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    with GOLDEN.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    objects = []
    for r in rows:
        obj: dict[str, Any] = {"person_id": r["person"]}
        for c in COLUMNS:
            if c != "person_id" and r.get(c):
                obj[c] = r[c]
        objects.append(obj)
    return rows, objects


@pytest.fixture(scope="module")
def golden_both(
    tmp_path_factory: pytest.TempPathFactory,
) -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    """Every golden row through ``prop64 evaluate`` (the command, in a subprocess) and through
    ``POST /api/v1/assessments`` (one request holding every row)."""
    rows, objects = _golden_request()
    folder = tmp_path_factory.mktemp("golden")
    source = folder / "golden_batch.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for obj in objects:
            w.writerow([obj.get(c, "") for c in COLUMNS])
    out = subprocess.run(
        [sys.executable, "-m", "rules.cli", "evaluate", str(source), "-j", "1"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    ).stdout  # fmt: skip
    batch = list(csv.DictReader(io.StringIO(out, newline="")))
    client = make_app(API_MAX_CONVICTIONS=len(objects)).test_client()
    r = post(client, "assessments", {"convictions": objects})
    assert r.status_code == 200
    results = r.get_json()["results"]
    assert len(batch) == len(results) == len(rows)
    return [(row["case"], b, a) for row, b, a in zip(rows, batch, results, strict=True)]


def _as_batch_columns(a: dict[str, Any]) -> dict[str, str]:
    return {
        "outcome": a["outcome"],
        "track": a["track"] or "",
        "reasons": ";".join(x["code"] for x in a["reasons"]),
        "citations": " | ".join(a["citations"]),
        "questions": ";".join(q["fact"] for q in a["questions"]),
        "possible_outcome": a["possible_outcome"] or "",
        "errors": "; ".join(a["errors"]),
        "priors": "; ".join(a["priors"]),
    }


def test_every_golden_row_is_answered_as_the_batch_command_answers_it(
    golden_both: list[tuple[str, dict[str, str], dict[str, Any]]],
) -> None:
    assert len(golden_both) > 100
    for name, batch, answer in golden_both:
        expected = {c: batch[c] for c in OUTPUT_COLUMNS}
        assert _as_batch_columns(answer) == expected, name
        contest = [c["code"] for c in answer["contestable"]]
        assert all(c.startswith("contest_") for c in contest), name


def _golden_names() -> list[str]:
    rows, _ = _golden_request()
    return [r["case"] for r in rows if r["expect"] == "yes"]


@pytest.mark.parametrize("name", _golden_names())
def test_golden_scenario(
    name: str, golden_both: list[tuple[str, dict[str, str], dict[str, Any]]]
) -> None:
    """Each named scenario of the golden table: the API's answer is the batch command's."""
    for case, batch, answer in golden_both:
        if case == name:
            assert _as_batch_columns(answer) == {c: batch[c] for c in OUTPUT_COLUMNS}
            return
    raise AssertionError(name)


def test_the_memory_store_starts_no_thread_and_sweeps_expired_counters() -> None:
    import threading
    import time

    store = api.SweptMemoryStorage()
    store.SWEEP_SECONDS = 0.0  # type: ignore[misc]
    threads = threading.active_count()
    for _ in range(100):
        store.incr("client-a", 0.01)
    assert store.get("client-a") == 100
    assert threading.active_count() <= threads
    time.sleep(0.05)
    assert store.get("client-a") == 0  # expired: counts from zero again
    store.incr("client-b", 60)
    assert "client-a" not in store.storage and "client-a" not in store.expirations


def test_a_window_that_ends_lets_the_client_in_again() -> None:
    import time

    client = make_app(API_RATE_LIMIT="1 per second").test_client()
    assert post(client, "assessments", {"convictions": []}).status_code == 200
    r = post(client, "assessments", {"convictions": []})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) <= 2
    time.sleep(1.1)
    assert post(client, "assessments", {"convictions": []}).status_code == 200


def test_the_one_packet_is_the_packet_prop64_petitions_builds(client: FlaskClient) -> None:
    from pypdf import PdfReader

    from forms.batch import write_petitions

    rows = [{**ADULT, **FILER}, {**ADULT, "person_id": "P2", "code_section": "PC 459"}]
    r = post(client, "packets", {"convictions": rows})
    assert r.mimetype == "application/pdf"
    buffer = io.BytesIO()
    write_petitions(contract_json.evaluation(contract_json.contract_rows(rows)), buffer)
    with zipfile.ZipFile(buffer) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith(".pdf")]
        expected = zf.read(name)
    assert r.headers["Content-Disposition"] == f'attachment; filename="{name}"'

    def text(data: bytes) -> list[str]:
        return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]

    assert text(r.data) == text(expected)
    fields = PdfReader(io.BytesIO(r.data)).get_fields() or {}
    assert {k: v.get("/V") for k, v in fields.items()} == {
        k: v.get("/V") for k, v in (PdfReader(io.BytesIO(expected)).get_fields() or {}).items()
    }


def test_a_juvenile_case_alone_gives_no_packet_and_says_why(client: FlaskClient) -> None:
    row = {**ADULT, **FILER, "court": "juvenile"}
    r = post(client, "packets", {"convictions": [row]})
    assert_error(r, 422, "no_packet")
    assert "JV-744" in r.get_json()["problems"][0]["problem"]


def test_the_rate_limit_store_never_holds_an_address(app: Flask) -> None:
    client = app.test_client()
    post(client, "assessments", {"convictions": []}, **{"X-Forwarded-For": "203.0.113.9"})
    store = app.extensions["p64_limiter"].storage
    keys = " ".join(store.storage)
    assert keys and "127.0.0.1" not in keys and "203.0.113" not in keys


def test_a_rows_problems_come_in_the_language_asked_for(client: FlaskClient) -> None:
    """This test ensures that a case-management system asking in Spanish gets the row's problems
    in Spanish (the same problems, worded by the site's catalog), and in English the batch
    command's own text."""
    row = {**ADULT, "date_of_birth": "1970-02-30"}
    body = {"convictions": [row]}
    asked = post(client, "assessments", body, **{"Accept-Language": "es"})
    (spanish,) = asked.get_json()["results"]
    (english,) = post(client, "assessments", body).get_json()["results"]
    assert any("date_of_birth: impossible date '1970-02-30'" == e for e in english["errors"])
    assert any("date_of_birth: la fecha '1970-02-30' no existe" == e for e in spanish["errors"])
    assert len(spanish["errors"]) == len(english["errors"])
