"""Named browser scenarios: what people do with Back, tabs, double clicks, the language
switcher, time and closing the browser, in Chromium against the live site."""

from __future__ import annotations

import re
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARGS, CHROMIUM, make_app, serve
from flask import Flask

pytestmark = pytest.mark.browser


@pytest.fixture
def site() -> Iterator[tuple[str, Flask]]:
    app = make_app(IDLE_MINUTES=1)
    for base in serve(app):
        yield base, app


def _conviction(page: Any, base: str, case: str, *, month: str = "5", day: str = "1",
                year: str = "2010", submit: bool = True) -> None:  # fmt: skip
    page.goto(base + "/convictions")
    page.click("main a[href='/convictions/new']")
    page.select_option("#county", "Kern")
    page.fill("#case_number", case)
    page.select_option("#section", "HS 11359")
    page.fill("#offense_month", month)
    page.fill("#offense_day", day)
    page.fill("#offense_year", year)
    page.check("input[name=level][value=F]")
    page.check("input[name=status][value=f]")
    if submit:
        page.click("main form button[type=submit]")


def _cases(page: Any, base: str) -> list[str]:
    page.goto(base + "/convictions")
    return [t.strip() for t in page.locator("dl dt:text-is('Case number') + dd").all_inner_texts()]


def test_back_after_save_never_adds_a_duplicate(browser: Any, site: tuple[str, Flask]) -> None:
    """Scenario: a person saves a conviction, presses Back, and presses Save again. The site
    shows the saved conviction to change instead of a blank copy, and no duplicate appears."""
    base = site[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        _conviction(page, base, "K-BACK")
        page.wait_for_url("**/convictions/0/details")
        page.wait_for_load_state()
        page.go_back()  # the add form: the saved conviction comes back, to change
        assert "already saved" in page.locator(".notice").inner_text()
        page.click("main form button[type=submit]")
        assert _cases(page, base) == ["K-BACK"]
    finally:
        context.close()


def test_double_submit_adds_one_conviction(browser: Any, site: tuple[str, Flask]) -> None:
    """Scenario: an impatient double click on "Save this conviction" adds it once."""
    base = site[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        _conviction(page, base, "K-TWICE", submit=False)
        page.dblclick("main form button[type=submit]")
        # The page shown is the answer to whichever click the browser kept: the details of the
        # new conviction, or the list with "You already saved this conviction". The browser
        # may abort the first click's navigation for the second's: wait for the one it keeps.
        for _ in range(3):
            try:
                page.wait_for_url(re.compile(r".*/convictions(/0/details)?$"))
                break
            except Exception as e:  # playwright's Error for the aborted navigation
                if "ERR_ABORTED" not in str(e):
                    raise
        page.wait_for_load_state()
        assert _cases(page, base) == ["K-TWICE"]
    finally:
        context.close()


def test_two_tabs_a_stale_edit_is_refused(browser: Any, site: tuple[str, Flask]) -> None:
    """Scenario: conviction 2 is open for editing in one tab; in another tab conviction 1 is
    removed and conviction 2 changed. Saving the old page changes nothing and says why; the
    other conviction is never touched."""
    base = site[0]
    context = browser.new_context()
    try:
        first = context.new_page()
        for case in ("K-ONE", "K-TWO"):
            _conviction(first, base, case)
        first.goto(base + "/convictions/1")
        first.fill("#case_number", "K-TWO-FROM-TAB-1")
        second = context.new_page()
        second.goto(base + "/convictions/0/remove")
        second.click("main form button[type=submit]")
        second.goto(base + "/convictions/1")
        second.fill("#case_number", "K-TWO-FROM-TAB-2")
        second.click("main form button[type=submit]")
        first.click("main form button[type=submit]")
        assert "changed in another tab" in first.locator(".error-summary").inner_text()
        assert first.input_value("#case_number") == "K-TWO-FROM-TAB-1"
        assert _cases(second, base) == ["K-TWO-FROM-TAB-2"]
    finally:
        context.close()


def test_language_switch_mid_form_keeps_the_draft(browser: Any, site: tuple[str, Flask]) -> None:
    """Scenario: halfway through the conviction form the person switches to Spanish: the page
    comes back in Spanish with everything typed; Enter in a box still saves the form."""
    base = site[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        _conviction(page, base, "K-DRAFT", month="June", day="1", submit=False)
        page.click("nav button[data-hreflang='es']")
        assert page.get_attribute("html", "lang") == "es"
        assert page.input_value("#case_number") == "K-DRAFT"
        assert page.input_value("#offense_month") == "June"
        assert page.input_value("#county") == "Kern"
        assert page.is_checked("input[name=level][value=F]")
        page.focus("#case_number")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # the form's own button, not a language button
        assert page.get_attribute("html", "lang") == "es"
        assert _cases(page, base) == ["K-DRAFT"] or "K-DRAFT" in page.content()
    finally:
        context.close()


def test_idle_expiry_with_a_one_minute_limit_shows_the_notice(
    browser: Any, site: tuple[str, Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scenario: with a one-minute idle limit, a person comes back after more than a minute:
    the answers are gone and the page says why."""
    base = site[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        _conviction(page, base, "K-IDLE")
        page.wait_for_url("**/convictions/0/details")
        later = types.SimpleNamespace(time=lambda: time.time() + 61)
        monkeypatch.setattr("webapp.time", later)  # the site's clock, 61 seconds on
        page.goto(base + "/convictions")
        assert page.locator(".notice").count() == 1, page.content()[:3000]
        notice = page.locator(".notice").inner_text()
        assert "not used for 1 minute" in notice
        assert "K-IDLE" not in page.content()
    finally:
        context.close()


def test_closing_the_browser_forgets_the_answers(
    playwright: Any,
    site: tuple[str, Flask],
    tmp_path: Path,
) -> None:
    """Scenario: on a shared computer a person closes the browser without clearing; the next
    person opens the same browser profile and sees no answers (the cookie ends with the
    browser session)."""
    base = site[0]
    profile = tmp_path / "profile"
    for visit in (1, 2):
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=ARGS
        )
        try:
            page = context.new_page()
            if visit == 1:
                _conviction(page, base, "K-SHARED")
                assert "K-SHARED" in page.content() or _cases(page, base) == ["K-SHARED"]
            else:
                assert _cases(page, base) == []
        finally:
            context.close()


@pytest.mark.parametrize(
    ("lang", "typed", "expected"),
    [
        ("en", ("6", "1", "2010"), "June 1, 2010"),
        ("en", ("March", "27", "2014"), "March 27, 2014"),
        ("es", ("6", "1", "2010"), "1 de junio de 2010"),
        ("es", ("marzo", "27", "2014"), "27 de marzo de 2014"),
    ],
)
def test_us_dates_are_read_right_and_echoed_in_words(
    browser: Any, site: tuple[str, Flask], lang: str, typed: tuple[str, str, str], expected: str
) -> None:
    """Scenario: a date typed Month Day Year ("6 1 2010", or with the month's name) is read the
    American way and shown back in words on the check-your-answers page, in English and
    Spanish."""
    base = site[0]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + f"/language/{lang}")
        month, day, year = typed
        _conviction(page, base, "K-DATE", month=month, day=day, year=year)
        page.goto(base + "/convictions")
        page.click("main a[href='/check']")
        assert expected in page.locator("main").inner_text()
        page.click("a[href='/convictions/0#offense_month']")
        assert page.input_value("#offense_month") == str(
            {"June": 6, "March": 3, "marzo": 3}.get(month, month)
        )
    finally:
        context.close()
