"""The clinic and API pages on a 360-pixel phone: no page is wider than the screen (long example
commands scroll inside their own box; the clinic's results become one labelled card per
conviction), in every language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_app, serve
from flask import Flask
from test_clinic import people_csv

from webapp.i18n import LANGUAGES

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "device_scale_factor": 2}


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[str, Flask]]:
    app = make_app()
    for base in serve(app):
        yield base, app


@pytest.fixture(scope="module")
def clients_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("narrow") / "clients.csv"
    path.write_bytes(people_csv(12))
    return path


def _width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_api_and_clinic_pages_fit_a_360px_phone(
    browser: Any, live: tuple[str, Flask], clients_file: Path, lang: str
) -> None:
    """This test ensures that /api, /clinic and the clinic's results are no wider than a
    360-pixel screen in each language (the /api page's curl example made it 705 pixels wide)."""
    base, _app = live
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(f"{base}/language/{lang}?next=/api")
        assert _width(page) <= 360, ("/api", lang, _width(page))
        page.goto(base + "/clinic")
        assert _width(page) <= 360, ("/clinic", lang, _width(page))
        page.set_input_files("#upload", str(clients_file))
        with page.expect_navigation():
            page.click("#show")
        assert page.locator("table.clinic-results tbody tr").count() > 0
        assert _width(page) <= 360, ("/clinic results", lang, _width(page))
        # Each result is a card: its cells are labelled with the column's name.
        first = page.locator("table.clinic-results tbody td").first
        label = first.get_attribute("data-label")
        assert label and label in page.evaluate(
            "e => getComputedStyle(e, '::before').content", first.element_handle()
        )
    finally:
        context.close()
