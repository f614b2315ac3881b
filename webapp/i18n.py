"""Languages, the locale chosen for each request, and the ``flask translate`` commands.

Locale codes are Babel's. Two choices worth knowing:

* Chinese (Traditional) is ``zh_Hant``: Babel formats dates in Traditional characters, and the
  page says ``<html lang="zh-Hant">``.
* Tagalog is ``fil`` (Filipino, the standardised form of Tagalog). Babel has date formats for
  ``fil`` and parses ``tl`` as an alias of it, but gettext only finds a catalog by Babel's own
  name, so the catalog lives in ``translations/fil``. Browsers that ask for ``tl`` get it too.
"""

from __future__ import annotations

import contextvars
import io
import subprocess
import sys
import weakref
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import click
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, has_request_context, request, session, url_for
from flask.templating import Environment as FlaskEnvironment
from flask_babel import Babel, get_locale, get_translations
from jinja2 import Template
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from markupsafe import Markup

from webapp.config import PROJECT_ROOT


@dataclass(frozen=True)
class Language:
    code: str  # Babel locale and catalog folder
    html_lang: str  # BCP 47 tag for <html lang>
    native_name: str  # the language named in its own script
    aliases: tuple[str, ...] = ()


LANGUAGES: tuple[Language, ...] = (
    Language("en", "en", "English"),
    Language("es", "es", "Español"),
    Language("zh_Hant", "zh-Hant", "中文（繁體）", ("zh-tw", "zh-hk", "zh-mo", "zh-hant")),
    Language("vi", "vi", "Tiếng Việt"),
    Language("ko", "ko", "한국어"),
    Language("fil", "fil", "Tagalog", ("tl", "fil-ph", "tl-ph")),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
TRANSLATED = tuple(lang.code for lang in LANGUAGES if lang.code != "en")
SESSION_KEY = "l"


def _from_accept_language() -> str:
    """The first language of the browser's list that we have (quality order, then position)."""
    for tag, _quality in request.accept_languages:
        tag = tag.lower().replace("_", "-")
        for lang in LANGUAGES:
            if tag in lang.aliases:
                return lang.code
        primary = tag.split("-")[0]
        if primary == "zh":
            # Simplified Chinese readers are better served by Traditional than by English.
            return "zh_Hant"
        for lang in LANGUAGES:
            if primary == lang.code:
                return lang.code
    return "en"


def select_locale() -> str:
    chosen = session.get(SESSION_KEY)
    if isinstance(chosen, str) and chosen in BY_CODE:
        return chosen
    return _from_accept_language()


def current_language() -> Language:
    return BY_CODE[select_locale()]


def _translations() -> Any:
    """The request's catalog, looked up once per request (Flask-Babel looks it up again for
    every string, which was most of the time spent rendering a page). The site never changes
    the locale inside a request (no ``force_locale``); code that does must ``g.pop`` this."""
    cached = g.get("_p64_translations")
    if cached is None:
        cached = g._p64_translations = get_translations()
    return cached


def init_app(app: Flask) -> None:
    """Languages for ``app``; call :func:`use_language_templates` first, before anything
    touches ``app.jinja_env``."""
    Babel(app, locale_selector=select_locale)
    app.jinja_env.add_extension(ConstantTranslations)
    app.jinja_env.globals["url_for"] = template_url_for
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
    try:
        compile_catalogs()
    except OSError:  # a read-only install: the catalogs must have been compiled at build time
        app.logger.warning("could not compile the translation catalogs")

    @app.context_processor
    def languages() -> dict[str, object]:
        return {"LANGUAGES": LANGUAGES, "current_language": current_language()}

    app.cli.add_command(translate)


def use_language_templates(app: Flask) -> None:
    """Compile ``app``'s templates once per language (before ``app.jinja_env`` is first used)."""
    assert "jinja_env" not in app.__dict__, "the template environment was already made"
    app.jinja_environment = LanguageEnvironment


# The values a template's url_for may be cached for: those naming one of a few pages (a
# language's code, a static file), never a visitor's input such as ``next=request.path``.
_CACHED_URL_VALUES = frozenset({"code", "filename"})
_URL_CACHE_LIMIT = 512


# Werkzeug's query encoding (werkzeug.urls._urlencode, used by url_for), for ``next=``.
_QUERY_SAFE = "!$'()*,/:;?@"


def template_url_for(endpoint: str, **values: Any) -> str:
    """Flask's ``url_for`` for templates, remembering the URLs that are the same on every page
    (the style sheet, the footer's links): a page asked for a dozen, each a route lookup.
    A ``next`` value (the page to come back to) is encoded each time, as url_for does, onto
    the remembered URL of the rest."""
    if (
        isinstance(values.get("next"), str)
        and set(values) - {"next"} <= _CACHED_URL_VALUES
        and not endpoint.startswith(".")
    ):
        following = values.pop("next")
        return (
            template_url_for(endpoint, **values)
            + "?"
            + urlencode([("next", following)], safe=_QUERY_SAFE)
        )
    if not set(values) <= _CACHED_URL_VALUES or endpoint.startswith("."):
        return url_for(endpoint, **values)
    cache: dict[tuple[Any, ...], str] = current_app.extensions.setdefault("p64_urls", {})
    key = (endpoint, request.script_root, *sorted(values.items()))
    url = cache.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if len(cache) < _URL_CACHE_LIMIT:
            cache[key] = url
    return url


# --- templates compiled once per language ------------------------------------------------------
#
# Most of a page's strings are constants: ``{{ _("Start now") }}``. Looked up at every render they
# were a third of the time spent on a page (a context call, a catalog lookup and a Markup
# formatting each, twenty to forty times a page). Each template is compiled once per language
# instead, with every ``_("constant")`` replaced by its translation: the page's text becomes part
# of the compiled template. ``_("constant", name=value)`` keeps only the formatting at render
# time (the values escaped as before). Anything else (``_(variable)``, ``ngettext``) is looked
# up at render time as before. Only the site's texts are compiled in: nothing of a visitor's.

_COMPILING: contextvars.ContextVar[Any] = contextvars.ContextVar("p64_compiling", default=None)
_OPEN = {"lparen": "rparen", "lbracket": "rbracket", "lbrace": "rbrace"}


class LanguageEnvironment(FlaskEnvironment):
    """Flask's template environment with one compiled template per (language, template)."""

    def _load_template(self, name: str, globals: MutableMapping[str, Any] | None) -> Template:
        if not has_request_context() or self.loader is None:
            return super()._load_template(name, globals)
        locale = str(get_locale())
        cache_key = (weakref.ref(self.loader), name, locale)
        cache: MutableMapping[Any, Template] | None = self.cache
        if cache is not None:
            template = cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        token = _COMPILING.set(_translations())
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _COMPILING.reset(token)
        if cache is not None:
            cache[cache_key] = template
        return template


class ConstantTranslations(Extension):
    """Replace ``_("constant")`` by its translation while a template is compiled for a language
    (:class:`LanguageEnvironment`), with the same result as Jinja's gettext at render time."""

    def filter_stream(self, stream: TokenStream) -> Iterable[Token]:
        translations = _COMPILING.get()
        autoescape = self.environment.autoescape
        escaped = autoescape(stream.name) if callable(autoescape) else autoescape
        if translations is None or not escaped:
            return stream
        return iter(_fold(list(stream), translations))


def _fold(tokens: list[Token], translations: Any) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        if (
            tok.type == "name"
            and tok.value == "_"
            and (i == 0 or tokens[i - 1].type != "dot")
            and i + 3 < n
            and tokens[i + 1].type == "lparen"
            and tokens[i + 2].type == "string"
        ):
            folded = _fold_call(tokens, i, translations)
            if folded is not None:
                replacement, i = folded
                out += replacement
                continue
        out.append(tok)
        i += 1
    return out


def _fold_call(tokens: list[Token], i: int, translations: Any) -> tuple[list[Token], int] | None:
    """The tokens for the call ``_(string...)`` at ``i`` and the index after it, or None when
    it is not a plain call with a constant message (left to render time)."""
    line = tokens[i].lineno
    text = translations.ugettext(tokens[i + 2].value)

    def t(kind: str, value: str) -> Token:
        return Token(line, kind, value)

    constant = [t("lparen", "("), t("string", text), t("pipe", "|"), t("name", "safe")]
    if tokens[i + 3].type == "rparen":
        try:
            # What Jinja's gettext does: the site's own translation is markup, as there.
            text = Markup(text) % {}  # noqa: S704
        except (KeyError, TypeError, ValueError):
            return None
        constant[1] = t("string", text)
        return [*constant, t("rparen", ")")], i + 4
    if tokens[i + 3].type != "comma":
        return None
    # Keyword arguments: (translation|safe) % {"name": value, ...}
    depth, j = 0, i + 1
    while j < len(tokens):
        kind = tokens[j].type
        if kind in _OPEN:
            depth += 1
        elif kind in _OPEN.values():
            depth -= 1
            if depth == 0:
                break
        j += 1
    else:
        return None
    args = tokens[i + 4 : j]
    pairs: list[Token] = []
    depth, k = 0, 0
    expect_name = True
    while k < len(args):
        tok = args[k]
        if depth == 0 and expect_name:
            if tok.type == "name" and k + 1 < len(args) and args[k + 1].type == "assign":
                pairs += [t("string", tok.value), t("colon", ":")]
                k += 2
                expect_name = False
                continue
            return None  # a positional argument or **kwargs: not a plain gettext call
        if tok.type in _OPEN:
            depth += 1
        elif tok.type in _OPEN.values():
            depth -= 1
        elif depth == 0 and tok.type == "comma":
            expect_name = True
        pairs.append(tok)
        k += 1
    if not pairs:
        return None
    call = [
        t("lparen", "("),
        *constant,
        t("rparen", ")"),
        t("mod", "%"),
        t("lbrace", "{"),
        *_fold(pairs, translations),
        t("rbrace", "}"),
        t("rparen", ")"),
    ]
    return call, j + 1


# --- the pybabel workflow, wrapped -----------------------------------------------------------

TRANSLATIONS = PROJECT_ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
BABEL_CFG = PROJECT_ROOT / "babel.cfg"


def extract(output: Path) -> None:
    """Write the template catalog of every string in webapp/ and rules/ to ``output``."""
    subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            str(BABEL_CFG),
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "--no-location",
            "--sort-output",
            "--add-comments=TRANSLATORS:",
            "--project",
            "Prop 64 Petition Assistant",
            "--msgid-bugs-address",
            "https://github.com/",
            "-o",
            str(output),
            ".",
        ],
        check=True,
        cwd=PROJECT_ROOT,
    )


def compile_catalogs(force: bool = False) -> list[str]:
    """Compile each messages.po whose messages.mo is missing or older; return the languages done.

    The site calls this at start-up, so a fresh clone, ``make run`` and the Procfile all serve
    translated pages without a separate step. Fuzzy entries are left out, as pybabel does.
    """
    done = []
    for po in sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        mo.write_bytes(buffer.getvalue())
        done.append(po.parent.parent.name)
    return done


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)  # noqa: S603


@click.group()
def translate() -> None:
    """Translation and localization commands (extract, init, update, compile)."""


@translate.command("extract")
def extract_command() -> None:
    """Refresh translations/messages.pot from the code and templates."""
    extract(POT)


@translate.command("update")
def update_command() -> None:
    """Extract, then merge the new strings into every language's messages.po."""
    extract(POT)
    _pybabel(
        "-q", "update", "--no-wrap", "--no-fuzzy-matching", "-i", str(POT), "-d", str(TRANSLATIONS)
    )


@translate.command("init")
@click.argument("code")
def init_command(code: str) -> None:
    """Start a catalog for a new language (a Babel locale code)."""
    extract(POT)
    _pybabel("-q", "init", "--no-wrap", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code)


@translate.command("compile")
def compile_command() -> None:
    """Compile every messages.po to the messages.mo the site reads."""
    compile_catalogs(force=True)
