"""Render a PDF with pdfium while pdfium can see no system font at all (run as a subprocess).

``python -m tests.forms.nofonts_render IN.pdf OUT_PREFIX`` writes OUT_PREFIX-<page>.png (grey,
2 px per point). pdfium looks system fonts up through an ``FPDF_SYSFONTINFO``; here every call
answers "no font", so a glyph shows only when its font is embedded in the PDF (pdfium's built-in
standard-14 fonts still serve Helvetica, as in every viewer). This is the pdfium side of the issue-8
check "both renderers draw the name on a machine without CJK system fonts".
"""

from __future__ import annotations

import ctypes
import os
import sys

import pypdfium2 as pdfium
import pypdfium2.raw as raw

SCALE = 2.0


def _no_system_fonts() -> raw.FPDF_SYSFONTINFO:
    info = raw.FPDF_SYSFONTINFO()
    info.version = 1
    types = dict(raw.FPDF_SYSFONTINFO._fields_)
    callbacks = {
        "Release": lambda this: None,
        "EnumFonts": lambda this, mapper: None,
        "MapFont": lambda this, weight, italic, charset, pitch, face, exact: None,
        "GetFont": lambda this, face: None,
        "GetFontData": lambda this, font, table, buf, size: 0,
        "GetFaceName": lambda this, font, buf, size: 0,
        "GetFontCharset": lambda this, font: 0,
        "DeleteFont": lambda this, font: None,
    }
    for name, fn in callbacks.items():
        setattr(info, name, types[name](fn))
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
    return info  # keep the callbacks alive


def main(src: str, prefix: str) -> None:
    keep = _no_system_fonts()
    doc = pdfium.PdfDocument(src)
    doc.init_forms()
    for i in range(len(doc)):
        doc[i].render(scale=SCALE, may_draw_forms=True).to_pil().convert("L").save(
            f"{prefix}-{i + 1}.png"
        )
    doc.close()
    sys.stdout.flush()
    # pdfium calls Release on the font info while the library is torn down at exit, after
    # Python has freed the callbacks: leave at once instead.
    os._exit(0 if keep else 1)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
