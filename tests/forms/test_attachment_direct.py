"""The attachment pages written as PDF content directly look exactly like reportlab's drawing.

When every text on the attachment prints in Helvetica (a standard PDF font, not embedded), the
packet writes its pages as PDF operators itself instead of drawing them with reportlab and
reading reportlab's PDF back (most of a packet's time). The two backends share one layout
(:func:`forms.attachment.pages`); these tests render both with poppler and pdfium and compare
them pixel for pixel, for the contents a clerk sees: several rows, a count column, wrapping
sections and reasons, text continued from the forms with WinAnsi characters (§ — é) and PDF
delimiters, and a table long enough to flow onto more pages.
"""

from __future__ import annotations

import io

import pytest
from PIL import ImageChops
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

from forms import attachment
from forms.attachment import AttachmentContent, Row
from forms.packet import CaseConvictions, Filer, attachment_rows, build_packet, plan_case

from .conftest import conviction, pdfium_pages, pdftotext, poppler_pages, result

ROW = Row("", "HS 11357(b)", "06/28/2012", "02/02/2013", "Misdemeanor", "Dismiss and seal",
          "HSC § 11361.8(e), (f)")  # fmt: skip
LONG = Row(
    "3",
    "HS 11360(a) (transport for sale, as recorded in the docket (sic))",
    "2012",
    "06/2013",
    "Felony",
    "Redesignate as a misdemeanor, then dismiss and seal",
    "HSC § 11361.8(e), (f); § 11360(a)(2) as amended",
)
CONTENTS = {
    "three rows": AttachmentContent("Alameda", "CR-12345", "Maria Lopez", (ROW,) * 3, ()),
    "count column, wrapping cells": AttachmentContent(
        "San Luis Obispo", "F-2002-0001", "Jean-Luc O'Brien", (LONG, ROW), (), counts=True
    ),
    "continued text": AttachmentContent(
        "Fresno",
        "F (2002) \\ 17",
        "Renée Dupont",
        (ROW,),
        (
            ("CR-400, Name", 'José María ("Pepe") Fernández-O\'Connor ' * 6),
            ("CR-400, Street address", "1234 Avenue of the Californias — Apt. §7, Suite 100"),
        ),
    ),
    "eighty rows over several pages": AttachmentContent(
        "Los Angeles", "BA-1", "A B", (LONG, ROW) * 40, (("CR-400, City", "x" * 300),), True
    ),
}


def _direct_pdf(content: AttachmentContent) -> bytes:
    """The direct backend's pages in a PDF of their own (the packet puts them among the forms)."""
    writer = PdfWriter()
    fonts = DictionaryObject()
    for res, base in (("/F1", "/Helvetica"), ("/F2", "/Helvetica-Bold")):
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject(base),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
        fonts[NameObject(res)] = writer._add_object(font)
    laid = attachment.pages(content)
    assert attachment.standard_fonts_only(laid)
    for ops in laid:
        page = writer.add_blank_page(612, 792)
        stream = StreamObject()
        stream.set_data(attachment.content_stream(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {
                NameObject("/Font"): fonts,
                NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text")]),
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _same_pixels(a: bytes, b: bytes) -> None:
    for render in (poppler_pages, pdfium_pages):
        pages_a, pages_b = render(a), render(b)
        assert len(pages_a) == len(pages_b)
        for n, (x, y) in enumerate(zip(pages_a, pages_b, strict=True), start=1):
            assert x.size == y.size
            assert ImageChops.difference(x, y).getbbox() is None, f"{render.__name__} page {n}"


@pytest.mark.parametrize("name", list(CONTENTS))
def test_direct_pages_render_exactly_like_reportlab(name: str) -> None:
    content = CONTENTS[name]
    drawn = attachment.render(content, [])
    direct = _direct_pdf(content)
    _same_pixels(drawn, direct)
    assert pdftotext(direct) == pdftotext(drawn)
    if name == "continued text":
        text = pdftotext(direct)
        assert '("Pepe")' in text and "— Apt. §7" in text and "F (2002) \\ 17" in text


def test_packet_attachment_is_written_directly_and_matches_reportlab() -> None:
    convs = [conviction(case_number="CR-9"), conviction("HS 11359", case_number="CR-9")]
    case = CaseConvictions("Alameda", "CR-9", "Maria Lopez", [(c, result()) for c in convs])
    filer = Filer("Maria Lopez", street="1 Main St", city="Oakland", zip="94612")
    att = _attachment_page(build_packet(case, filer))
    # The attachment follows CR-400's pages; nothing on it came from reportlab.
    assert _fonts(att) == {"/Helvetica", "/Helvetica-Bold"}
    plan = plan_case(case)
    content = AttachmentContent(
        "Alameda", "CR-9", "Maria Lopez", attachment_rows(plan), (), plan.has_counts
    )
    only = PdfWriter()
    only.add_page(att)
    out = io.BytesIO()
    only.write(out)
    _same_pixels(attachment.render(content, []), out.getvalue())


def test_a_name_needing_an_embedded_font_still_goes_through_reportlab() -> None:
    convs = [conviction(case_number="CR-9")]
    case = CaseConvictions("Alameda", "CR-9", "Nguyễn Văn An", [(c, result()) for c in convs])
    filer = Filer("Nguyễn Văn An", street="1 Main St", city="Oakland", zip="94612")
    packet = build_packet(case, filer)
    att = _attachment_page(packet)
    assert any("DejaVuSans" in name for name in _fonts(att))  # embedded by reportlab
    assert "Nguyễn Văn An" in pdftotext(packet)


def _attachment_page(packet: bytes) -> PageObject:
    """The packet's one attachment page."""
    reader = PdfReader(io.BytesIO(packet))
    att = [p for p in reader.pages if "ATTACHMENT TO PETITION" in p.extract_text()]
    assert len(att) == 1
    return att[0]


def _fonts(page: PageObject) -> set[str]:
    fonts = page["/Resources"].get_object()["/Font"].get_object()
    return {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
