"""Fonts that travel (issue 8): every non-standard font embedded, every name drawn by both
renderers on a machine without CJK system fonts, and the typed signature printed by the same rule.

The renders run without system fonts: poppler with an empty fontconfig of its own
(``FONTCONFIG_FILE`` naming a configuration with no font folder), pdfium through
``tests/forms/nofonts_render.py``, a system-font interface that finds nothing (pdfium's built-ins
still serve the 14 standard fonts). A font that is not embedded then draws no ink, as
``test_the_harness_sees_a_font_that_is_not_embedded`` shows, so the CJK fonts CI installs for
other tests cannot hide a missing embed. Poppler has no built-in fonts at all, so a name printed
in a standard font (Helvetica: Latin names in WinAnsi, which the issue lets stay unembedded) is
rendered with a fontconfig that holds DejaVu's Latin folder only, as on a machine with Latin
fonts and no CJK font.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from forms import fonts
from forms.packet import CaseConvictions, Filer, blank_base, build_packet

from .conftest import SCALE, conviction, ink, result

ROOT = Path(__file__).resolve().parents[2]
STANDARD_14 = {
    "Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
}  # fmt: skip
NAMES = {
    "latin": "María José Núñez-Ortiz",
    "latin-extended": "Łukasz Żółć",
    "vietnamese": "Nguyễn Thị Hoa",
    "chinese": "陳大文",
    "korean": "김민준",
    "japanese": "山田たろう",
    "cyrillic": "Иван Петров",
}


def pdffonts(pdf: bytes) -> list[tuple[str, bool]]:
    """(font name without its subset tag, embedded?) for every font pdffonts lists."""
    out = subprocess.run(
        ["pdffonts", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    rows = []
    for line in out.splitlines()[2:]:
        m = re.match(r"(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert m, line
        rows.append((re.sub(r"^[A-Z]{6}\+", "", m.group(1)), m.group(2) == "yes"))
    return rows


LATIN_ONLY = "/usr/share/fonts/truetype/dejavu"  # fonts-dejavu-core, installed by .ci/run


def _empty_fontconfig(d: Path, latin: bool = False) -> dict[str, str]:
    """A fontconfig that sees no system font (``latin``: DejaVu's Latin folder only)."""
    conf = d / "fonts.conf"
    folder = f"<dir>{LATIN_ONLY}</dir>" if latin else ""
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig>{folder}<cachedir>{d / 'cache'}</cachedir></fontconfig>\n"
    )
    listed = subprocess.run(
        ["fc-list"],
        env={"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        check=True,
    ).stdout.decode()
    if latin:
        assert listed.strip() and all(LATIN_ONLY in x for x in listed.splitlines()), listed
    else:
        assert not listed.strip(), listed
    return {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(d)}


def poppler_without_fonts(pdf: bytes, latin: bool = False) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as t:
        d = Path(t)
        (d / "in.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(72 * SCALE), "-png", str(d / "in.pdf"), str(d / "p")],
            check=True,
            env=_empty_fontconfig(d, latin),
            capture_output=True,
        )
        return [Image.open(p).convert("L").copy() for p in sorted(d.glob("p-*.png"))]


def pdfium_without_fonts(pdf: bytes, latin: bool = False) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as t:
        d = Path(t)
        (d / "in.pdf").write_bytes(pdf)
        subprocess.run(
            [sys.executable, "-m", "tests.forms.nofonts_render", str(d / "in.pdf"), str(d / "p")],
            check=True,
            cwd=ROOT,
            env={**_empty_fontconfig(d), "PYTHONPATH": str(ROOT)},
            capture_output=True,
            timeout=120,
        )
        pages = sorted(d.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        return [Image.open(p).convert("L").copy() for p in pages]


def test_the_harness_sees_a_font_that_is_not_embedded() -> None:
    """This test ensures that the two font-less renderers draw nothing for a Chinese name set in a
    CID font that is not embedded (what the packet did before issue 8), so the tests below would
    fail if a name's font were not embedded."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    with tempfile.TemporaryDirectory() as t:
        path = Path(t) / "cid.pdf"
        c = Canvas(str(path))
        c.setFont("STSong-Light", 40)
        c.drawString(100, 700, "王小明")
        c.save()
        pdf = path.read_bytes()
    assert ("STSong-Light", False) in pdffonts(pdf)
    rect = (90.0, 690.0, 260.0, 750.0)
    assert ink(poppler_without_fonts(pdf)[0], rect) == 0
    assert ink(pdfium_without_fonts(pdf)[0], rect) == 0


def _packet(name: str) -> bytes:
    case = CaseConvictions("Alameda", "CR-12345", name, [(conviction(), result())])
    filer = Filer(
        name, street="1 Main St", city="Oakland", state="CA", zip="94612", signature=f"/s/ {name}"
    )
    return build_packet(case, filer)


@pytest.mark.parametrize("script", list(NAMES))
def test_every_non_standard_font_is_embedded(script: str) -> None:
    """This test ensures that pdffonts shows ``emb yes`` for every font of a packet other than
    the 14 standard PDF fonts, whatever the script of the name."""
    listed = pdffonts(_packet(NAMES[script]))
    assert listed
    assert [f for f, emb in listed if not emb and f not in STANDARD_14] == []


@pytest.mark.parametrize("script", ["latin", "vietnamese", "chinese", "korean", "japanese"])
def test_name_and_typed_signature_show_in_both_renderers_without_system_fonts(
    script: str,
) -> None:
    """This test ensures that with no system font available, poppler and pdfium both draw ink in
    CR-400's name and defendant fields and on the signature line ("/s/ name", the same font rule
    as the name)."""
    name = NAMES[script]
    pdf = _packet(name)
    latin = fonts.font_for(name) == fonts.HELVETICA  # a standard font: poppler needs a Latin one
    base = blank_base()
    m = base.maps["CR-400"]
    rects = {
        "filer_name": base.fields[m.text["filer_name"]].rect,
        "defendant": base.fields[m.text["defendant"]].rect,
        "signature": m.signature[1] if m.signature else (0.0, 0.0, 0.0, 0.0),
    }
    for render in (poppler_without_fonts, pdfium_without_fonts):
        page = render(pdf, latin)[0]
        for what, rect in rects.items():
            assert ink(page, rect, 1.0) > 20, (render.__name__, what)


def test_fonts_ship_with_the_project_with_their_licences() -> None:
    """This test ensures that the fonts are package data beside their licence files and pass the
    start-up check."""
    fonts.check_fonts()
    folder = fonts.FONT_DIR
    for path in fonts.FONT_FILES.values():
        assert path.parent == folder and path.stat().st_size > 100_000
    assert (folder / "LICENSE-DejaVu.txt").is_file()
    assert (folder / "LICENSE-WenQuanYi.txt").is_file()
    assert (folder / "LICENSE-Apache-2.0.txt").is_file()
    assert "fontdata/*" in (ROOT / "pyproject.toml").read_text()


def test_a_missing_font_file_is_refused_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """This test ensures that a damaged install (a font file missing) stops the start-up check
    with a message naming the file, instead of falling back silently."""
    monkeypatch.setitem(fonts.FONT_FILES, fonts.WQY, tmp_path / "gone.ttc")
    fonts._font.cache_clear()
    try:
        with pytest.raises(fonts.FontsMissing, match=r"gone\.ttc"):
            fonts.check_fonts()
    finally:
        monkeypatch.undo()
        fonts._font.cache_clear()
        fonts.check_fonts()


def test_a_long_cjk_text_wraps_between_characters() -> None:
    """This test ensures that text without spaces (Chinese) wraps within the width and loses no
    character, and that closing punctuation never starts a line."""
    text = "請在提交前選擇申請或請願，並在第2項打勾。" * 3
    lines = fonts.wrap(text, fonts.WQY, 9, 60)
    assert "".join(lines) == text
    assert all(fonts.width(x, fonts.WQY, 9) <= 60 for x in lines)
    assert not any(x[0] in fonts.NO_LINE_START for x in lines)
