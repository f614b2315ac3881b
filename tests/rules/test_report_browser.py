"""report.html of `prop64 county`, opened from disk in Debian's Chromium (Playwright): it renders
offline, with no console error, no request to any network, charts and tables, prints, and axe-core
finds no WCAG 2.1 A or AA violation. Skips on a developer's machine without Chromium or axe-core,
fails when CI is set (as tests/webapp/test_web_browser.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from p64_helpers import prop64

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
GOGEN = Path(__file__).resolve().parent / "fixtures" / "gogen"


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: the browser tests cannot run in CI without it")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _missing(CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    p = prop64(
        "county", str(GOGEN / "configurable_flow.csv"), "--county", "SACRAMENTO",
        "--policy", str(GOGEN / "eligibility_options.json"), "--as-of", "2019-11-11",
        "-o", str(out),
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    return out / "report.html"


def test_report_renders_offline_without_errors_and_passes_axe(browser: Any, report: Path) -> None:
    """This test ensures that report.html opens from disk with no network at all (every request
    that is not the file itself fails the test), logs no console error, shows its charts and
    tables, can be printed to PDF, and that axe-core finds no WCAG 2.1 A/AA violation."""
    if not AXE.exists():
        _missing(str(AXE) + " (run npm install)")
    context = browser.new_context(offline=True)
    try:
        page = context.new_page()
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        assert requests == [report.as_uri()], requests
        assert page.title().startswith("Prop 64 county report: SACRAMENTO")
        assert page.locator("svg[role=img]").count() >= 3
        assert page.locator("table").count() >= 8
        assert page.locator("svg rect").first.is_visible()
        # gogen's headline figure is on the page: 5 people left with no felony (policy alone).
        people = page.locator("table").first.inner_text()
        assert "People left with no felony" in people
        page.emulate_media(media="print")
        assert page.pdf(format="Letter")[:4] == b"%PDF"
        page.emulate_media(media="screen")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            """async (tags) => {
                const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
                return r.violations.map(v => ({id: v.id, impact: v.impact,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
            }""",
            WCAG,
        )
        assert violations == []
        assert errors == []
    finally:
        context.close()
