"""One standard for every answer: the save file is held to the forms' rules, and nothing
hostile, huge or malformed gives a 500 or reaches the court forms."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from conftest import FILER, PERSON, Visitor, check_page, make_app
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp import validation

BASE_CONVICTION = {"co": "Kern", "n": "K1", "s": "HS 11359", "o": "2010-05-01", "l": "F", "t": "f"}


def _file(answers: Any, raw: bytes | None = None) -> bytes:
    if raw is not None:
        return raw
    return json.dumps({"format": "prop64-answers", "version": 1, "answers": answers}).encode()


def _resume(app: Flask, body: bytes) -> tuple[int, str]:
    v = Visitor(app.test_client())
    response = v.post("/resume", {"answers_file": (io.BytesIO(body), "answers.json")})
    text = response.get_data(as_text=True)
    if response.status_code == 200:
        check_page(response)
    return response.status_code, text


HOSTILE_FILES = {
    "5000-digit number": b'{"format":"prop64-answers","version":1,"answers":{"c":[{"pl":'
    + b"9" * 5000
    + b"}]}}",
    "NaN": b'{"format":"prop64-answers","version":1,"answers":{"c":[{"g":NaN}]}}',
    "non-ASCII case number": _file({"c": [{**BASE_CONVICTION, "n": "Ж-１２３"}]}),
    "NUL in a name": _file({"f": {**FILER, "n": "Maria\x00Lopez"}}),
    "right-to-left override in a name": _file({"f": {**FILER, "n": "\u202eMaria"}}),
    "CR LF in a case number": _file({"c": [{**BASE_CONVICTION, "n": "K1\r\nX"}]}),
    "offense after conviction": _file({"c": [{**BASE_CONVICTION, "d": "2009-01-01"}]}),
    "offense in 2099": _file({"c": [{**BASE_CONVICTION, "o": "2099-01-01"}]}),
    "offense before birth": _file({"p": PERSON, "c": [{**BASE_CONVICTION, "o": "1970"}]}),
    "unknown section choice": _file({"c": [{**BASE_CONVICTION, "s": "PC 187"}]}),
    "a name the forms cannot print": _file({"f": {**FILER, "n": "אבג"}}),
    "a ZIP code that is not one": _file({"f": {**FILER, "z": "ABCDE"}}),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_a_save_file_is_held_to_the_forms_rules(app: Flask, name: str) -> None:
    """This test ensures that a save file holding what a form would refuse (each case once
    gave a 500 or reached the PDF) is refused with the clear message, not a 500."""
    status, text = _resume(app, HOSTILE_FILES[name])
    assert status == 200
    assert "not a file of answers saved from this site" in text


def test_a_good_save_file_still_loads(app: Flask) -> None:
    """This test ensures that the stricter checks still accept real answers."""
    status, _ = _resume(app, _file({"p": PERSON, "c": [BASE_CONVICTION], "f": FILER}))
    assert status == 302


@pytest.mark.parametrize("text", ["Maria\u202eLopez", "Ana\x00", "Ana\r\nBcc: x", "A\u2066B"])
def test_forms_refuse_control_and_bidi_characters(visitor: Visitor, text: str) -> None:
    """This test ensures that the forms refuse names and case numbers with control or
    text-direction characters, with a message, keeping the rest."""
    response = visitor.post("/petition", {"name": text, "signature": "hand"})
    check_page(response)
    assert "invisible control characters" in response.get_data(as_text=True)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=4), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip
SLOW_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
KEYS = ["co", "n", "s", "x", "o", "d", "l", "t", "g", "k", "pl", "sa", "mi", "in", "en"]


@settings(max_examples=80, deadline=None, suppress_health_check=SLOW_OK)
@given(
    st.dictionaries(st.sampled_from(KEYS), JSON | st.text(), max_size=6),
    st.dictionaries(st.sampled_from([*sorted(FILER), "an", "sv", "em"]), JSON, max_size=4),
)
def test_any_save_file_never_gives_a_500_or_reaches_the_pdf_unfiltered(
    app: Flask, conviction: dict[str, Any], filer: dict[str, Any]
) -> None:
    """This test ensures that a save file with random, hostile or huge values is either refused
    with the message or loaded, never a 500; and what is loaded passes the forms' own check."""
    body = _file({"c": [{**BASE_CONVICTION, **conviction}], "f": {**FILER, **filer}})
    status, _ = _resume(app, body)
    assert status in (200, 302)
    if status == 302:
        for value in [*conviction.values(), *filer.values()]:
            if isinstance(value, str):
                assert validation.text_problem(value, 10_000) is None


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW_OK)
@given(
    st.sampled_from(["/about-you", "/petition", "/convictions/new", "/convictions/0/details"]),
    st.dictionaries(
        st.sampled_from(["name", "street", "city", "zip", "phone", "email", "dob_month",
                         "dob_day", "dob_year", "case_number", "section_typed", "county",
                         "offense_month", "grams", "plants", "signature", "juvenile"]),
        st.text(max_size=200) | st.text(min_size=1000, max_size=3000),
    ),
)  # fmt: skip
def test_any_form_input_never_gives_a_500_and_only_clean_text_is_kept(
    path: str, data: dict[str, str]
) -> None:
    """This test ensures that whatever is typed in any form (control characters, bidi marks,
    huge values) gives the form back with messages or is saved clean, never a 500."""
    app = make_app()
    v = Visitor(app.test_client())
    v.submit("/convictions/new", {"county": "Kern", "section": "HS 11357(a)",
                                  "offense_year": "2010", "level": "M", "status": "f"})  # fmt: skip
    response = v.post(path, data)
    assert response.status_code in (200, 302)
    with v.client.session_transaction() as session:
        stored = [session.get("f", {}), session.get("p", {}), *session.get("c", [])]
    for record in stored:
        for value in record.values():
            if isinstance(value, str):
                assert validation.text_problem(value, 10_000) is None, value
