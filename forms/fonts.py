"""Which font prints a piece of text, and how wide it is.

Court forms are filed in English, but names and addresses come in every script. Text is printed
with:

1. Helvetica (a standard PDF font, not embedded) when every character is in WinAnsiEncoding;
2. otherwise DejaVu Sans, embedded as a subset, when it has every glyph (Latin with any accents,
   Greek, Cyrillic, Armenian, Georgian, Vietnamese …) — needs ``fonts-dejavu-core``;
3. otherwise, for Chinese, Japanese and Korean, one of the Adobe CJK CID fonts (not embedded;
   viewers substitute an installed CJK font such as Noto Sans CJK from ``fonts-noto-cjk``, and
   poppler needs the CMaps of ``poppler-data``);
4. otherwise :class:`UnsupportedText`, a clear error naming the characters: right-to-left and other
   scripts that need shaping (Arabic, Hebrew, Devanagari, Thai …) would come out as unjoined or
   reversed letters, which is garbage on a court paper.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

HELVETICA = "Helvetica"
DEJAVU = "DejaVuSans"
DEJAVU_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/local/share/fonts/DejaVuSans.ttf",
)
CJK_FONTS = {"zh": "STSong-Light", "ja": "HeiseiKakuGo-W5", "ko": "HYGothic-Medium"}


class UnsupportedText(ValueError):
    """Text that no available font can print correctly."""


def _is_cjk(ch: str) -> str | None:
    o = ord(ch)
    if 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F:
        return "ko"
    if 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F:
        return "ja"
    if (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFF65
    ):
        return "zh"
    return None


@cache
def _dejavu() -> TTFont | None:
    for path in DEJAVU_PATHS:
        if Path(path).exists():
            font = TTFont(DEJAVU, path)
            pdfmetrics.registerFont(font)
            return font
    return None


@cache
def _cid(name: str) -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def is_winansi(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@cache
def font_for(text: str) -> str:
    """The reportlab font name that prints ``text`` (NFC-normalised), or
    :class:`UnsupportedText`."""
    if is_winansi(text):
        return HELVETICA
    bad = sorted({ch for ch in text if unicodedata.bidirectional(ch) in ("R", "AL", "AN")})
    if bad:
        raise UnsupportedText(
            f"Right-to-left text ({''.join(bad)!r}) cannot be printed on the court forms yet; "
            "please type the name or address in Latin letters."
        )
    dejavu = _dejavu()
    if (
        dejavu is not None
        and all(ord(ch) in dejavu.face.charToGlyph or ch.isspace() for ch in text)
        and not any(_is_cjk(ch) for ch in text)
    ):
        complex_marks = [ch for ch in text if unicodedata.category(ch) in ("Mc",)]
        if not complex_marks:
            return DEJAVU
    langs = {lang for ch in text if (lang := _is_cjk(ch))}
    others = [ch for ch in text if not _is_cjk(ch) and not is_winansi(ch)]
    if langs and not others:
        lang = "ko" if "ko" in langs else "ja" if "ja" in langs else "zh"
        return _cid(CJK_FONTS[lang])
    missing = sorted({ch for ch in text if not is_winansi(ch)})
    names = ", ".join(f"{ch!r} ({unicodedata.name(ch, 'unknown')})" for ch in missing[:5])
    raise UnsupportedText(
        f"No font available here can print these characters correctly: {names}. "
        "Please type the name or address in Latin letters."
    )


def width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))
