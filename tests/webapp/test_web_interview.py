"""The whole interview through the forms, save and resume, and answers that must not break it."""

from __future__ import annotations

import io
import json
import time

import pytest
from conftest import Visitor, check_page, errors, make_app
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

CR400 = "CR-400[0].Page1[0]."
NAME = CR400 + "P1Caption[0].AttyPartyInfo[0].Name[0]"
COUNTY = CR400 + "P1Caption[0].CourtInfo[0].CrtCounty[0]"
CASE = CR400 + "P1Caption[0].HeaderSub[0].CaseNumber[0].CaseNumber[0]"
DEFENDANT = CR400 + "P1Caption[0].Party[0].Party2[0]"
ITEM_11357 = CR400 + "LI1[0].li1a[0].Checkbox[0]"
ITEM_11358 = CR400 + "LI1[0].li1b[0].Checkbox[0]"
ITEM_11359 = CR400 + "LI1[0].li1c[0].Checkbox[0]"
PETITION = CR400 + "LI2[0].li2a[0].Checkbox[0]"
APPLICATION = CR400 + "LI2[0].li2b[0].Checkbox[0]"
WAIVE_JUDGE = CR400 + "LI3[0].li3[0].Checkbox[0]"


def conviction(county: str, case: str, section: str, year: str, level: str, status: str) -> dict:
    return {
        "county": county,
        "case_number": case,
        "section": section,
        "offense_day": "1",
        "offense_month": "5",
        "offense_year": year,
        "level": level,
        "status": status,
    }


def interview(v: Visitor) -> None:
    """One person, three convictions in two counties, petition details."""
    v.get("/")
    v.get("/cleared")
    v.get("/about-you")
    person = {"dob_day": "3", "dob_month": "4", "dob_year": "1980"}
    v.submit(
        "/about-you", {**person, "juvenile": "n", "superstrike": "n", "pc290": "u"}, "/convictions"
    )
    v.get("/convictions/new")
    v.submit(
        "/convictions/new",
        conviction("Alameda", "A-1001", "HS 11357(b)", "2010", "M", "f"),
        "/convictions/0/details",
    )
    v.submit("/convictions/0/details", {"grams": "10", "concentrate": ""}, "/convictions")
    v.submit(
        "/convictions/new",
        conviction("Alameda", "A-1001", "HS 11359", "2012", "F", "f"),
        "/convictions/1/details",
    )
    v.submit("/convictions/1/details", {"minors": "n"}, "/convictions")
    v.submit(
        "/convictions/new",
        conviction("Fresno", "F-2002", "HS 11358", "2014", "F", "p"),
        "/convictions/2/details",
    )
    v.get("/convictions/2/details")
    v.submit("/convictions/2/details", {"plants": "4", "environment": "n"}, "/convictions")
    v.get("/convictions")
    v.get("/results")
    v.get("/petition")
    filer = {
        "name": "Maria Lopez",
        "street": "1 Main St",
        "city": "Oakland",
        "state": "CA",
        "zip": "94612",
        "phone": "510 555 0100",
        "email": "maria@example.com",
        "waive_judge": "y",
        "signature": "typed",
    }
    v.submit("/petition", filer, "/download")


def packets(v: Visitor) -> list[dict[str, object]]:
    html = v.get("/download").get_data(as_text=True)
    assert "/download/1/packet.pdf" in html and "/download/2/packet.pdf" not in html
    out = []
    for number in (0, 1):
        response = v.get(f"/download/{number}/packet.pdf")
        assert response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].startswith("attachment;")
        reader = PdfReader(io.BytesIO(response.data))
        out.append({k: f.get("/V") for k, f in reader.get_fields().items()})
        v.get(f"/download/{number}/next-steps")
    return out


def check_packets(fields: list[dict[str, object]]) -> None:
    alameda, fresno = fields
    assert alameda[NAME] == "Maria Lopez" and alameda[DEFENDANT] == "Maria Lopez"
    assert alameda[COUNTY] == "Alameda" and alameda[CASE] == "A-1001"
    assert alameda[ITEM_11357] == "/Yes" and alameda[ITEM_11359] == "/Yes"
    assert alameda[APPLICATION] == "/Yes" and alameda[PETITION] != "/Yes"
    assert alameda[WAIVE_JUDGE] == "/Yes"
    assert fresno[COUNTY] == "Fresno" and fresno[CASE] == "F-2002"
    assert fresno[ITEM_11358] == "/Yes" and fresno[ITEM_11359] != "/Yes"
    assert fresno[PETITION] == "/Yes" and fresno[APPLICATION] != "/Yes"


def test_whole_interview_ends_in_two_packets(visitor: Visitor) -> None:
    """This test ensures that one person with three convictions in two counties goes through
    every step and downloads two packets whose fields read back as answered."""
    interview(visitor)
    check_packets(packets(visitor))


def test_save_and_resume_give_the_same_packets(app: Flask) -> None:
    """This test ensures that "Save my answers" gives a small versioned file and that "Resume"
    in a fresh browser brings every answer back, down to the same packets."""
    first = Visitor(app.test_client())
    interview(first)
    before = packets(first)
    saved = first.post("/save", {}, page="/")
    assert saved.mimetype == "application/json"
    assert "attachment" in saved.headers["Content-Disposition"]
    assert len(saved.data) < 4096
    payload = json.loads(saved.data)
    assert payload["format"] == "prop64-answers" and payload["version"] == 1
    # A new browser (and a restarted server with the same key) gets it all back.
    second = Visitor(make_app().test_client())
    second.get("/resume")
    response = second.post("/resume", {"answers_file": (io.BytesIO(saved.data), "answers.json")})
    assert response.status_code == 302 and response.location.endswith("/convictions")
    assert packets(second) == before
    check_packets(before)


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        json.dumps({"format": "prop64-answers", "version": 99, "answers": {}}).encode(),
        json.dumps({"format": "other", "version": 1, "answers": {}}).encode(),
        json.dumps(
            {"format": "prop64-answers", "version": 1, "answers": {"c": [{"co": "Atlantis"}]}}
        ).encode(),
        json.dumps(
            {"format": "prop64-answers", "version": 1, "answers": {"f": {"n": "<script>"}}}
        ).encode(),
        json.dumps(
            {"format": "prop64-answers", "version": 1, "answers": {"p": {"b": "2016-02-30"}}}
        ).encode(),
        json.dumps({"format": "prop64-answers", "version": 1, "answers": {"x": 1}}).encode(),
        b"[" * 5000,
        b"{" + b" " * 70_000 + b"}",
    ],
)
def test_resume_refuses_a_bad_file_with_a_clear_message(visitor: Visitor, content: bytes) -> None:
    """This test ensures that a damaged, foreign, oversized or hostile file is refused with a
    message on the page and never a 500, and changes nothing."""
    response = visitor.post("/resume", {"answers_file": (io.BytesIO(content), "a.json")})
    check_page(response)
    assert errors(response)
    with visitor.client.session_transaction() as session:
        assert "c" not in session and "f" not in session


def test_resume_without_a_file_says_so(visitor: Visitor) -> None:
    """This test ensures that pressing "Load" without choosing a file gives a field error."""
    response = visitor.post("/resume", {})
    check_page(response)
    assert errors(response)


def _person(v: Visitor, day: str, month: str, year: str) -> list[str]:
    data = {"dob_month": month, "dob_day": day, "dob_year": year}
    response = v.post("/about-you", {**data, "juvenile": "n", "superstrike": "n", "pc290": "n"})
    if response.status_code == 302:
        return []
    check_page(response)
    html = response.get_data(as_text=True)
    assert 'class="error-summary"' in html and 'href="#dob_month"' in html
    assert f'value="{year}"' in html  # what was typed is kept
    return errors(response)


def test_impossible_dates_get_a_clear_message(visitor: Visitor) -> None:
    """This test ensures that 30 February, letters, a two-digit year, a half date and a future
    date each get a message, with the error summary linking to the field."""
    assert _person(visitor, "30", "2", "2016")
    assert _person(visitor, "x", "2", "1980")
    assert _person(visitor, "3", "2", "80")
    assert _person(visitor, "", "2", "1980")
    assert _person(visitor, "1", "1", "2999")
    assert _person(visitor, "1", "13", "1980")  # a 13th month: the day and month swapped
    assert _person(visitor, "1", "Marchh", "1980")
    assert not _person(visitor, "29", "2", "1980")


def test_birth_after_offense_and_conviction_before_offense(visitor: Visitor) -> None:
    """This test ensures that a date of birth after an offense, an offense before the birth, and
    a conviction before the offense are each explained, not accepted."""
    assert not _person(visitor, "1", "1", "1990")
    response = visitor.post(
        "/convictions/new", conviction("Kern", "", "HS 11359", "1985", "F", "f")
    )
    check_page(response)
    assert len(errors(response)) == 1
    data = conviction("Kern", "", "HS 11359", "2010", "F", "f")
    data.update(convicted_day="1", convicted_month="1", convicted_year="2009")
    response = visitor.post("/convictions/new", data)
    check_page(response)
    assert len(errors(response)) == 1 and 'value="2009"' in response.get_data(as_text=True)
    visitor.submit("/convictions/new", conviction("Kern", "", "HS 11359", "2010", "F", "f"))
    assert _person(visitor, "1", "1", "2011")


def test_required_answers_are_asked_for_in_the_persons_language(app: Flask) -> None:
    """This test ensures that an empty conviction form lists each missing answer in the error
    summary, linked to its field, in the chosen language's page."""
    v = Visitor(app.test_client(), "es")
    response = v.post("/convictions/new", {})
    check_page(response, "es")
    html = response.get_data(as_text=True)
    for anchor in ("#county", "#section", "#level-0", "#status-0"):
        assert f'href="{anchor}"' in html


@pytest.mark.parametrize(
    "name",
    ["x" * 10_000, "<script>alert(1)</script>", "Robert'); DROP TABLE--", "\u202eevil", "אבג"],
)
def test_hostile_names_get_a_message_never_a_500(visitor: Visitor, name: str) -> None:
    """This test ensures that a 10,000-character name, markup or unprintable text gets a message
    (or is kept safely escaped) and never a server error."""
    response = visitor.post("/petition", {"name": name, "signature": "hand"})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        check_page(response)
        assert "<script>alert" not in response.get_data(as_text=True)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "county",
                "case_number",
                "section",
                "section_typed",
                "offense_day",
                "offense_month",
                "offense_year",
                "convicted_year",
                "level",
                "status",
            ]
        ),
        st.text(max_size=60),
    )
)
def test_any_conviction_answers_never_break_the_site(app: Flask, data: dict[str, str]) -> None:
    """This test ensures that whatever is typed in the conviction form, the site answers with
    the form and its messages or saves it, never with a 500."""
    v = Visitor(app.test_client())
    clean = {k: s.replace("\x00", "") for k, s in data.items()}
    response = v.post("/convictions/new", clean)
    assert response.status_code in (200, 302)
    v.get("/convictions")
    assert v.client.get("/results").status_code == 200


def test_edit_and_remove_a_conviction(visitor: Visitor) -> None:
    """This test ensures that a conviction can be changed (its form comes back filled in) and
    removed."""
    visitor.submit("/convictions/new", conviction("Kern", "K1", "HS 11359", "2010", "F", "f"))
    html = visitor.get("/convictions/0").get_data(as_text=True)
    assert 'value="K1"' in html and '<option selected value="Kern">' in html
    visitor.submit("/convictions/0", conviction("Yuba", "Y1", "HS 11359", "2011", "F", "f"))
    assert "Yuba" in visitor.get("/convictions").get_data(as_text=True)
    visitor.get("/convictions/0/remove")  # asks first
    assert "Yuba" in visitor.get("/convictions").get_data(as_text=True)
    visitor.post("/convictions/0/remove", {})
    assert "Yuba" not in visitor.get("/convictions").get_data(as_text=True)


def _twenty(v: Visitor) -> None:
    for i in range(20):
        data = conviction("San Bernardino", f"FSB{i:06d}-2015", "other", "2015", "F", "p")
        data.update(section_typed="HS 11360(a)", convicted_day="2", convicted_month="2")
        data["convicted_year"] = "2016"
        v.submit("/convictions/new", data, f"/convictions/{i}/details")
        details = {"grams": "1234.5", "concentrate": "12.25", "sold": "y", "minors": "n"}
        v.submit(f"/convictions/{i}/details", {**details, "interstate": "u"}, "/convictions")


def test_twenty_convictions_fit_in_the_cookie(app: Flask) -> None:
    """This test ensures that twenty fully answered convictions, the person and the petition
    details fit in a session cookie well under the browsers' 4 KB limit, and that the site
    stops a 21st."""
    v = Visitor(app.test_client())
    _person(v, "3", "4", "1980")
    _twenty(v)
    v.submit(
        "/petition",
        {
            "name": "Maria Guadalupe Hernández-Villanueva de la Cruz",
            "street": "12345 West Martin Luther King Jr. Boulevard, Apartment 1234",
            "city": "Rancho Santa Margarita",
            "state": "CA",
            "zip": "92688-1234",
            "phone": "+1 (949) 555-0100",
            "email": "maria.hernandez.villanueva@example.com",
            "attorney_name": "Jordan Example",
            "attorney_bar": "123456",
            "waive_judge": "y",
            "waive_appearance": "y",
            "server": "Alex Server Person",
            "signature": "typed",
        },
        "/download",
    )
    cookie = v.client.get_cookie("p64")
    assert cookie is not None
    size = len(cookie.key) + len(cookie.value)
    print(f"session cookie with 20 convictions: {size} bytes")
    assert size < 3500
    response = v.client.get("/convictions/new")
    assert response.status_code == 302
    assert v.client.get("/results").status_code == 200


def test_idle_answers_expire(app: Flask) -> None:
    """This test ensures that answers left unused longer than the idle time are forgotten, with
    a message, and the language is kept."""
    v = Visitor(app.test_client(), "es")
    v.submit("/convictions/new", conviction("Kern", "K1", "HS 11359", "2010", "F", "f"))
    with v.client.session_transaction() as session:
        session["t"] = int(time.time()) - 31 * 60
    response = v.client.get("/convictions")
    check_page(response, "es")
    with v.client.session_transaction() as session:
        assert "c" not in session and session["l"] == "es"


def test_clear_my_answers(visitor: Visitor) -> None:
    """This test ensures that "Clear my answers" forgets every answer."""
    visitor.submit("/convictions/new", conviction("Kern", "K1", "HS 11359", "2010", "F", "f"))
    assert "Yes, clear my answers" in visitor.get("/clear").get_data(as_text=True)  # asks first
    with visitor.client.session_transaction() as session:
        assert session["c"]
    response = visitor.post("/clear", {})
    assert response.status_code == 302
    with visitor.client.session_transaction() as session:
        assert set(session) <= {"t", "l", "n", "csrf_token", "_flashes"}


def test_a_server_restart_with_the_same_secret_key_loses_nothing() -> None:
    """This test ensures that answers live only in the signed cookie: a new instance of the site
    (a restart, or another worker) with the same SECRET_KEY shows the same answers, and one with
    another key shows none (nothing was kept on the server)."""
    first = make_app()
    v = Visitor(first.test_client(), "vi")
    v.submit("/convictions/new", conviction("Kern", "K-77", "HS 11359", "2010", "F", "f"))
    cookie = v.client.get_cookie(first.config["SESSION_COOKIE_NAME"])
    assert cookie is not None

    restarted = make_app().test_client()
    restarted.set_cookie(cookie.key, cookie.value)
    page = restarted.get("/convictions")
    check_page(page, "vi")
    assert "K-77" in page.get_data(as_text=True)

    other = make_app(SECRET_KEY="another-secret-that-is-long-enough-for-it").test_client()
    other.set_cookie(cookie.key, cookie.value)
    assert "K-77" not in other.get("/convictions").get_data(as_text=True)
