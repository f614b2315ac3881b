"""Languages, the locale chosen for each request, and the ``flask translate`` commands.

Locale codes are Babel's. Two choices worth knowing:

* Chinese (Traditional) is ``zh_Hant``: Babel formats dates in Traditional characters, and the
  page says ``<html lang="zh-Hant">``.
* Tagalog is ``fil`` (Filipino, the standardised form of Tagalog). Babel has date formats for
  ``fil`` and parses ``tl`` as an alias of it, but gettext only finds a catalog by Babel's own
  name, so the catalog lives in ``translations/fil``. Browsers that ask for ``tl`` get it too.
"""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, g, request, session
from flask_babel import Babel, get_translations

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
    Babel(app, locale_selector=select_locale)
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
    _pybabel("-q", "update", "--no-wrap", "-i", str(POT), "-d", str(TRANSLATIONS))


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
