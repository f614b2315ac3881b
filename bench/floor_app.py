"""The floor under bench_floor.py: what any page of this site must do, and nothing else.

Each route adds one piece the issues require of every page to the one before it, on the bare
Flask app of ``hello_app.py`` (same gunicorn settings):

- ``/hello``: the bare endpoint ("hello");
- ``/csrf``: a CSRF token (Flask-WTF, the same library and settings as the site), which puts
  the token in a new session cookie (Flask's own signed cookie, cheaper than the site's sealed
  one, which is encrypted as issue 9 asks);
- ``/page``: the same, plus a page rendered by Jinja with Flask-Babel: a form carrying the
  token and ten translated strings (the start page has about fifty).

No answers, no rules, no security headers: the site cannot cost less than ``/page``.
"""

from flask import Flask, jsonify, render_template, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect, generate_csrf
from jinja2 import DictLoader

app = Flask(__name__)
app.config["SECRET_KEY"] = "floor-benchmark-secret-that-is-long-enough-0123456789"  # noqa: S105
csrf_protect = CSRFProtect(app)
Babel(app, locale_selector=lambda: "es")

TEMPLATE = """<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>{{ _("Title") }}</title></head><body><h1>{{ _("Heading") }}</h1>
{% for i in range(8) %}<p>{{ _("Sentence") }}</p>{% endfor %}
<form method="post"><input name="csrf_token" type="hidden" value="{{ csrf_token() }}">
<button>{{ _("Start") }}</button></form></body></html>"""
PLAIN = TEMPLATE.replace('_("', '("')  # the same page, its strings not translated
app.jinja_loader = DictLoader({"page.html": TEMPLATE, "plain.html": PLAIN})  # compiled once


@app.get("/hello")
def hello() -> str:
    return "hello"


@app.get("/csrf")
def csrf() -> str:
    return generate_csrf()


@app.get("/jinja")
def jinja() -> str:
    return render_template("plain.html")


@app.get("/page")
def page() -> str:
    return render_template("page.html")


# The API's floor (``bench.floor_app:api``, a second app): JSON in, JSON out, no cookie, no
# CSRF; then with a per-client rate limit (Flask-Limiter, in memory, the API's default).
api = Flask("api_floor")
limiter = Limiter(get_remote_address, app=api, storage_uri="memory://")


@api.post("/json")
@limiter.exempt
def json_echo() -> object:
    body = request.get_json()
    return jsonify({"results": [{"outcome": "dismiss"} for _ in body["convictions"]]})


@api.post("/limited")
@limiter.limit("100000000 per minute")
def json_limited() -> object:
    body = request.get_json()
    return jsonify({"results": [{"outcome": "dismiss"} for _ in body["convictions"]]})
