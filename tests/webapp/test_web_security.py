"""Security: CSRF on every form, headers on every response, cookie flags, secret key, sizes."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PERSON, Visitor, fill_session, make_app
from flask import Flask

from webapp import create_app

POSTS = ["/about-you", "/convictions/new/3", "/convictions/0/details", "/petition", "/save"]
POSTS += ["/clear"]
POSTS += ["/resume", "/convictions/0/remove", "/convictions/0"]


@pytest.mark.parametrize("path", POSTS)
def test_post_without_csrf_token_is_rejected(app: Flask, path: str) -> None:
    """This test ensures that every form refuses a POST that lacks a valid CSRF token, and that
    nothing is changed."""
    client = app.test_client()
    fill_session(client)
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post(path, data={**data, "name": "Mallory", "county": "Kern"})
        assert response.status_code == 400
    with client.session_transaction() as session:
        assert session["p"] == PERSON and len(session["c"]) == 3


def _responses(app: Flask) -> list:
    client = app.test_client()
    fill_session(client)
    v = Visitor(client)
    return [
        client.get("/"),
        client.get("/results"),
        client.get("/static/site.css"),
        client.get("/nope"),
        client.get("/language/es"),
        client.get("/download/0/packet.pdf"),
        v.post("/save", {}, page="/"),
        client.post("/clear"),
    ]


def test_security_headers_on_every_response(app: Flask) -> None:
    """This test ensures that pages, files, redirects and errors all carry the CSP (no inline
    code, no other origin), nosniff, the referrer policy and the framing ban."""
    for response in _responses(app):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Frame-Options"] == "DENY"
        response.close()


def test_session_cookie_flags() -> None:
    """This test ensures that the answers cookie is HttpOnly and SameSite=Lax always, and Secure
    when the site runs behind HTTPS (the production default)."""
    for secure in (False, True):
        app = make_app(SESSION_COOKIE_SECURE=secure)
        client = app.test_client()
        response = client.get("/", base_url="https://localhost" if secure else "http://localhost")
        cookie = response.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure


@pytest.mark.parametrize("key", [None, "", "dev-only-not-secret", "short"])
def test_refuses_to_start_without_a_real_secret_key(key: str | None) -> None:
    """This test ensures that outside debug and testing the site will not start without a long
    secret key, and that debug mode may use the development key."""
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SECRET_KEY": key, "TESTING": False, "DEBUG": False})
    create_app({"SECRET_KEY": key or "dev-only-not-secret", "DEBUG": True})


def test_production_settings_come_from_the_environment(tmp_path: Path) -> None:
    """This test ensures that with no settings the site starts in production mode, refuses to
    run without SECRET_KEY, and reads its settings from environment variables."""
    code = (
        "from webapp import create_app\n"
        "app = create_app()\n"
        "print(app.config['SESSION_COOKIE_SECURE'], app.config['IDLE_MINUTES'], app.debug)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "PROP64_", "SECRET"))}
    root = Path(__file__).resolve().parents[2]
    failed = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True)
    assert failed.returncode != 0 and b"SECRET_KEY" in failed.stderr
    env.update(SECRET_KEY="k" * 40, PROP64_IDLE_MINUTES="12")
    ok = subprocess.run([sys.executable, "-c", code], env=env, cwd=root, capture_output=True)
    assert ok.stdout.split() == [b"True", b"12", b"False"], ok.stderr


def test_request_size_is_limited(app: Flask) -> None:
    """This test ensures that a request body over MAX_CONTENT_LENGTH is refused with 413."""
    v = Visitor(app.test_client())
    big = io.BytesIO(b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    response = v.post("/resume", {"answers_file": (big, "a.json")})
    assert response.status_code == 413


def test_unexpected_errors_show_a_page_and_log_no_details(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that an unexpected failure shows the error page (500) and logs only its
    kind, not its message, which could quote someone's answers."""
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    fill_session(client)

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("Maria Lopez 1980-04-03")

    monkeypatch.setattr("webapp.eligibility.assess", boom)
    with caplog.at_level(logging.DEBUG):
        response = client.get("/results")
    assert response.status_code == 500 and b"<title>" in response.data
    assert "ValueError" in caplog.text and "Maria" not in caplog.text
