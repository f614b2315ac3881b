"""Sheets for the person, never filed: the "Before you file" cover sheet and the next-steps sheet.

They are written in the person's language by the caller (the site translates them) and drawn here
as plain pages: every page carries a black band saying, in English and in the person's language,
that it must not be filed, so a clerk who sees one knows at once it is not part of the petition.
Nothing addressed to the person is ever printed on a court page (CR-400, its attachment, CR-401,
CR-403); it all goes here. Fonts follow :mod:`forms.fonts` (embedded subsets for any script).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from forms.fonts import bold, font_for, wrap

DO_NOT_FILE = "DO NOT FILE THIS PAGE"
LEFT, RIGHT, TOP, BOTTOM = 54.0, 558.0, 700.0, 60.0
SIZES = {"h1": 16.0, "h2": 12.0, "p": 9.5, "li": 9.5, "box": 9.0, "small": 8.0}


@dataclass(frozen=True)
class Block:
    """``kind``: ``h1``, ``h2``, ``p``, ``li`` (a bullet), ``box`` (a picture of an empty checkbox
    with the form's own words beside it, as on the form), or ``small``."""

    kind: str
    text: str


@dataclass(frozen=True)
class Sheet:
    banner: str  # "do not file this page" in the person's language
    blocks: Sequence[Block]
    footer: str = ""


def _font(text: str, heading: bool) -> str:
    font = font_for(text) if text else "Helvetica"
    return bold(font) if heading else font


def render(sheets: Sequence[Sheet]) -> bytes:
    """One PDF holding every sheet, each starting on a new page."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1, pageCompression=1)
    c.setTitle("Before you file (not to be filed)")
    for sheet in sheets:
        _sheet(c, sheet)
    c.save()
    return buf.getvalue()


def _band(c: Canvas, sheet: Sheet) -> None:
    c.setFillGray(0.0)
    c.rect(36, 726, 540, 40, stroke=0, fill=1)
    c.setFillGray(1.0)
    c.setFont("Helvetica-Bold", 14)
    c.drawCentredString(306, 750, DO_NOT_FILE)
    if sheet.banner and sheet.banner.upper() != DO_NOT_FILE:
        c.setFont(_font(sheet.banner, True), 11)
        c.drawCentredString(306, 733, sheet.banner)
    c.setFillGray(0.0)
    if sheet.footer:
        c.setFont(_font(sheet.footer, False), 7)
        c.drawString(LEFT, 36, sheet.footer)


def _sheet(c: Canvas, sheet: Sheet) -> None:
    _band(c, sheet)
    y = TOP
    for block in sheet.blocks:
        size = SIZES[block.kind]
        heading = block.kind in ("h1", "h2")
        font = _font(block.text, heading)
        indent = 14.0 if block.kind in ("li", "box") else 0.0
        lines = wrap(
            block.text, font, size, RIGHT - LEFT - indent - (12 if block.kind == "box" else 0)
        )
        lead = size * 1.3
        need = len(lines) * lead + (8 if heading else 5)
        if y - need < BOTTOM:
            c.showPage()
            _band(c, sheet)
            y = TOP
        if block.kind == "h2":
            y -= 6
        for i, line in enumerate(lines):
            y -= lead
            x = LEFT + indent
            if i == 0 and block.kind == "li":
                c.setFont("Helvetica", size)
                c.drawString(LEFT + 3, y, "\u2022")
            if i == 0 and block.kind == "box":
                c.setLineWidth(0.8)
                c.rect(x, y - 1, 9, 9)
            c.setFont(font, size)
            c.drawString(x + (14 if block.kind == "box" else 0), y, line)
        y -= 8 if heading else 5
    c.showPage()
