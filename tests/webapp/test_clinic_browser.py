"""Clinic mode in Chromium: upload a synthetic file of about 30 people, filter, download the
results CSV and the papers ZIP and read them, start the next client; axe on the page in every
language. No JavaScript of ours runs (the site has none): every control is a plain form."""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import _missing, make_app, serve
from flask import Flask
from pypdf import PdfReader
from test_clinic import people_csv
from test_web_browser import AXE, _axe

from webapp.i18n import BY_CODE, LANGUAGES

pytestmark = pytest.mark.browser

COVER_TITLE = {
    "en": "Before you file",
    "es": "Antes de presentar",
    "vi": "Trước khi nộp",
    "fil": "Bago ka magsampa",
}


@pytest.fixture(scope="module")
def live() -> Iterator[tuple[str, Flask]]:
    app = make_app()
    for base in serve(app):
        yield base, app


@pytest.fixture(scope="module")
def clients_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("clinic") / "clients.csv"
    path.write_bytes(people_csv(90))  # about 30 people, an address and a language each
    return path


def _show(page: Any, path: Path) -> None:
    page.set_input_files("#upload", str(path))
    with page.expect_navigation():
        page.click("#show")


def _download(page: Any, selector: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=180_000) as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _temp_entries() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).iterdir()}


def test_clinic_upload_filter_downloads_and_next_client(
    browser: Any, live: tuple[str, Flask], clients_file: Path
) -> None:
    base, app = live
    before = _temp_entries()
    context = browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(base + "/")
        with page.expect_navigation():
            page.click("#clinic-link")
        _show(page, clients_file)
        counts = page.inner_text("#clinic-counts")
        assert " people, " in counts and "convictions" in counts
        n_people = int(counts.split()[0])
        assert 25 <= n_people <= 40

        # Filter by outcome (a plain form: the browser re-sends the sealed copy).
        page.select_option("#outcome", "dismiss")
        with page.expect_navigation():
            page.click("#filter")
        classes = page.eval_on_selector_all(
            "table.clinic-results tbody tr", "rows => rows.map(r => r.className)"
        )
        assert classes and set(classes) == {"result-dismiss"}
        dismissed = int(page.inner_text("#count-dismiss"))
        assert len(classes) == min(dismissed, 200)

        name, data = _download(page, "#download-csv")
        assert name == "prop64-clinic-results.csv"
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 90 and {"outcome", "track", "reasons", "errors"} <= set(rows[0])
        assert sum(r["outcome"] == "dismiss" for r in rows) == dismissed

        name, data = _download(page, "#download-zip")
        assert name == "prop64-clinic-papers.zip"
        zf = zipfile.ZipFile(io.BytesIO(data))
        summary = list(csv.DictReader(io.StringIO(zf.read("summary.csv").decode("utf-8-sig"))))
        assert len(summary) == n_people
        checked = set()
        for person in summary:
            if not person["files"] or person["language"] not in COVER_TITLE:
                continue
            combined = person["files"].split()[0]
            reader = PdfReader(io.BytesIO(zf.read(combined)))
            assert len(reader.pages) >= 5  # cover, the court pages, next steps
            assert COVER_TITLE[person["language"]] in reader.pages[0].extract_text()
            checked.add(person["language"])
        assert {"es", "en"} <= checked, summary

        # Start the next client: asks first, then nothing is left.
        old_sealed = page.get_attribute("#results-form input[name=sealed]", "value")
        page.click("#next-client")
        page.wait_for_url("**/clinic/next-client")
        with page.expect_navigation():
            page.click("#confirm-next-client")
        assert "cleared" in page.inner_text("main")
        cookie = next(
            c for c in context.cookies() if c["name"] == app.config["SESSION_COOKIE_NAME"]
        )
        serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        session = serializer.loads(cookie["value"])
        assert not {"p", "c", "f"} & set(session)
        assert _temp_entries() <= before  # nothing written by the server
        # The sealed copy the old results page holds is refused from now on.
        token = page.get_attribute("input[name=csrf_token]", "value")
        refused = context.request.post(
            base + "/clinic", form={"csrf_token": token, "sealed": old_sealed}
        )
        assert refused.status == 422 and "Upload the file again" in refused.text()
    finally:
        context.close()


def test_continue_a_person_in_the_interview(
    browser: Any, live: tuple[str, Flask], clients_file: Path
) -> None:
    base, _app = live
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "/clinic")
        _show(page, clients_file)
        with page.expect_navigation():
            page.click("table.clinic-results button[name=person] >> nth=0")
        assert page.url.endswith("/convictions")
        assert "loaded" in page.inner_text(".notice")
    finally:
        context.close()


def test_switching_language_on_the_results_page_keeps_the_results(
    browser: Any, live: tuple[str, Flask], clients_file: Path
) -> None:
    """The header's languages are buttons of the results form there: the same results come back
    in the chosen language (the upload is kept only in the page's form), filter included."""
    base, _app = live
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "/clinic")
        _show(page, clients_file)
        page.select_option("#outcome", "dismiss")
        with page.expect_navigation():
            page.click("#filter")
        counts = page.inner_text("#clinic-counts")
        rows = page.locator("table.clinic-results tbody tr").count()
        with page.expect_navigation():
            page.click("nav.languages button[value=es]")
        assert page.get_attribute("html", "lang") == "es"
        assert page.locator("#results-title").inner_text() != "Results"
        numbers = [w for w in page.inner_text("#clinic-counts").split() if w[0].isdigit()]
        assert numbers == [w for w in counts.split() if w[0].isdigit()]
        assert "personas" in page.inner_text("#clinic-counts")
        assert page.locator("table.clinic-results tbody tr").count() == rows
        assert page.input_value("#outcome") == "dismiss"
        # back to English the same way
        with page.expect_navigation():
            page.click("nav.languages button[value=en]")
        assert page.get_attribute("html", "lang") == "en"
        assert page.inner_text("#clinic-counts") == counts
    finally:
        context.close()


@pytest.mark.parametrize("lang", [lang.code for lang in LANGUAGES])
def test_axe_finds_no_violation_on_the_clinic_pages(
    browser: Any, live: tuple[str, Flask], clients_file: Path, lang: str
) -> None:
    if not AXE.exists():
        _missing(str(AXE) + " (run npm install)")
    base, _app = live
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{base}/language/{lang}?next=/clinic")
        assert page.get_attribute("html", "lang") == BY_CODE[lang].html_lang
        found = {}
        if violations := _axe(page):
            found["/clinic"] = violations
        _show(page, clients_file)
        if violations := _axe(page):
            found["/clinic (results)"] = violations
        page.set_input_files(
            "#upload", {"name": "x.csv", "mimeType": "text/csv", "buffer": b"\xff"}
        )
        with page.expect_navigation():
            page.click("#show")
        assert page.locator("#clinic-problem").count() == 1
        if violations := _axe(page):
            found["/clinic (problem)"] = violations
        page.goto(base + "/clinic/next-client")
        if violations := _axe(page):
            found["/clinic/next-client"] = violations
        assert not found, found
    finally:
        context.close()
