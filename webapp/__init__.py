"""The Prop 64 Petition Assistant web site: ``flask --app webapp run`` finds :func:`create_app`."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, flash, render_template, request, session
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.middleware.proxy_fix import ProxyFix

from forms.fonts import check_fonts
from webapp import api, config, cookie, i18n, messages, revoked, serving, state

csrf = CSRFProtect()

# The headers are defined beside gunicorn's error pages, which carry them too.
CSP = serving.CSP
SECURITY_HEADERS = serving.SECURITY_HEADERS


def create_app(test_config: Mapping[str, object] | None = None) -> Flask:
    """Build the site: settings, then the environment's, then ``test_config``."""
    app = Flask(__name__)
    i18n.use_language_templates(app)
    app.config.from_object(config.choose())
    if test_config:
        app.config.from_mapping(test_config)
    _refuse_weak_secret(app)
    check_fonts()  # the court forms' fonts are package data: a broken install does not start
    app.session_interface = cookie.SealedSessionInterface()
    logging.getLogger(__name__).setLevel(app.config["LOG_LEVEL"])
    app.wsgi_app = serving.HostCheck(app.wsgi_app)  # type: ignore[method-assign]
    if app.config["TRUST_PROXY_HOPS"]:
        hops = app.config["TRUST_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    # Idle answers are forgotten before anything else looks at the session (the CSRF check
    # among them), so that an error page never says that expired answers are still here.
    app.before_request(_expire_idle_answers)
    csrf.init_app(app)
    i18n.init_app(app)

    from webapp import about, answers, clinic, interview

    app.register_blueprint(interview.bp)
    app.register_blueprint(answers.bp)
    app.register_blueprint(about.bp)
    app.register_blueprint(clinic.bp)

    app.before_request(_same_origin)
    app.after_request(_security_headers)
    _register_errors(app)
    api.init_app(app, csrf)  # the JSON API: no session, no CSRF token, its own rate limit
    return app


def _refuse_weak_secret(app: Flask) -> None:
    if app.debug or app.testing:
        return
    key = app.config.get("SECRET_KEY")
    if not key or key == config.DEV_SECRET_KEY or len(str(key)) < 32:
        raise RuntimeError(
            "Set SECRET_KEY to a long random value (at least 32 characters), for example "
            "`python -c 'import secrets; print(secrets.token_urlsafe(48))'`. "
            "The site encrypts and signs the answers in the cookie with it."
        )


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _same_origin() -> None:
    """CSRF, second half: a form must come from this site (the token is the first half).

    Browsers send ``Origin`` on every POST; we compare it with the origin the request reached
    (after :class:`ProxyFix`, so ``https`` behind a proxy). Without ``Origin`` the ``Referer``
    is checked the same way when present. A request with neither (curl, old browsers) still
    needs the token. Flask-WTF's own Referer-only check (``WTF_CSRF_SSL_STRICT``) is off: it
    refuses a POST without a Referer, which privacy settings and extensions often strip.
    """
    if request.method not in UNSAFE_METHODS or api.is_api_path(request.path):
        return  # (the JSON API takes no cookie, so a request from elsewhere carries nothing)
    ours = _origin_of(request.host_url)
    origin = request.headers.get("Origin")
    if origin is not None:
        if origin.lower() != ours:
            raise CSRFError("The request came from another origin.")
        return
    referrer = request.headers.get("Referer")
    if referrer and _origin_of(referrer) != ours:
        raise CSRFError("The request came from another origin.")


def _expire_idle_answers() -> None:
    """Forget the answers after the idle time, from the last-use time inside the cookie; refuse
    a cookie whose answers were cleared (webapp.revoked). The cookie itself lasts until the
    browser closes, so the notice that answers were cleared can be shown."""
    if api.is_api_path(request.path):
        return  # no session on the JSON API (webapp.api.NoApiSessions)
    if request.endpoint == "static":
        # A stylesheet or the icon needs no answers; wiping here raced the next page (a request
        # of the old page, answered after the wipe, left that page a revoked cookie and no notice).
        return
    if session.permanent:  # setting it marks the session changed: only when it is not so
        session.permanent = False
    now = int(time.time())
    nonce = session.get("n")
    if isinstance(nonce, str) and revoked.is_revoked(nonce):
        # A copy of a cookie whose answers were cleared: it gets nothing back.
        lang = session.get(i18n.SESSION_KEY)
        session.clear()
        if lang:
            session[i18n.SESSION_KEY] = lang
        nonce = None
    if not isinstance(nonce, str):
        session["n"] = state.new_nonce()
    last = session.get("t")
    idle = int(current_idle_minutes())
    had_answers = any(k in session for k in state.ANSWER_KEYS)
    if isinstance(last, int) and now - last > idle * 60 and had_answers:
        state.clear_answers(until=now + idle * 60 + 60)
        flash(messages.answers_expired(idle))
    if not (isinstance(last, int) and 0 <= now - last < _touch_seconds(idle)):
        session["t"] = now


def _touch_seconds(idle_minutes: int) -> int:
    """How stale the last-use time may get before it is written again: a second for each
    minute of the idle limit (30 s of 30 minutes). Writing it at every request re-encrypted
    and re-sent the whole cookie with every page; a stale time can only make the wipe come
    that much sooner, never later."""
    return max(1, idle_minutes)


def current_idle_minutes() -> int:
    from flask import current_app

    return int(current_app.config["IDLE_MINUTES"])


_SECURITY_HEADERS_LOWER = tuple((k.lower(), k, v) for k, v in SECURITY_HEADERS.items())


def _security_headers(response: Response) -> Response:
    # Each header unless the view set its own (one pass over the headers, not one a header).
    present = {k.lower() for k in response.headers.keys()}
    for lower, name, value in _SECURITY_HEADERS_LOWER:
        if lower not in present:
            response.headers.add(name, value)
    if request.is_secure and current_app.config["HSTS_SECONDS"]:
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}"
        )
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    response.vary.add("Cookie")
    return response


def _register_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/error.html", code=400, message=messages.CSRF_FAILED), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        if api.is_api_path(request.path):
            return api.http_error_response(error)
        code = error.code or 500
        return render_template("errors/error.html", code=code, message=None), code

    @app.errorhandler(InternalServerError)
    def unexpected(error: InternalServerError) -> tuple[str, int] | Response:
        if api.is_api_path(request.path):
            return api.internal_error_response()
        return render_template("errors/error.html", code=500, message=None), 500

    def log_exception(exc_info: Any) -> None:
        # The kind of error and the page only: an exception's text could quote someone's answers.
        kind = exc_info[0].__name__ if exc_info and exc_info[0] else "error"
        app.logger.error("unhandled %s on %s", kind, request.endpoint)

    app.log_exception = log_exception  # type: ignore[method-assign]
