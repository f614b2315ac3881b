"""The speed-ups of the pages change nothing a visitor sees: templates compiled once per
language give the same HTML as Jinja's gettext at render time, the remembered template URLs
are the ones url_for builds, and the cookie's JSON is Flask's tagged JSON."""

from __future__ import annotations

import functools
import re

import pytest
from conftest import fill_session, make_app
from flask import Flask, url_for
from flask.json.tag import TaggedJSONSerializer
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from webapp import i18n
from webapp.cookie import Sealed

PAGES = (
    "/",
    "/cleared",
    "/about-you",
    "/convictions",
    "/convictions/new/3",
    "/convictions/1",
    "/convictions/2/details",
    "/convictions/0/remove",
    "/check",
    "/results",
    "/petition",
    "/download/0/next-steps",
    "/how-we-decide",
    "/clear",
    "/resume",
    "/no-such-page",
)


def _page(app: Flask, lang: str, path: str) -> tuple[int, str]:
    client = app.test_client()
    fill_session(client, lang)
    with client.session_transaction() as session:
        # Markup in an answer and in a notice: escaped the same way by both.
        session["f"] = {**session["f"], "n": "Maria <b>Lopez</b> & Co"}
        session["_flashes"] = [("message", "Saved & <done>")]
    response = client.get(path)
    text = response.get_data(as_text=True)
    # The CSRF token differs between two sessions (and with the time).
    return response.status_code, re.sub(r'value="[\w-]+\.[\w.-]+"', 'value="TOKEN"', text)


@pytest.mark.parametrize("lang", sorted(i18n.BY_CODE))
def test_pages_compiled_per_language_are_the_same_html(
    lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that every page, in every language, is the same whether its constant
    strings are translated when the template is compiled or looked up at each render."""
    compiled = make_app()
    monkeypatch.setattr(i18n, "use_language_templates", lambda app: None)
    looked_up = make_app()
    assert compiled.jinja_env.__class__ is i18n.LanguageEnvironment
    assert looked_up.jinja_env.__class__ is not i18n.LanguageEnvironment
    for path in PAGES:
        assert _page(compiled, lang, path) == _page(looked_up, lang, path), path


def test_a_template_is_compiled_once_per_language(app: Flask) -> None:
    """This test ensures that the language of one visitor's page never leaks into another's:
    each language has its own compiled template."""
    spanish, english = app.test_client(), app.test_client()
    with spanish.session_transaction() as session:
        session["l"] = "es"
    for _ in range(2):
        spanish_page = spanish.get("/").get_data(as_text=True)
        english_page = english.get("/").get_data(as_text=True)
        assert ">Comenzar</a>" in spanish_page and "Start now" not in spanish_page
        assert ">Start now</a>" in english_page and "Comenzar" not in english_page


@pytest.mark.parametrize(
    "path",
    ["/", "/results", "/a b", "/ñandú/é", "/x?y=1&z=2", "/%2F%0d%0a", "/a+b#c", "/$!'()*,;:@"],
)
def test_remembered_template_urls_are_url_fors(app: Flask, path: str) -> None:
    """This test ensures that the template URLs kept from one page to the next, and the
    ``next=`` added to them, are exactly what Flask's url_for builds."""
    with app.test_request_context(path):
        for _ in range(2):  # built, then remembered
            for code in i18n.BY_CODE:
                assert i18n.template_url_for("answers.language", code=code, next=path) == url_for(
                    "answers.language", code=code, next=path
                )
            assert i18n.template_url_for("answers.clear", next=path) == url_for(
                "answers.clear", next=path
            )
            assert i18n.template_url_for("static", filename="site.css") == url_for(
                "static", filename="site.css"
            )
            assert i18n.template_url_for("interview.start") == url_for("interview.start")


def test_remembered_urls_follow_the_script_root() -> None:
    """This test ensures that a site mounted under a prefix gets its own URLs, not another's."""
    app = make_app()
    with app.test_request_context("/", base_url="http://localhost/"):
        assert i18n.template_url_for("interview.start") == "/"
    with app.test_request_context("/", base_url="http://localhost/prop64/"):
        assert i18n.template_url_for("interview.start") == "/prop64/"


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
)
_values = st.recursive(
    st.one_of(_scalars, st.binary(max_size=4), st.builds(Markup, st.text(max_size=4))),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.sampled_from(["p", "c", " t", " di", "x"]), inner, max_size=3),
    ),
    max_leaves=12,
)


@functools.cache
def _codec_app() -> Flask:
    return make_app()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["p", "c", "f", "_flashes", "n", "t"]), _values))
def test_the_cookie_codec_is_flasks_tagged_json(data: dict[str, object]) -> None:
    """This test ensures that the cookie's faster JSON is byte for byte Flask's tagged JSON, and
    reads back the same, for plain answers, notices (tuples) and anything Flask can tag."""
    app = _codec_app()
    sealer = Sealed(str(app.secret_key))
    with app.test_request_context("/"):
        expected = TaggedJSONSerializer().dumps(data)
        assert sealer._serialise(data) == expected
        assert sealer.loads(sealer.dumps(data)) == TaggedJSONSerializer().loads(expected)


def test_a_page_that_changes_nothing_does_not_reseal_the_cookie(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that the cookie is sealed and sent again only when the answers change
    or the last-use time is a second per idle minute old, and that the idle wipe still comes
    after the idle limit counted from that time."""
    import webapp

    now = [1_800_000_000.0]
    monkeypatch.setattr(webapp.time, "time", lambda: now[0])
    client = app.test_client()
    fill_session(client)
    with client.session_transaction() as session:
        session["t"] = int(now[0])
    client.get("/convictions")  # the first page adds the nonce and the CSRF token
    assert "Set-Cookie" not in client.get("/convictions").headers
    now[0] += webapp._touch_seconds(app.config["IDLE_MINUTES"])
    assert "Set-Cookie" in client.get("/convictions").headers  # the time is written again
    with client.session_transaction() as session:
        assert session["t"] == int(now[0]) and session["c"]
    now[0] += app.config["IDLE_MINUTES"] * 60 + 1
    page = client.get("/convictions").get_data(as_text=True)
    with client.session_transaction() as session:
        assert "c" not in session  # wiped after the idle time
    assert "A-1001" not in page
