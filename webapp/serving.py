"""What sits between the server and the Flask app: a Host check, and gunicorn's own error
responses with the site's security headers.

gunicorn answers some bad requests itself (400, 414, 431, 500 before the app is reached); its
stock page carries none of our headers and echoes the request line. :func:`write_error` replaces
it (installed by ``gunicorn.conf.py``) with a short page that has the same headers as every
page of the site.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

# The headers every response carries (webapp.create_app adds them to the app's responses).
CSP = "; ".join(
    (
        "default-src 'none'",
        "style-src 'self'",
        "img-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # "same-origin": the site's own pages send the Referer (and a real Origin on a POST: under
    # "no-referrer" browsers send "Origin: null", so no same-origin check could pass), while
    # links to other sites (legal aid, the courts) send nothing.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}

# A DNS name (labels of 1 to 63 letters, digits or hyphens), an IPv4 address or a bracketed
# IPv6 address, with an optional port. Anything else cannot be a host this site is served on,
# and Werkzeug cannot build URLs for it (a 64-character label made even the error page fail).
_HOST = re.compile(
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}"
    r"[A-Za-z0-9])?)*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?"
)

WSGIApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def valid_host(host: str) -> bool:
    return len(host) <= 260 and _HOST.fullmatch(host) is not None


def error_page(status: int, reason: str) -> bytes:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {reason}</title></head><body><h1>{reason}</h1>"
        "<p>The request could not be read. Go back and try again.</p></body></html>"
    ).encode("ascii")


class HostCheck:
    """Refuse a request whose Host header is not a possible host name, before Flask sees it."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host is not None and not valid_host(host):
            body = error_page(400, "Bad Request")
            headers = [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                *SECURITY_HEADERS.items(),
            ]
            start_response("400 Bad Request", headers)
            return [body]
        return self.app(environ, start_response)


def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's ``util.write_error`` with the site's headers and without echoing the request."""
    from gunicorn import util

    body = error_page(status_int, reason)
    head = [f"HTTP/1.1 {status_int} {reason}", "Connection: close"]
    head += ["Content-Type: text/html; charset=utf-8", f"Content-Length: {len(body)}"]
    head += ["Cache-Control: no-store"]
    head += [f"{k}: {v}" for k, v in SECURITY_HEADERS.items()]
    util.write_nonblock(sock, ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)


def warm_court_forms() -> None:
    """Build one packet from made-up answers, so that the forms' templates and fonts are loaded.

    gunicorn.conf.py calls this in the master process before the workers are forked: they then
    share what was loaded instead of each loading it on its first download (which was most of
    a worker's memory growth and of the first downloads' latency). Nothing personal is involved.
    """
    from datetime import date

    from forms.packet import CaseConvictions, Filer, build_packet
    from rules import evaluate
    from rules.model import Conviction, Level, Person, SentenceStatus

    conviction = Conviction(
        code_section="HS 11359",
        level=Level.FELONY,
        offense_date=date(2010, 5, 1),
        sentence_status=SentenceStatus.COMPLETED,
        county="Alameda",
        case_number="WARM-UP",
    )
    result = evaluate(Person(), [conviction])[0]
    case = CaseConvictions("Alameda", "WARM-UP", "Warm Up", ((conviction, result),))
    filer = Filer(
        name="Warm Up", street="1 Warm Up Way", city="Oakland", zip="94612", signature="/s/ Warm Up"
    )
    build_packet(case, filer, today=date.today())
