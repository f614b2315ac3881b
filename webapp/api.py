"""The JSON API (``/api/v1/``): the rules engine and the court packets for other programs.

* ``POST /api/v1/assessments``: ``{"convictions": [{…}, …]}``, each object a row of the batch CSV
  contract keyed by its column names (``rules.contract_json``); answers ``{"results": […]}`` in
  the same order, each the batch command's answer for that row (the same code path:
  ``rules.batch.Evaluation``), with the reasons' messages in the ``Accept-Language`` language.
* ``POST /api/v1/packets``: the same body, the filer columns of ``prop64 petitions`` allowed in
  the objects; answers one PDF (``application/pdf``) or, for several packets, a zip of them with
  ``summary.csv`` (``forms.batch.write_petitions``, as ``prop64 petitions`` builds it).
* ``GET /api/v1/openapi.json``: the OpenAPI 3.1 document (``webapp.api_openapi``); the page
  ``/api`` explains it to people.

JSON in, JSON out (415 otherwise); every error is a JSON object naming the field and the
problem. No cookie is read or set on ``/api/v1/`` (:class:`NoApiSessions`), the CSRF token and
the site's same-origin check are for forms and do not apply, and a per-client rate limit
(Flask-Limiter; in memory, or shared through ``RATELIMIT_STORAGE_URI``) answers 429 with
``Retry-After``. Nothing is logged or written to disk: packets are built in memory.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import time
import zipfile
from collections.abc import Callable
from typing import Any

from babel.support import NullTranslations, Translations
from flask import Blueprint, Flask, Request, Response, current_app, render_template, request
from flask.sessions import SecureCookieSession, SessionInterface, SessionMixin
from flask_limiter import Limiter, RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits.storage import MemoryStorage
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from rules import contract_json
from rules.batch import EvaluatedRow, Evaluation
from rules.contract_json import ContractJSONError, FieldProblem, JsonNumber
from rules.model import Result
from webapp import i18n

PREFIX = "/api/v1"


def is_api_path(path: str) -> bool:
    """True for the JSON API's addresses (not for the human page ``/api``)."""
    return path.startswith(PREFIX + "/") or path == PREFIX


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def defaults() -> dict[str, int | str]:
    """The API's settings, from the environment (README: "The JSON API")."""
    storage = (
        os.environ.get("PROP64_RATELIMIT_STORAGE_URI")
        or os.environ.get("RATELIMIT_STORAGE_URI")
        or "memory://"
    )
    return {
        "API_MAX_BYTES": _env_int("PROP64_API_MAX_BYTES", 2 * 1024 * 1024),
        "API_MAX_CONVICTIONS": _env_int("PROP64_API_MAX_CONVICTIONS", 1000),
        "API_MAX_PACKETS": _env_int("PROP64_API_MAX_PACKETS", 20),
        "API_RATE_LIMIT": os.environ.get("PROP64_API_RATE_LIMIT", "120 per minute"),
        "API_PACKETS_RATE_LIMIT": os.environ.get("PROP64_API_PACKETS_RATE_LIMIT", "30 per minute"),
        "RATELIMIT_STORAGE_URI": storage,
    }


# --- the in-memory store -----------------------------------------------------------------------


class SweptMemoryStorage(MemoryStorage):
    """limits' in-memory store (``memory://``), without its timer: the original starts a new
    thread after every hit that comes 10 ms after the last sweep, which under load was most of
    the time the rate limit took (a thread start per request, 0.4 ms of a 1.1 ms request). Here
    the expired counters are swept inline at most every :attr:`SWEEP_SECONDS`; counting is
    unchanged (an expired counter reads as zero whether or not it was swept yet)."""

    STORAGE_SCHEME = ["p64memory"]  # noqa: RUF012 - as limits declares it
    SWEEP_SECONDS = 5.0

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()
        self._next_sweep = time.monotonic() + self.SWEEP_SECONDS

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the timer's start
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_SECONDS
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def storage_uri(configured: str) -> str:
    """The store flask-limiter is given: ``memory://`` is :class:`SweptMemoryStorage`."""
    return "p64memory://" if configured.strip() == "memory://" else configured


# --- errors -----------------------------------------------------------------------------------


class ApiError(Exception):
    """An answer other than 200, as a JSON error object."""

    def __init__(
        self,
        status: int,
        error: str,
        message: str,
        problems: list[FieldProblem] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message
        self.problems = problems or []
        self.headers = headers or {}


def json_response(body: object, status: int = 200) -> Response:
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text, status=status, mimetype="application/json")


def error_response(e: ApiError) -> Response:
    response = json_response(
        {
            "status": e.status,
            "error": e.error,
            "message": e.message,
            "problems": [
                {"field": p.field, "index": p.index, "name": p.name, "problem": p.problem}
                for p in e.problems
            ],
        },
        e.status,
    )
    for name, value in e.headers.items():
        response.headers[name] = value
    return response


_HTTP_ERRORS = {
    400: ("bad_request", "The request could not be read."),
    404: (
        "not_found",
        "There is nothing at this address. The API's addresses are listed at "
        f"{PREFIX}/openapi.json.",
    ),
    405: ("method_not_allowed", "This address does not take this method."),
    413: ("too_large", "The request body is too large."),
    429: (
        "rate_limited",
        "Too many requests from this client: wait for the number of seconds "
        "in Retry-After, then try again.",
    ),
}


def http_error_response(error: HTTPException) -> Response:
    """An HTTP error under ``/api/v1/`` (404, 405, 413, 429 …) as a JSON error object."""
    code = error.code or 500
    name, message = _HTTP_ERRORS.get(code, ("error", "The request could not be completed."))
    if isinstance(error, RequestEntityTooLarge):
        message = f"The request body is larger than {current_app.config['API_MAX_BYTES']} bytes."
    headers: dict[str, str] = {}
    if isinstance(error, MethodNotAllowed) and error.valid_methods:
        headers["Allow"] = ", ".join(sorted(error.valid_methods))
    if isinstance(error, RateLimitExceeded):
        headers["Retry-After"] = str(_retry_after(error))
    return error_response(ApiError(code, name, message, headers=headers))


def internal_error_response() -> Response:
    return error_response(
        ApiError(500, "internal_error", "Something went wrong on our side. Try again later.")
    )


def _retry_after(error: RateLimitExceeded) -> int:
    try:
        limiter: Limiter = current_app.extensions["p64_limiter"]
        current = limiter.current_limit
        if current is not None:
            return max(1, int(current.reset_at - time.time()) + 1)
    except (KeyError, AttributeError):  # pragma: no cover - defensive
        pass
    return 60


# --- no session on the API --------------------------------------------------------------------


class NoApiSessions(SessionInterface):
    """The site's session interface, except under ``/api/v1/``: there the cookie is not read
    (an empty session that nothing saves) and no cookie is set."""

    def __init__(self, inner: SessionInterface) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def open_session(self, app: Flask, request: Request) -> SessionMixin | None:
        if is_api_path(request.path):
            return SecureCookieSession()
        return self.inner.open_session(app, request)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        from flask import request as current

        if is_api_path(current.path):
            return
        self.inner.save_session(app, session, response)

    def make_null_session(self, app: Flask) -> Any:
        return self.inner.make_null_session(app)

    def is_null_session(self, obj: object) -> bool:
        return self.inner.is_null_session(obj)


# --- the request body -------------------------------------------------------------------------


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON value")


def read_body() -> list[list[str]]:
    """The contract rows of the request's ``{"convictions": […]}``, or an :class:`ApiError`."""
    if request.mimetype != "application/json":
        raise ApiError(
            415,
            "unsupported_media_type",
            "Send the body as JSON with the header Content-Type: application/json.",
        )
    data = request.get_data(cache=False)  # 413 past request.max_content_length
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(
            400, "malformed_json", f"The body is not UTF-8 text (byte {e.start})."
        ) from None
    try:
        body = json.loads(
            text,
            parse_int=JsonNumber,
            parse_float=JsonNumber,
            parse_constant=_refuse_constant,
        )
    except json.JSONDecodeError as e:
        raise ApiError(
            400,
            "malformed_json",
            f"The body is not valid JSON: {e.msg} (line {e.lineno}, column {e.colno}).",
        ) from None
    except (ValueError, RecursionError):
        raise ApiError(
            400, "malformed_json", "The body is not valid JSON, or it is nested too deeply."
        ) from None
    if not isinstance(body, dict):
        raise ApiError(
            422,
            "invalid_field",
            'The body must be a JSON object: {"convictions": [...]}.',
            [FieldProblem(None, None, "must be an object")],
        )
    problems = [FieldProblem(None, k, "unknown field") for k in body if k != "convictions"]
    if "convictions" not in body:
        problems.append(FieldProblem(None, "convictions", "is required"))
    if problems:
        raise ApiError(422, "invalid_field", "Some fields cannot be used.", problems[:100])
    items = body["convictions"]
    maximum = current_app.config["API_MAX_CONVICTIONS"]
    if isinstance(items, list) and len(items) > maximum:
        raise ApiError(
            413,
            "too_many_convictions",
            f"At most {maximum} convictions can be sent in one request; this one has "
            f"{len(items)}. Send them in several requests, keeping each person's convictions "
            "together.",
            [FieldProblem(None, "convictions", f"has more than {maximum} items")],
        )
    try:
        return contract_json.contract_rows(items, plain=contract_json.plain_text(text))
    except ContractJSONError as e:
        raise ApiError(422, "invalid_field", "Some fields cannot be used.", e.problems) from None


# --- languages --------------------------------------------------------------------------------

_CATALOGS: dict[tuple[str, str], Callable[[str], str]] = {}


def translator(code: str) -> Callable[[str], str]:
    """``gettext`` of the language ``code``, loaded once per process (no session involved)."""
    folder = str(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]).split(";")[0]
    key = (folder, code)
    found = _CATALOGS.get(key)
    if found is None:
        if code == "en":
            found = str
        else:
            catalog: NullTranslations = Translations.load(folder, [code], domain="messages")
            found = catalog.ugettext
        _CATALOGS[key] = found
    return found


def request_language() -> str:
    """The first language of ``Accept-Language`` that the site has (English otherwise)."""
    if "Accept-Language" not in request.headers:
        return "en"
    return i18n._from_accept_language()


# --- the endpoints ----------------------------------------------------------------------------


_RESULTS: dict[tuple[int, str], tuple[object, str]] = {}
_RESULTS_MAX = 20_000


def result_json(result: Result, language: str) -> str:
    """A result as JSON text. The engine's results are shared, immutable objects (a county file
    has a few thousand distinct ones), so each is written once per language and kept (with the
    object, so that its id cannot be reused while it is here)."""
    key = (id(result), language)
    hit = _RESULTS.get(key)
    if hit is not None and hit[0] is result:
        return hit[1]
    text = json.dumps(
        contract_json.result_object(result, translator(language)),
        ensure_ascii=False,
        separators=(",", ":"),
    )
    if result.errors:
        return text  # (a result with a row's errors is that row's own: not shared, not kept)
    if len(_RESULTS) >= _RESULTS_MAX:
        _RESULTS.clear()
    _RESULTS[key] = (result, text)
    return text


def assessments() -> Response:
    rows = read_body()
    language = request_language()
    texts = [result_json(ev.result, language) for ev in contract_json.evaluate(rows)]
    response = Response('{"results":[' + ",".join(texts) + "]}", mimetype="application/json")
    response.headers["Content-Language"] = i18n.BY_CODE[language].html_lang
    return response


def _relief_cases(evaluated: list[EvaluatedRow]) -> set[tuple[str, str, str]]:
    """The (person, county, case number) of every case with a relief row: at most one packet
    each (``forms.batch`` groups a person's rows by county and case number the same way)."""
    cases = set()
    for ev in evaluated:
        if ev.result.outcome.has_relief:
            c = ev.conviction
            cases.add((ev.person_id, (c.county or "").strip(), (c.case_number or "").strip()))
    return cases


def packets() -> Response:
    from forms.batch import write_petitions
    from forms.packet import PacketError

    rows = read_body()
    if not rows:
        raise ApiError(
            422,
            "no_packet",
            "No conviction gives a packet: send at least one conviction.",
            [FieldProblem(None, "convictions", "is empty")],
        )
    evaluation = contract_json.evaluation(rows)
    evaluated = list(evaluation)
    cases = _relief_cases(evaluated)
    maximum = current_app.config["API_MAX_PACKETS"]
    if len(cases) > maximum:
        raise ApiError(
            413,
            "too_many_packets",
            f"At most {maximum} packets can be built in one request. Send fewer people or "
            "cases in each request.",
            [FieldProblem(None, "convictions", f"gives more than {maximum} packets")],
        )
    try:
        if len(cases) == 1:
            single = _one_packet(evaluation, evaluated, next(iter(cases))[0])
            if single is not None:
                return _download(single[1], "application/pdf", single[0])
        # Several packets, or none (then summary.csv says why): as `prop64 petitions` does.
        buffer = io.BytesIO()
        summary = write_petitions(evaluation, buffer)
    except PacketError:
        raise ApiError(
            503, "packets_unavailable", "Packets cannot be built on this server right now."
        ) from None
    with zipfile.ZipFile(buffer) as zf:
        names = [n for n in zf.namelist() if n.endswith(".pdf")]
        if summary.packets == 0:
            raise ApiError(422, "no_packet", "No conviction gives a packet.", _why_none(zf))
        if len(names) == 1:  # (a person whose packet could not be built, beside this one)
            return _download(zf.read(names[0]), "application/pdf", names[0])
    return _download(buffer.getvalue(), "application/zip", "prop64-packets.zip")


def _one_packet(
    evaluation: Evaluation, evaluated: list[EvaluatedRow], person_id: str
) -> tuple[str, bytes] | None:
    """The one packet of a request with one case with relief, built as ``prop64 petitions``
    builds it (``forms.batch``'s filer and case plans, ``forms.packet.build_packet``) but
    without the zip around it; None when it gives no packet (juvenile court, no address …),
    so that the caller's zip path says why."""
    from forms import batch
    from forms.packet import PacketError, blank_base, build_packet

    blank_base(None)  # (parsed once per process; refuses unusable official forms)
    h = evaluation.header
    mine = [ev for ev in evaluated if ev.person_id == person_id]
    filer = batch._filer(h, mine, person_id)
    for plan, _members in batch._case_plans(h, mine, filer.name):
        if not plan.has_relief:
            continue
        try:
            pdf = build_packet(plan, filer)
        except PacketError:
            return None
        stem, _plain = batch.packet_stem(plan.case.county, plan.case.case_number, person_id)
        return f"{stem}.pdf", pdf
    return None


def _why_none(zf: zipfile.ZipFile) -> list[FieldProblem]:
    """Why each conviction got no packet (from ``summary.csv``, as ``prop64 petitions`` says)."""
    text = zf.read("summary.csv").decode("utf-8")
    problems = []
    for i, row in enumerate(csv.DictReader(io.StringIO(text, newline=""))):
        outcome, note = row.get("outcome", ""), row.get("note", "")
        if note:
            why = note
        elif outcome in {"dismiss", "reduce_to_misdemeanor", "reduce_to_infraction"}:
            why = "no packet could be built for this case"
        else:
            why = f"the outcome is {outcome}: there is no relief to ask the court for"
        problems.append(FieldProblem(i, None, why))
        if len(problems) >= 100:
            break
    return problems


def _download(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def openapi() -> Response:
    from webapp import api_openapi

    return Response(api_openapi.document_text(current_app), mimetype="application/json")


_LIMITS = {"api.packets": "API_PACKETS_RATE_LIMIT"}


def _limit_of_endpoint() -> str:
    return str(current_app.config[_LIMITS.get(request.endpoint or "", "API_RATE_LIMIT")])


def _endpoint_scope(endpoint: str) -> str:
    return request.endpoint or "api"


def client_key() -> str:
    """Who the rate limit counts: the client's address (after ProxyFix, the real one), keyed
    with the app's secret so that the store (Redis) never holds an address."""
    secret: bytes = current_app.extensions["p64_limit_secret"]
    address = get_remote_address().encode("utf-8", "replace")
    return hashlib.blake2b(address, key=secret, digest_size=12).hexdigest()


def _before_api_request() -> None:
    request.max_content_length = current_app.config["API_MAX_BYTES"]


def make_blueprint(limiter: Limiter) -> Blueprint:
    """The API's blueprint, its routes limited by this app's ``limiter``."""
    bp = Blueprint("api", __name__, url_prefix=PREFIX)
    bp.before_request(_before_api_request)

    bp.add_url_rule("/assessments", "assessments", assessments, methods=["POST"])
    bp.add_url_rule("/packets", "packets", packets, methods=["POST"])
    # One limit on the blueprint (checked once, before the view), its value and its counter
    # per endpoint: packets cost far more than assessments.
    limiter.limit(_limit_of_endpoint, scope=_endpoint_scope)(bp)
    bp.add_url_rule("/openapi.json", "openapi", openapi, methods=["GET"])

    @bp.errorhandler(ApiError)
    def api_error(e: ApiError) -> Response:
        return error_response(e)

    @bp.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> Response:
        return http_error_response(e)

    return bp


docs_bp = Blueprint("api_docs", __name__)


@docs_bp.route("/api")
def docs() -> str:
    """The page for people: how to call the API (the OpenAPI document is the reference)."""
    from webapp import api_openapi

    return render_template(
        "api/docs.html",
        columns=api_openapi.field_rows(),
        settings=current_app.config,
        prefix=PREFIX,
    )


def init_app(app: Flask, csrf: CSRFProtect) -> None:
    """Register the API on ``app``: settings, its own rate limiter, the blueprints; exempt it
    from the CSRF token (the site's same-origin check skips it: ``webapp._same_origin``)."""
    for key, value in defaults().items():
        app.config.setdefault(key, value)
    uri = str(app.config["RATELIMIT_STORAGE_URI"])
    if uri.startswith(("redis://", "rediss://", "redis+")):
        # A store that does not answer costs at most a second, then the limits are kept in
        # memory until it is back (never an error for the client).
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
    # Retry-After on a 429 (http_error_response); no X-RateLimit-* headers on every answer,
    # which cost a second look-up in the store per request.
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "p64")
    secret = str(app.config.get("SECRET_KEY") or "").encode("utf-8")
    app.extensions["p64_limit_secret"] = hashlib.blake2b(secret, digest_size=32).digest()
    limiter = Limiter(
        client_key,
        app=app,
        default_limits=[],
        storage_uri=storage_uri(str(app.config["RATELIMIT_STORAGE_URI"])),
    )
    limiter.request_filter(lambda: not is_api_path(request.path))
    app.extensions["p64_limiter"] = limiter
    bp = make_blueprint(limiter)
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.register_blueprint(docs_bp)
    app.session_interface = NoApiSessions(app.session_interface)
