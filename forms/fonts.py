"""Which font prints a piece of text, and how wide it is.

Court forms are filed in English, but names and addresses come in every script, and a packet must
look the same on every machine: court e-filing expects embedded fonts, and a viewer without the
right system font shows a blank name or boxes. So every font other than the 14 standard PDF fonts
is **embedded as a subset**, and the fonts are package data (``forms/fontdata/``, with their
licences and the measurements behind the choice in its README), never looked up on the machine.
Text is printed with:

1. Helvetica (a standard PDF font, which every viewer has) when every character is in
   WinAnsiEncoding;
2. otherwise DejaVu Sans, embedded, when it has every glyph and there is no CJK character (Latin
   with any accents, Vietnamese, Greek, Cyrillic, Armenian, Georgian …);
3. otherwise WenQuanYi Micro Hei, embedded, when it has every glyph (Chinese, Korean Hangul,
   Japanese kana, mixed with Latin);
4. otherwise :class:`UnsupportedText`, a clear error naming the characters: right-to-left and other
   scripts that need shaping (Arabic, Hebrew, Devanagari, Thai …) would come out as unjoined or
   reversed letters, which is garbage on a court paper.

The same rule serves the names in form fields, the attachment, the typed "/s/" signature and the
cover sheet. :func:`check_fonts` is called when the site and the ``prop64`` command start: a
missing or damaged font file stops them with a message, never a silent fallback.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

HELVETICA = "Helvetica"
HELVETICA_BOLD = "Helvetica-Bold"
DEJAVU = "DejaVuSans"
WQY = "WenQuanYiMicroHei"
FONT_DIR = Path(__file__).parent / "fontdata"
FONT_FILES = {DEJAVU: FONT_DIR / "DejaVuSans.ttf", WQY: FONT_DIR / "wqy-microhei.ttc"}
#: A few characters each font must have, checked at start-up (Vietnamese ệ, Cyrillic Ж; Chinese
#: 陳, Korean 김, kana あ).
PROBES = {DEJAVU: "ệЖé", WQY: "陳김あ"}


class UnsupportedText(ValueError):
    """Text that no shipped font can print correctly."""


class FontsMissing(RuntimeError):
    """A font file of the installed project is missing or unreadable."""


def is_cjk(ch: str) -> bool:
    o = ord(ch)
    return (
        0xAC00 <= o <= 0xD7AF  # Hangul syllables
        or 0x1100 <= o <= 0x11FF  # Hangul jamo
        or 0x3130 <= o <= 0x318F  # Hangul compatibility jamo
        or 0x3040 <= o <= 0x30FF  # kana
        or 0x31F0 <= o <= 0x31FF
        or 0x3400 <= o <= 0x4DBF  # CJK Extension A
        or 0x4E00 <= o <= 0x9FFF  # CJK Unified Ideographs
        or 0xF900 <= o <= 0xFAFF  # compatibility ideographs
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
    )


@cache
def _font(name: str) -> TTFont:
    path = FONT_FILES[name]
    try:
        font = TTFont(name, str(path), subfontIndex=0)
    except Exception as e:  # reportlab raises several kinds for a missing or damaged file
        raise FontsMissing(
            f"The font file {path} of the installed project cannot be read ({e}); reinstall the "
            "project (the fonts are package data, see forms/fontdata/README.md)."
        ) from None
    pdfmetrics.registerFont(font)
    return font


def check_fonts() -> None:
    """Load every shipped font and check it has its probe characters; :class:`FontsMissing`
    otherwise. Called at start-up so a broken install is refused, not discovered in a packet."""
    for name, probe in PROBES.items():
        font = _font(name)
        lacking = [ch for ch in probe if ord(ch) not in font.face.charToGlyph]
        if lacking:
            raise FontsMissing(
                f"The font file {FONT_FILES[name]} lacks {''.join(lacking)!r}: it is not the font "
                "the project ships (see forms/fontdata/README.md); reinstall the project."
            )


def has_glyphs(font: str, text: str) -> bool:
    cmap = _font(font).face.charToGlyph
    return all(ord(ch) in cmap or ch.isspace() for ch in text)


def is_winansi(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def font_for(text: str) -> str:
    """The reportlab font name that prints ``text`` (give it NFC-normalised), or
    :class:`UnsupportedText`."""
    if text.isascii():  # (ASCII is in Windows-1252)
        return HELVETICA
    return _font_for(text)


# Bounded: the texts are people's names and addresses, and a server or a county batch prints
# hundreds of thousands of them.
@lru_cache(maxsize=1024)
def _font_for(text: str) -> str:
    if is_winansi(text):
        return HELVETICA
    bad = sorted({ch for ch in text if unicodedata.bidirectional(ch) in ("R", "AL", "AN")})
    if bad:
        raise UnsupportedText(
            f"Right-to-left text ({''.join(bad)!r}) cannot be printed on the court forms yet; "
            "please type the name or address in Latin letters."
        )
    if [ch for ch in text if unicodedata.category(ch) == "Mc"]:
        names = ", ".join(sorted({ch for ch in text if unicodedata.category(ch) == "Mc"}))
        raise UnsupportedText(
            f"These characters need a script shaper the court forms do not have: {names}. "
            "Please type the name or address in Latin letters."
        )
    if not any(is_cjk(ch) for ch in text) and has_glyphs(DEJAVU, text):
        return DEJAVU
    if has_glyphs(WQY, text):
        return WQY
    missing = sorted(
        {ch for ch in text if not ch.isspace() and ord(ch) not in _font(WQY).face.charToGlyph}
        - {ch for ch in text if is_winansi(ch)}
    )
    names = ", ".join(f"{ch!r} ({unicodedata.name(ch, 'unknown')})" for ch in missing[:5])
    raise UnsupportedText(
        f"No font the forms use can print these characters: {names}. "
        "Please type the name or address in Latin letters."
    )


def bold(font: str) -> str:
    """The bold face of ``font`` where there is one (only Helvetica has one here)."""
    return HELVETICA_BOLD if font == HELVETICA else font


def width(text: str, font: str, size: float) -> float:
    if font in FONT_FILES:
        _font(font)  # registered with reportlab on first use
    return float(pdfmetrics.stringWidth(text, font, size))


NO_LINE_START = "，。、：；！？）」』】〉》,.:;!?)"


def wrap(text: str, font: str, size: float, avail: float) -> list[str]:
    """``text`` broken into lines no wider than ``avail``: at spaces, and between any two CJK
    characters (Chinese and Japanese have no spaces; a Korean word longer than the line is broken
    too); a word wider than the line is broken between characters, never cut."""
    whole = text.rstrip()
    if width(whole, font, size) <= avail:
        # It fits: the breaking below would keep it on one line (widths only add up).
        return [whole]
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " ":
            if word:
                tokens.append(word)
            tokens.append(" ")
            word = ""
        elif ch in NO_LINE_START and (word or tokens):
            # closing punctuation stays with what it closes (never starts a line)
            if word:
                word += ch
            else:
                tokens[-1] += ch
        elif is_cjk(ch):
            if word:
                tokens.append(word)
            tokens.append(ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        trial = line + tok
        if width(trial.rstrip(), font, size) <= avail or not line.strip():
            if width(tok, font, size) > avail and tok != " ":
                for ch in tok:  # a word longer than the line: break it between characters
                    if width(line + ch, font, size) > avail and line.strip():
                        lines.append(line.rstrip())
                        line = ""
                    line += ch
            else:
                line = trial
        else:
            lines.append(line.rstrip())
            line = "" if tok == " " else tok
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines
