"""The catalogs: messages.pot fresh, every language complete, a glossary for each."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import fill_session
from flask import Flask
from test_web_pages import PAGES

from webapp.i18n import POT, TRANSLATED, TRANSLATIONS, extract


def _messages(path: Path) -> dict[object, object]:
    with path.open("rb") as f:
        catalog = read_po(f)
    return {m.id: (m.auto_comments, m.flags - {"python-format"}) for m in catalog if m.id}


def test_messages_pot_is_fresh(tmp_path: Path) -> None:
    """This test ensures that translations/messages.pot holds exactly the strings of the code and
    templates (run `flask --app webapp translate update` after changing a string)."""
    fresh = tmp_path / "messages.pot"
    extract(fresh)
    assert _messages(fresh) == _messages(POT)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_has_every_message_of_the_template(lang: str) -> None:
    """This test ensures that each language's messages.po was updated from messages.pot."""
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    assert set(_messages(po)) == set(_messages(POT))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_completely_translated(lang: str) -> None:
    """This test ensures that every message of each language is translated and none is fuzzy."""
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id)
    assert not missing, f"{len(missing)} messages not translated in {lang}, e.g. {missing[:3]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_language_has_a_legal_glossary(lang: str) -> None:
    """This test ensures that each language keeps a glossary of legal terms."""
    text = (TRANSLATIONS / lang / "GLOSSARY.md").read_text(encoding="utf-8")
    assert "| English |" in text and "petition" in text


def _english_sentences() -> set[str]:
    with POT.open("rb") as f:
        catalog = read_po(f)
    out = set()
    for message in catalog:
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        # Whole sentences without placeholders: short words ("Yes", form names) may be the same.
        if msgid and "%(" not in msgid and len(msgid) > 25 and " " in msgid:
            out.add(msgid)
    return out


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_english_left_on_a_translated_page(app: Flask, lang: str) -> None:
    """This test ensures that no English sentence of the catalog is left on any page in another
    language."""
    english = _english_sentences()
    client = app.test_client()
    fill_session(client, lang)
    left = {}
    for path in PAGES:
        text = html.unescape(re.sub(r"\s+", " ", client.get(path).get_data(as_text=True)))
        found = [s for s in english if s in text]
        if found:
            left[path] = found[:2]
    assert not left, left
