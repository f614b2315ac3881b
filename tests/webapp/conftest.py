"""Fixtures for the web site's tests: the app, a visitor that fills in forms like a browser, and
a page checker that every rendered page goes through."""

from __future__ import annotations

import os
import re
import ssl
import threading
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from webapp import create_app
from webapp.i18n import BY_CODE

TEST_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "a-test-secret-that-is-long-enough-for-the-check",
    "SESSION_COOKIE_SECURE": False,
}

# One person, three convictions in two counties (Alameda: two counts of one case; Fresno: one).
PERSON = {"b": "1980-04-03", "j": "n", "s": "n", "r": "n"}
CONVICTIONS = [
    {"co": "Alameda", "n": "A-1001", "s": "HS 11357(b)", "o": "2010-05-01", "l": "M", "t": "f"},
    {"co": "Alameda", "n": "A-1001", "s": "HS 11359", "o": "2012-05-01", "l": "F", "t": "f"},
    {
        "co": "Fresno",
        "n": "F-2002",
        "s": "HS 11358",
        "o": "2014-05-01",
        "l": "F",
        "t": "p",
        "pl": 4,
    },
]
FILER = {
    "n": "Maria Lopez",
    "a": "1 Main St",
    "ci": "Oakland",
    "st": "CA",
    "z": "94612",
    "sg": "typed",
}


def make_app(**overrides: Any) -> Flask:
    return create_app({**TEST_CONFIG, **overrides})


@pytest.fixture
def app() -> Flask:
    return make_app()


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.html_lang: str | None = None
        self.title = ""
        self._in_title = False
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.forms: list[dict[str, str | None]] = []
        self.form_has_token: list[bool] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag in ("input", "select", "textarea"):
            self.controls.append({"tag": tag, **a})
            if tag == "input" and a.get("name") == "csrf_token" and self.form_has_token:
                self.form_has_token[-1] = True
        elif tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        elif tag == "form":
            self.forms.append(a)
            self.form_has_token.append(False)
        elif tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.text.append(data)


def check_page(response: TestResponse, lang: str = "en", status: int = 200) -> _PageParser:
    """The page-checking fixture's rules: status, a title, <html lang>, unique ids, labels,
    forms with an action and (for POST) a CSRF token, no inline script or style."""
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    page = _PageParser()
    page.feed(html)
    assert page.title.strip(), "page without a <title>"
    assert page.html_lang == BY_CODE[lang].html_lang
    dupes = [i for i, n in Counter(page.ids).items() if n > 1]
    assert not dupes, f"duplicate ids {dupes}"
    for control in page.controls:
        if control.get("type") in ("hidden", "submit", "button"):
            continue
        assert control.get("id") in page.label_for or control.get("aria-label"), control
    for form, has_token in zip(page.forms, page.form_has_token, strict=True):
        assert form.get("action"), form
        if (form.get("method") or "get").lower() == "post":
            assert has_token, form
    assert "<script" not in html and " style=" not in html and "<style" not in html
    return page


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VERSION_RE = re.compile(r'name="version" type="hidden" value="([^"]*)"')


class Visitor:
    """A test client that reads the CSRF token from the page, as a browser would."""

    def __init__(self, client: FlaskClient, lang: str = "en") -> None:
        self.client = client
        self.lang = lang
        if lang != "en":
            self.client.get(f"/language/{lang}")

    def get(self, path: str, status: int = 200) -> TestResponse:
        response = self.client.get(path)
        if path == "/convictions/new" and response.status_code == 302 and status == 200:
            response = self.client.get(response.location)
        if response.mimetype == "text/html":
            check_page(response, self.lang, status)
        else:
            assert response.status_code == status
        return response

    def token(self, path: str) -> str:
        return self.form(path)[1]

    def form(self, path: str) -> tuple[str, str, str | None]:
        """(the address the form on ``path`` posts to, its CSRF token, its version field).

        "/convictions/new" redirects to the add form of the next conviction, as a browser
        follows it."""
        response = self.client.get(path)
        if response.status_code == 302 and path == "/convictions/new":
            path = response.location
            response = self.client.get(path)
        html = response.get_data(as_text=True)
        m = CSRF_RE.search(html)
        assert m, f"no CSRF token on {path}"
        v = VERSION_RE.search(html)
        return path, m.group(1), v.group(1) if v else None

    def post(self, path: str, data: dict[str, Any], page: str | None = None) -> TestResponse:
        """Submit ``data`` to ``path`` with the token (and the conviction's version) of the
        form on ``page`` (default: the same path), as a browser would."""
        target, token, version = self.form(page or path)
        if page is None:
            path = target
        extra = {"version": version} if version is not None and "version" not in data else {}
        return self.client.post(path, data={"csrf_token": token, **extra, **data})

    def submit(self, path: str, data: dict[str, Any], expect: str | None = None) -> TestResponse:
        response = self.post(path, data)
        if expect is not None:
            assert response.status_code == 302, errors(response)
            assert response.location.endswith(expect), response.location
        return response


def errors(response: TestResponse) -> list[str]:
    html = response.get_data(as_text=True)
    return [
        re.sub(r"<[^>]+>", "", e).strip()
        for e in re.findall(r'class="field-error"[^>]*>(.*?)</p>', html, re.S)
    ]


@pytest.fixture
def visitor(app: Flask) -> Visitor:
    return Visitor(app.test_client())


def fill_session(client: FlaskClient, lang: str = "en") -> None:
    with client.session_transaction() as session:
        session["p"] = dict(PERSON)
        session["c"] = [{**c, "i": n, "v": 1} for n, c in enumerate(CONVICTIONS)]
        session["x"] = len(CONVICTIONS)
        session["f"] = dict(FILER)
        if lang != "en":
            session["l"] = lang


# --- a real browser (Playwright with Debian's Chromium) and a live server ----------------------

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: the browser tests cannot run in CI without it")
    pytest.skip(f"{what} is missing")


def serve(app: Flask, context: ssl.SSLContext | None = None) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=context)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{'https' if context else 'http'}://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        _missing(CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package")
    with sync_playwright() as p:
        yield p


def _launch(playwright: Any, extra: list[str]) -> Iterator[Any]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS + extra)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    yield from _launch(playwright, [])


@pytest.fixture(scope="module")
def tls_browser(playwright: Any) -> Iterator[Any]:
    """Chromium that accepts the test's self-signed certificate as if it were a real one (with
    only ``ignore_https_errors``, Chromium treats the origin as insecure and cancels downloads)."""
    yield from _launch(playwright, ["--ignore-certificate-errors"])
