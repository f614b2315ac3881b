"""HTTPS: behind TLS and behind a proxy, forms keep working and keep their CSRF protection."""

from __future__ import annotations

import pytest
from conftest import CSRF_RE, PERSON, fill_session, make_app
from flask import Flask
from flask.testing import FlaskClient

HTTPS = "https://petition.example.org"


def _token(client: FlaskClient, path: str, **kwargs: object) -> str:
    m = CSRF_RE.search(client.get(path, **kwargs).get_data(as_text=True))  # type: ignore[arg-type]
    assert m
    return m.group(1)


def _about_you(client: FlaskClient, headers: dict[str, str], **kwargs: object) -> int:
    token = _token(client, "/about-you", headers=headers, **kwargs)
    data = {"csrf_token": token, "juvenile": "n", "superstrike": "n", "pc290": "n"}
    return client.post("/about-you", data=data, headers=headers, **kwargs).status_code  # type: ignore[arg-type]


def test_forms_work_over_https_with_a_same_origin_header() -> None:
    """This test ensures that over HTTPS a form posted by a browser (with its Origin, and with
    or without a Referer) is accepted: the strict Referer-only check is not used."""
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    for headers in ({"Origin": HTTPS}, {"Origin": HTTPS, "Referer": HTTPS + "/about-you"}, {}):
        assert _about_you(client, headers, base_url=HTTPS) == 302, headers


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://petition.example.org"},  # a downgrade is another origin
        {"Referer": "https://evil.example/form"},
    ],
)
def test_a_form_from_another_origin_is_refused(headers: dict[str, str]) -> None:
    """This test ensures that a POST from another origin is refused even with a valid token,
    and changes nothing."""
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    fill_session(client)
    assert _about_you(client, headers, base_url=HTTPS) == 400
    with client.session_transaction() as session:
        assert session["p"] == PERSON


def test_behind_a_proxy_that_ends_tls() -> None:
    """This test ensures that behind a proxy sending X-Forwarded-Proto: https (Heroku's router),
    the site knows it is on HTTPS: the browser's https Origin matches, cookies are Secure,
    HSTS is sent; without trusting the proxy the scheme is not believed."""
    app = make_app(SESSION_COOKIE_SECURE=True, TRUST_PROXY_HOPS=1)
    client = app.test_client()
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "petition.example.org"}
    headers = {**proxy, "Origin": HTTPS}
    assert _about_you(client, headers) == 302
    response = client.get("/", headers=proxy)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    # A first visit gets its cookie (a page that changes nothing does not send it again).
    response = app.test_client().get("/", headers=proxy)
    assert "Secure" in response.headers["Set-Cookie"]

    untrusting = make_app(SESSION_COOKIE_SECURE=True).test_client()
    response = untrusting.get("/", headers=proxy)
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_only_over_https(app: Flask) -> None:
    """This test ensures that HSTS is sent over HTTPS and never over plain HTTP (where it would
    be ignored and could pin a development host)."""
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url=HTTPS).headers["Strict-Transport-Security"]
    assert secure == f"max-age={365 * 24 * 3600}"


@pytest.mark.parametrize(
    "host",
    ["a" * 64 + ".example.org", "exa mple.org", "example.org:99999999", "ex\u00e4mple.org", "-a."],
)
def test_an_impossible_host_gets_a_400_with_the_security_headers(host: str) -> None:
    """This test ensures that a Host header that cannot be a host name (a label of 64
    characters used to crash even the error page) gets a plain 400 with the site's headers."""
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    response = app.test_client().get("/", headers={"Host": host})
    assert response.status_code == 400
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_a_line_break_in_the_language_switchers_next_is_ignored() -> None:
    """This test ensures that /language/es?next= with CR LF (a header injection attempt, which
    used to give a 500) returns to the start page instead."""
    app = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)
    client = app.test_client()
    for target in ("/%0d%0aX-Evil:%201", "/%0aa", "/%09", "/" + "a" * 300):
        response = client.get(f"/language/es?next={target}")
        assert response.status_code == 302 and response.location == "/", target
        assert "X-Evil" not in response.headers
