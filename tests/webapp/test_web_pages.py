"""Every page in every language, through the page checker."""

from __future__ import annotations

import re

import pytest
from conftest import Visitor, check_page, fill_session
from flask import Flask

from webapp.i18n import LANGUAGES

PAGES = [
    "/",
    "/cleared",
    "/about-you",
    "/convictions",
    "/convictions/new/3",
    "/convictions/0",
    "/convictions/2/details",
    "/convictions/1/remove",
    "/clear",
    "/check",
    "/results",
    "/petition",
    "/download",
    "/download/0/next-steps",
    "/download/1/next-steps",
    "/how-we-decide",
    "/resume",
]
CODES = [lang.code for lang in LANGUAGES]


@pytest.mark.parametrize("lang", CODES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_every_language(app: Flask, lang: str, path: str) -> None:
    """This test ensures that each page, with answers filled in, passes the page checker in each
    of the six languages (status, title, <html lang>, unique ids, a label for every input)."""
    client = app.test_client()
    fill_session(client, lang)
    Visitor(client, lang).get(path)


@pytest.mark.parametrize("lang", CODES)
def test_empty_pages_and_404_in_every_language(app: Flask, lang: str) -> None:
    """This test ensures that the pages also work before anything is answered, and that an
    unknown address gives a checked 404 page in the person's language."""
    visitor = Visitor(app.test_client(), lang)
    for path in ("/results", "/download", "/convictions", "/petition"):
        visitor.get(path)
    visitor.get("/no-such-page", status=404)
    visitor.get("/convictions/7", status=404)
    visitor.get("/download/3/next-steps", status=404)


def test_language_switcher_names_each_language_in_its_own_script(visitor: Visitor) -> None:
    """This test ensures that the switcher on every page names each language in its own script
    and marks each name with its language."""
    html = visitor.get("/").get_data(as_text=True)
    for lang in LANGUAGES:
        assert f'lang="{lang.html_lang}"' in html
        assert lang.native_name in html


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.5", "es"),
        ("zh-TW,zh;q=0.9", "zh-Hant"),
        ("zh-CN", "zh-Hant"),
        ("vi", "vi"),
        ("ko-KR", "ko"),
        ("tl-PH,en;q=0.3", "fil"),
        ("fil", "fil"),
        ("fr-FR,ko;q=0.5", "ko"),
        ("de", "en"),
        ("", "en"),
    ],
)
def test_accept_language_picks_the_first_language_we_have(
    app: Flask, header: str, expected: str
) -> None:
    """This test ensures that a first visit is in the first language of the browser's list that
    the site has, and in English otherwise."""
    response = app.test_client().get("/", headers={"Accept-Language": header})
    assert f'<html lang="{expected}">' in response.get_data(as_text=True)


def test_the_switchers_choice_persists_over_accept_language(app: Flask) -> None:
    """This test ensures that the language chosen in the switcher stays for the next pages, wins
    over the browser's language, and survives "Clear my answers"."""
    client = app.test_client()
    headers = {"Accept-Language": "es"}
    response = client.get("/language/ko?next=/cleared", headers=headers)
    assert response.status_code == 302 and response.location.endswith("/cleared")
    check_page(client.get("/convictions", headers=headers), "ko")
    visitor = Visitor(client, "ko")
    visitor.post("/clear", {}, page="/")
    check_page(client.get("/", headers=headers), "ko")


def test_switcher_only_returns_to_this_site(app: Flask) -> None:
    """This test ensures that the language switch cannot be used to send someone to another site."""
    client = app.test_client()
    for target in (
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        response = client.get("/language/es", query_string={"next": target})
        assert response.location == "/", target
    assert client.get("/language/xx").status_code == 404


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "May 1, 2010"),
        ("es", "1 de mayo de 2010"),
        ("ko", "2010년 5월 1일"),
        ("zh_Hant", "2010年5月1日"),
    ],
)
def test_dates_follow_the_language(app: Flask, lang: str, expected: str) -> None:
    """This test ensures that dates are written the way the chosen language writes them."""
    client = app.test_client()
    fill_session(client, lang)
    assert expected in client.get("/results").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "month_year", "full"),
    [
        ("en", "November 2016", "November 1, 2016"),
        ("es", "noviembre de 2016", "1 de noviembre de 2016"),
        ("zh_Hant", "2016年11月", "2016年11月1日"),
        ("vi", "tháng 11 năm 2016", "1 tháng 11, 2016"),
        ("ko", "2016년 11월", "2016년 11월 1일"),
        ("fil", "Nobyembre 2016", "Nobyembre 1, 2016"),
    ],
)
def test_month_and_year_read_right_in_every_language(
    app: Flask, lang: str, month_year: str, full: str
) -> None:
    """This test ensures that a date given as month and year, and a full date, are written the
    way each language writes them (the month-year date once read "2016tháng 11", "2016November")."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["l"] = lang
        session["c"] = [
            {"co": "Kern", "s": "HS 11359", "o": "2016-11", "l": "F", "t": "f", "i": 0, "v": 1},
            {"co": "Kern", "s": "HS 11359", "o": "2016-11-01", "l": "F", "t": "f", "i": 1, "v": 1},
        ]
    text = client.get("/convictions").get_data(as_text=True)
    assert f"<dd>{month_year}</dd>" in text
    assert f"<dd>{full}</dd>" in text
    assert "2016November" not in text and "2016tháng" not in text


def test_partial_dates_are_shown_as_given(app: Flask) -> None:
    """This test ensures that an offense date given as a year alone is shown as that year."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["c"] = [{"co": "Kern", "s": "HS 11359", "o": "2009", "l": "F", "t": "f", "i": 0}]
    text = client.get("/convictions").get_data(as_text=True)
    assert re.search(r"<dd>2009</dd>", text)
