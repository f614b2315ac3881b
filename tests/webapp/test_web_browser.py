"""A real browser: Debian's Chromium driven by Playwright through the whole interview, and
axe-core checking every page in every language against WCAG 2.1 A and AA.

Playwright cannot download its own browser here, so the tests use /usr/bin/chromium. Without it
(or without node_modules/axe-core, installed by `npm install`) they skip on a developer's machine
and fail when the CI environment variable is set.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CONVICTIONS, FILER, PERSON, _missing, make_app, serve
from flask import Flask
from pypdf import PdfReader
from test_web_interview import (
    APPLICATION,
    CASE,
    COUNTY,
    ITEM_11358,
    NAME,
    PETITION,
)
from test_web_pages import PAGES
from tls import server_context

from webapp.i18n import BY_CODE, LANGUAGES

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[str, Flask]]:
    app = make_app()
    for base in serve(app):
        yield base, app


@pytest.fixture(scope="module")
def live_https(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Flask]]:
    """The site over TLS with a throwaway certificate, Secure cookies as in production."""
    app = make_app(SESSION_COOKIE_SECURE=True)
    for base in serve(app, server_context(tmp_path_factory.mktemp("tls"))):
        yield base, app


def _fields(path: Path) -> dict[str, object]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return {k: f.get("/V") for k, f in reader.get_fields().items()}


def _download(page: Any, href: str, name: str | None = None) -> dict[str, object]:
    with page.expect_download() as info:
        page.click(f"a[href='{href}']")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    if name is not None:
        assert download.suggested_filename == name
    return _fields(Path(download.path()))


def _download_combined(page: Any) -> tuple[str, list[str]]:
    """The combined PDF: its suggested file name and the text of each page."""
    with page.expect_download() as info:
        page.click("#download-all")
    download = info.value
    reader = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    return download.suggested_filename, [p.extract_text() for p in reader.pages]


def _submit(page: Any) -> None:
    page.click("main form button[type=submit]")


def _add_conviction(page: Any, county: str, case: str, section: str, year: str, level: str,
                    status: str) -> None:  # fmt: skip
    page.click("a[href='/convictions/new']")
    page.select_option("#county", county)
    page.fill("#case_number", case)
    page.select_option("#section", section)
    page.fill("#offense_month", "5")
    page.fill("#offense_day", "1")
    page.fill("#offense_year", year)
    page.check(f"input[name=level][value={level}]")
    page.check(f"input[name=status][value={status}]")
    _submit(page)


def _mouse_interview(page: Any, base: str, lang: str) -> None:
    page.goto(base + "/")
    if lang != "en":
        page.click(f"nav a[hreflang='{BY_CODE[lang].html_lang}']")
    assert page.get_attribute("html", "lang") == BY_CODE[lang].html_lang
    page.click("main a[href='/cleared']")
    page.click("main a[href='/about-you']")
    _submit(page)  # nothing answered: the error summary appears
    assert page.locator(".error-summary a").count() == 3
    page.fill("#dob_month", "4")
    page.fill("#dob_day", "3")
    page.fill("#dob_year", "1980")
    page.check("#juvenile-1")
    page.check("#superstrike-1")
    page.check("#pc290-2")
    _submit(page)
    _add_conviction(page, "Alameda", "A-1001", "HS 11357(b)", "2010", "M", "f")
    page.fill("#grams", "10")
    _submit(page)
    _add_conviction(page, "Alameda", "A-1001", "HS 11359", "2012", "F", "f")
    _submit(page)
    _add_conviction(page, "Fresno", "F-2002", "HS 11358", "2014", "F", "p")
    page.fill("#plants", "4")
    page.check("#environment-1")
    _submit(page)
    page.click("main a[href='/check']")
    assert page.locator("h1").inner_text() and page.locator("dl.check").count() == 4
    page.click("main a[href='/results']")
    assert page.locator("section.result").count() == 3
    page.click("main a[href='/petition']")
    page.fill("#name", "Maria Lopez")
    page.fill("#street", "1 Main St")
    page.fill("#city", "Oakland")
    page.fill("#zip", "94612")
    page.check("#waive_judge")
    page.check("#signature-1")
    _submit(page)
    assert page.url.endswith("/download")
    alameda = _download(page, "/download/0/packet.pdf", "maria-lopez_alameda_A-1001.pdf")
    fresno = _download(page, "/download/1/packet.pdf", "maria-lopez_fresno_F-2002.pdf")
    name, pages = _download_combined(page)
    assert name == "maria-lopez_prop64-papers.pdf"
    # the cover sheet comes first, marked, in the person's language; the court pages follow
    assert "DO NOT FILE THIS PAGE" in pages[0]
    assert COVER_TITLE[lang] in pages[0]
    assert any("A-1001" in p and "PETITION/APPLICATION" in p for p in pages[1:])
    assert any("F-2002" in p and "ORDER AFTER" in p for p in pages[1:])
    assert "DO NOT FILE THIS PAGE" in pages[-1]
    assert alameda[NAME] == "Maria Lopez" and alameda[COUNTY] == "Alameda"
    assert alameda[CASE] == "A-1001" and alameda[APPLICATION] == "/Yes"
    assert fresno[COUNTY] == "Fresno" and fresno[ITEM_11358] == "/Yes"
    assert fresno[PETITION] == "/Yes"
    page.click("a[href='/download/1/next-steps']")
    assert page.get_attribute("html", "lang") == BY_CODE[lang].html_lang
    assert page.locator("h1").count() == 1


COVER_TITLE = {"en": "Before you file", "es": "Antes de presentar"}


def test_whole_interview_in_english(browser: Any, live: tuple[str, Flask]) -> None:
    """This test ensures that a person can go through the whole interview in Chromium, in
    English, and download both packets with the right fields."""
    context = browser.new_context(accept_downloads=True)
    try:
        _mouse_interview(context.new_page(), live[0], "en")
    finally:
        context.close()


def test_whole_interview_over_https(tls_browser: Any, live_https: tuple[str, Flask]) -> None:
    """This test ensures that the whole interview works over HTTPS in Chromium, as on the public
    site: every form is accepted (same-origin Origin, CSRF token), the cookie is Secure, and
    HSTS is sent."""
    context = tls_browser.new_context(accept_downloads=True, ignore_https_errors=True)
    try:
        page = context.new_page()
        response = page.goto(live_https[0] + "/")
        assert response.headers["strict-transport-security"].startswith("max-age=")
        _mouse_interview(page, live_https[0], "en")
        cookies = context.cookies()
        assert cookies and all(c["secure"] for c in cookies)
    finally:
        context.close()


def test_whole_interview_in_spanish_on_a_360px_phone(browser: Any, live: tuple[str, Flask]) -> None:
    """This test ensures that the interview works in Spanish on a 360-pixel-wide screen, with no
    page wider than the screen, down to the packets."""
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 360, "height": 740}, is_mobile=True,
        has_touch=True, device_scale_factor=2,
    )  # fmt: skip
    try:
        page = context.new_page()
        widths: list[int] = []
        page.on(
            "load", lambda: widths.append(page.evaluate("document.documentElement.scrollWidth"))
        )
        _mouse_interview(page, live[0], "es")
        assert widths and max(widths) <= 360, widths
    finally:
        context.close()


def _tab_to(page: Any, selector: str, limit: int = 250) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):  # fmt: skip
            return
    raise AssertionError(f"Tab never reached {selector}")


def _type_in(page: Any, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def _choose_radio(page: Any, name: str, index: int) -> None:
    _tab_to(page, f"input[name={name}]")
    if index == 0:
        page.keyboard.press("Space")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f"#{name}-{index}")


def _press_button(page: Any) -> None:
    _tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _follow(page: Any, href: str) -> None:
    _tab_to(page, f"a[href='{href}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_whole_interview_with_the_keyboard_only(browser: Any, live: tuple[str, Flask]) -> None:
    """This test ensures that every step can be done with the keyboard alone (Tab, typing,
    arrows, Space and Enter), down to downloading the packet."""
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(live[0] + "/")
        _follow(page, "/cleared")
        _follow(page, "/about-you")
        _type_in(page, "#dob_month", "4")
        _type_in(page, "#dob_day", "3")
        _type_in(page, "#dob_year", "1980")
        _choose_radio(page, "juvenile", 1)
        _choose_radio(page, "superstrike", 1)
        _choose_radio(page, "pc290", 2)
        _press_button(page)
        _follow(page, "/convictions/new")
        _tab_to(page, "#county")
        page.keyboard.type("Fresno")
        assert page.input_value("#county") == "Fresno"
        _type_in(page, "#case_number", "F-2002")
        _tab_to(page, "#section")
        page.keyboard.press("ArrowDown")  # the first description: § 11357(b)
        assert page.input_value("#section") == "HS 11357(b)"
        _type_in(page, "#offense_year", "2014")
        _choose_radio(page, "level", 1)
        _choose_radio(page, "status", 2)
        _press_button(page)
        _type_in(page, "#grams", "20")
        _press_button(page)
        _follow(page, "/check")
        _follow(page, "/results")
        _follow(page, "/petition")
        _type_in(page, "#name", "Maria Lopez")
        _type_in(page, "#street", "1 Main St")
        _type_in(page, "#city", "Oakland")
        _type_in(page, "#zip", "94612")
        _tab_to(page, "#waive_appearance")
        page.keyboard.press("Space")
        _choose_radio(page, "signature", 0)
        _press_button(page)
        _tab_to(page, "a[href='/download/0/packet.pdf']")
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        fields = _fields(Path(info.value.path()))
        assert fields[NAME] == "Maria Lopez" and fields[COUNTY] == "Fresno"
    finally:
        context.close()


def _session_cookie(app: Flask, lang: str) -> str:
    convictions = [{**c, "i": n, "v": 1} for n, c in enumerate(CONVICTIONS)]
    data = {"p": PERSON, "c": convictions, "x": len(convictions), "f": FILER, "l": lang}
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    return str(serializer.dumps(data))


def _axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(  # type: ignore[no-any-return]
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""",
        WCAG,
    )


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_axe_finds_no_wcag_violation(browser: Any, live: tuple[str, Flask], lang: str) -> None:
    """This test ensures that axe-core finds no WCAG 2.1 A or AA violation on any page, with
    answers filled in, and on a form showing its errors, in each language."""
    if not AXE.exists():
        _missing(str(AXE) + " (run npm install)")
    base, app = live
    # The page's CSP forbids injected scripts; axe is injected by the test, so bypass it here.
    context = browser.new_context(bypass_csp=True)
    try:
        context.add_cookies([{"name": app.config["SESSION_COOKIE_NAME"],
                              "value": _session_cookie(app, lang), "url": base}])  # fmt: skip
        page = context.new_page()
        found = {}
        for path in [*PAGES, "/no-such-page"]:
            page.goto(base + path)
            if violations := _axe(page):
                found[path] = violations
        page.goto(base + "/convictions/new")
        page.click("main form button[type=submit]")
        assert page.locator(".error-summary").count() == 1
        if violations := _axe(page):
            found["/convictions/new (errors)"] = violations
        assert not found, found
    finally:
        context.close()


@pytest.mark.parametrize(
    ("lang", "title"),
    [("en", "We could not make your court forms"), ("es", "No pudimos hacer sus formularios")],
)
def test_a_packet_failure_shows_a_page_in_the_persons_language_and_keeps_the_answers(
    browser: Any,
    live: tuple[str, Flask],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    title: str,
) -> None:
    """This test ensures that when the packets cannot be built (here: the site is told to use
    official forms from a folder that does not hold them, a real failure of the filler), the
    download page shows a page saying so in the person's language, with no download link, and
    that every answer is kept."""
    monkeypatch.setenv("FORMS_OFFICIAL_DIR", str(tmp_path))
    base, app = live
    context = browser.new_context(accept_downloads=True)
    try:
        context.add_cookies(
            [{"name": "p64", "value": _session_cookie(app, lang), "url": base + "/"}]
        )
        page = context.new_page()
        page.goto(base + "/download")
        assert title in page.locator("h1").inner_text()
        assert page.get_attribute("html", "lang") == BY_CODE[lang].html_lang
        assert page.locator("a[href$='.pdf']").count() == 0
        page.click("main a[href='/petition']")
        assert page.input_value("#name") == FILER["n"]
        assert page.input_value("#street") == FILER["a"]
        monkeypatch.delenv("FORMS_OFFICIAL_DIR")
        page.goto(base + "/download")
        assert page.locator("#download-all").count() == 1
    finally:
        context.close()
