"""Build the project's own fillable templates for CR-400, CR-401 and CR-403.

``python -m forms.build_templates`` writes ``forms/templates/cr400.pdf``, ``cr401.pdf`` and
``cr403.pdf``; ``python -m forms.build_templates --check`` exits 1 when a committed template differs
from what this module builds (``tests/forms/test_templates.py`` runs the same check).

The page art is drawn with reportlab (``invariant=1``, so the bytes do not depend on the clock),
laid out like the Judicial Council forms (Letter size; the same caption blocks, numbered items and
boxes) but worded in the project's own words. The widgets are added with pypdf from
:mod:`forms.widgets_2024`: the fully qualified names, rectangles and checkbox on-states of the
official Rev. January 1, 2024 forms, so that one field map (``forms/maps/*_2024.toml``) fills both.
Each widget carries its own appearance streams (a drawn check mark, no font) so that checked boxes
show in every viewer without ``NeedAppearances``.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms import pdf_private, registry
from forms.fieldmap import builtin_map
from forms.widgets_2024 import FORMS_2024, Widget

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_FILES = {f.code: f.template_file for f in registry.FORMS}
PAGES = {f.code: f.pages for f in registry.FORMS}
TITLES = {f.code: f.title for f in registry.FORMS}
REVISION = registry.CURRENT
GENERATOR = "Prop 64 Petition Assistant"

# --- Labels, in the project's own words, keyed by the field name without its root. -------------
# Text fields: the label is printed just left of the field. Checkboxes: just right of the box,
# wrapped to the width given.
CAPTION_LABELS = {
    "AttyBarNo[0]": "STATE BAR NO.:",
    "Name[0]": "NAME:",
    "AttyFirm[0]": "FIRM:",
    "Street[0]": "STREET ADDRESS:",
    "City[0]": "CITY:",
    "State[0]": "STATE:",
    "Zip[0]": "ZIP:",
    "Phone[0]": "PHONE:",
    "Fax[0]": "FAX:",
    "Email[0]": "EMAIL:",
    "AttyFor[0]": "ATTORNEY FOR (name):",
    "CrtCounty[0]": "SUPERIOR COURT OF CALIFORNIA, COUNTY OF",
    "CrtStreet[0]": "STREET ADDRESS:",
    "CrtMailingAdd[0]": "MAILING ADDRESS:",
    "CrtCityZip[0]": "CITY AND ZIP:",
    "Party2[0]": "DEFENDANT:",
    "Defendant[0]": "DEFENDANT:",
}
COURT_USE_LABELS = ("DATE:", "TIME:", "DEPT.:")

TITLE_BOX_LABELS = (
    "RESENTENCING OR DISMISSAL (Health & Saf. Code, § 11361.8(b))",
    "REDESIGNATION OR DISMISSAL/SEALING (Health & Saf. Code, § 11361.8(f))",
)

CHECK_LABELS: dict[str, dict[str, tuple[str, float]]] = {
    "CR-400": {
        "LI1[0].li1a[0].Checkbox[0]": ("a. § 11357 — possession of marijuana", 300),
        "LI1[0].li1b[0].Checkbox[0]": ("b. § 11358 — cultivation of marijuana", 300),
        "LI1[0].li1c[0].Checkbox[0]": ("c. § 11359 — possession of marijuana for sale", 300),
        "LI1[0].li1d[0].Checkbox[0]": (
            "d. § 11360 — transporting, distributing or importing marijuana",
            400,
        ),
        "LI1[0].li1e[0].Checkbox[0]": ("e. § 11362.1 — personal use of marijuana", 300),
        "LI2[0].li2a[0].Checkbox[0]": (
            "a. PETITION. I am still serving the sentence in the case above and ask the court to "
            "recall the sentence and resentence me, or to dismiss the conviction.",
            480,
        ),
        "LI2[0].li2b[0].Checkbox[0]": (
            "b. APPLICATION. I have finished the sentence in the case above and ask the court to "
            "redesignate the conviction, or to dismiss and seal it.",
            480,
        ),
        "LI3[0].li3[0].Checkbox[0]": (
            "I give up the right to have this request decided by the judge who sentenced me; the "
            "presiding judge may assign any judge to decide it.",
            490,
        ),
        "LI4[0].li4[0].Checkbox[0]": (
            "I know I have the right to be present at any hearing on this request. I give up that "
            "right; the court may hold the hearing without me.",
            490,
        ),
    },
    "CR-401": {
        "LI2[0].li2d[0].Checkbox[0]": ("a.m.", 40),
        "LI2[0].li2d[0].Checkbox[1]": ("p.m.", 40),
        "LI3[0].li3a[0].Checkbox[0]": (
            "a. In person. I handed the papers to the person named in item 2, or left them at that "
            "person's office with the person in charge.",
            480,
        ),
        "LI3[0].li3b[0].Checkbox[0]": (
            "b. By U.S. mail. I put the papers in a sealed envelope addressed to the person and "
            "address in item 2, and:",
            480,
        ),
        "LI3[0].li3b[0].LI3b[0].li3b1[0].USMail[0]": (
            "(1) mailed it with the U.S. Postal Service, postage fully paid.",
            460,
        ),
        "LI3[0].li3b[0].LI3b[0].li3b2[0].USMail[0]": (
            "(2) left it for collection and mailing under our normal business routine, which I "
            "know; mail collected that way is deposited with the U.S. Postal Service the same day.",
            460,
        ),
    },
    "CR-403": {
        "LI1[0].li1a[0].Checkbox[0]": (
            "RESENTENCING GRANTED. The petitioner qualifies for the relief asked for and the "
            "petition is granted. The court recalls the sentence and orders:",
            480,
        ),
        "LI1[0].li1a[0].Checkbox[1]": ("a. This crime is resentenced as a", 220),
        "LI1[0].li1a[0].Checkbox[2]": ("misdemeanor", 100),
        "LI1[0].li1a[0].Checkbox[3]": ("infraction", 100),
        "LI1[0].li1b[0].Checkbox[0]": ("b. Sentence imposed for the crime:", 300),
        "LI1[0].li1c[0].Checkbox[0]": ("c. Credit for time served (days):", 260),
        "LI1[0].li1d[0].Checkbox[0]": ("d. Supervision to be completed:", 240),
        "LI1[0].li1d[0].supDuration[0]": ("months", 60),
        "LI1[0].li1d[0].supDuration[1]": ("days", 60),
        "LI1[0].li1d[0].supType[0]": ("parole", 50),
        "LI1[0].li1d[0].supType[1]": ("postrelease community supervision", 170),
        "LI1[0].li1d[0].supType[2]": ("mandatory supervision (Pen. Code, § 1170(h))", 230),
        "LI1[0].li1d[0].supType[3]": ("formal probation", 100),
        "LI1[0].li1d[0].supType[4]": ("informal probation", 100),
        "LI1[0].li1e[0].Checkbox[0]": (
            "e. The petitioner is released from all postconviction supervision.",
            480,
        ),
        "LI1[0].li1f[0].Checkbox[0]": (
            "f. This crime is DISMISSED because the conviction is legally invalid:",
            480,
        ),
        "LI1[0].li1g[0].CheckBox61[0]": ("g. Other:", 40),
        "LI2[0].Checkbox[0]": (
            "REDESIGNATION GRANTED. The applicant qualifies for the relief asked for and the "
            "application is granted. The court orders:",
            480,
        ),
        "LI2[0].li2a[0].Checkbox[0]": ("a. This crime is redesignated as a", 220),
        "LI2[0].li2a[0].redesignatedType[0]": ("misdemeanor", 100),
        "LI2[0].li2a[0].redesignatedType[1]": ("infraction", 100),
        "LI2[0].li2b[0].Checkbox[0]": (
            "b. This crime is DISMISSED because the conviction is legally invalid:",
            180,
        ),
        "LI2[0].li2c[0].CheckBox61[0]": ("c. Other:", 40),
        "LI3[0].Checkbox[0]": (
            "RESENTENCING/REDESIGNATION DENIED. The request is denied as to the crime named below, "
            "because:",
            480,
        ),
        "LI3[0].li3a[0].Checkbox[0]": (
            "a. the offense does not qualify for the relief asked for.",
            470,
        ),
        "LI3[0].li3b[0].Checkbox[0]": (
            "b. the person's age when the crime was committed makes the person ineligible.",
            470,
        ),
        "LI3[0].li3c[0].Checkbox[0]": (
            "c. the kind of marijuana substance involved makes the person ineligible.",
            470,
        ),
        "LI3[0].li3d[0].Checkbox[0]": (
            "d. the amount of marijuana substance involved makes the person ineligible.",
            470,
        ),
        "LI3[0].li3e[0].Checkbox[0]": (
            "e. the petitioner qualifies, but for the reasons stated on the record resentencing "
            "would pose an unreasonable risk of danger to public safety.",
            470,
        ),
        "LI3[0].li3f[0].CheckBox61[0]": ("f. Other:", 40),
        "LI5[0].li5[0].Checkbox[0]": (
            "REGISTRATION. The petitioner/applicant no longer has to register as a narcotics "
            "offender under Health and Safety Code section 11590.",
            480,
        ),
        "LI6[0].li6[0].CheckBox19[0]": (
            "SEALING. The court's record of the conviction is sealed; nobody may see it without an "
            "order of the court.",
            480,
        ),
    },
}

TEXT_LABELS: dict[str, dict[str, str]] = {
    "CR-400": {"SigBlock[0].SigDate[0]": "Date:"},
    "CR-401": {
        "LI1[0].li1a[0].ServingName[0]": "a. Name:",
        "LI1[0].li1b[0].ServingAdd[0]": "b. Home or business address:",
        "LI1[0].li1c[0].ServingTel[0]": "c. Telephone:",
        "LI2[0].li2a[0].PersonServed[0]": "a. Name of person served:",
        "LI2[0].li2b[0].AddServed[0]": "b. Address where served:",
        "LI2[0].li2c[0].DateServed[0]": "c. Date served:",
        "LI2[0].li2d[0].Timeserved[0]": "d. Time served:",
        "POPsig[0].ExecutedDate[0]": "Date:",
    },
    "CR-403": {
        "LI1[0].li1c[0].days[0]": "",
        "LI1[0].li1d[0].TextField6[0]": "for",
        "JOSig[0].ExecutedDate_dt[0]": "Date:",
    },
}

# Static text: (page, x, y, text, size, bold, wrap width or 0).
StaticText = tuple[int, float, float, str, float, bool, float]

CAPTION_STATIC: list[StaticText] = [
    (1, 40, 744, "ATTORNEY OR PARTY WITHOUT ATTORNEY", 6.5, True, 0),
    (1, 40, 588, "PEOPLE OF THE STATE OF CALIFORNIA", 8, True, 0),
    (1, 130, 576, "v.", 8, False, 0),
    (1, 402, 744, "FOR COURT USE ONLY", 6.5, True, 0),
    (1, 402, 582, "CASE NUMBER:", 6.5, True, 0),
    (1, 402, 536, "HEARING (court use only)", 6.5, True, 0),
]

STATIC: dict[str, list[StaticText]] = {
    "CR-400": [
        (1, 40, 530, "PETITION/APPLICATION (Health and Safety Code, § 11361.8)", 9, True, 0),
        (1, 40, 520, "ADULT CRIMES", 9, True, 0),
        (
            1,
            44,
            476,
            "NOTE: Your conviction may already have been dismissed or redesignated without any "
            "request from you (Health and Safety Code, § 11361.9). If so, you do not need to file "
            "this form, although filing may still help you. You may ask the California Department "
            "of Justice for a copy of your record (RAP sheet) to find out; you do not have to.",
            7,
            False,
            520,
        ),
        (
            1,
            40,
            428,
            "1. CONVICTIONS (check each Health and Safety Code section that applies):",
            8,
            True,
            0,
        ),
        (1, 40, 326, "2. REQUEST (check all that apply):", 8, True, 0),
        (1, 40, 244, "3. WAIVER OF HEARING BY THE ORIGINAL SENTENCING JUDGE", 8, True, 0),
        (1, 40, 188, "4. WAIVER OF APPEARANCE", 8, True, 0),
        (1, 40, 97, "(TYPE OR PRINT NAME)", 6.5, False, 0),
        (1, 306, 97, "(SIGNATURE OF PETITIONER/APPLICANT OR ATTORNEY)", 6.5, False, 0),
        (
            1,
            44,
            70,
            "Form CR-401 (proof of service) may be used to show that this petition/application was "
            "served on the prosecuting agency.",
            7,
            False,
            520,
        ),
    ],
    "CR-401": [
        (1, 40, 530, "PROOF OF SERVICE — PETITION/APPLICATION", 9, True, 0),
        (1, 40, 520, "(Health and Safety Code, § 11361.8) ADULT CRIMES", 9, True, 0),
        (1, 40, 507, "How served (one only):", 7, False, 0),
        (1, 90, 496, "In person", 7, False, 0),
        (1, 318, 496, "By mail", 7, False, 0),
        (
            1,
            40,
            476,
            "1. I am at least 18 years old and not a party to this case. About the person serving:",
            8,
            True,
            0,
        ),
        (
            1,
            40,
            412,
            "2. I served a copy of the Petition/Application under Health and Safety Code section "
            "11361.8 (Adult Crimes) on:",
            8,
            True,
            530,
        ),
        (1, 40, 335, "3. How I served it:", 8, True, 0),
        (
            1,
            84,
            200,
            "I live or work in the county where the papers were mailed. Place of mailing "
            "(city and state):",
            7,
            False,
            480,
        ),
        (
            1,
            40,
            135,
            "I declare under penalty of perjury under the laws of the State of California that the "
            "above is true and correct.",
            7.5,
            False,
            530,
        ),
        (1, 332, 84, "(PRINTED NAME OF PERSON SERVING)", 6.5, False, 0),
        (1, 332, 130, "_______________________________________________", 8, False, 0),
        (1, 332, 120, "(SIGNATURE OF PERSON SERVING)", 6.5, False, 0),
    ],
    "CR-403": [
        (1, 40, 530, "ORDER AFTER PETITION/APPLICATION", 9, True, 0),
        (1, 40, 520, "(Health and Safety Code, § 11361.8) ADULT CRIMES", 9, True, 0),
        (
            1,
            40,
            470,
            "Having read the petition/application and the court's records, and having heard any "
            "evidence offered, the court orders:",
            7.5,
            False,
            530,
        ),
        (1, 44, 444, "1.", 8, True, 0),
        (1, 44, 195, "2.", 8, True, 0),
        (2, 40, 738, "PEOPLE OF THE STATE OF CALIFORNIA v. DEFENDANT:", 6.5, True, 0),
        (2, 402, 738, "CASE NUMBER:", 6.5, True, 0),
        (2, 44, 698, "3.", 8, True, 0),
        (2, 80, 677, "Crime denied:", 7.5, False, 0),
        (
            2,
            44,
            500,
            "4. A felony resentenced under subdivision (b) or redesignated under subdivision (f) "
            "of Health and Safety Code section 11361.8 is a misdemeanor or infraction for all "
            "purposes; a misdemeanor so resentenced or redesignated is an infraction for all "
            "purposes.",
            7.5,
            False,
            520,
        ),
        (2, 44, 456, "5.", 8, True, 0),
        (2, 44, 402, "6.", 8, True, 0),
        (2, 40, 320, "IT IS SO ORDERED.", 8, True, 0),
        (2, 332, 270, "(JUDICIAL OFFICER)", 6.5, False, 0),
        (2, 332, 282, "_______________________________________________", 8, False, 0),
    ],
}

LINES: dict[str, list[tuple[int, float, float, float, float]]] = {
    # (page, x0, y0, x1, y1) rectangles drawn as boxes
    "caption": [
        (1, 36, 650, 396, 750),  # party box
        (1, 36, 601, 396, 650),  # court box
        (1, 36, 545, 396, 601),  # people v. defendant
        (1, 36, 490, 396, 545),  # title box
        (1, 396, 590, 576, 750),  # stamp
        (1, 396, 545, 576, 590),  # case number
        (1, 396, 490, 576, 545),  # hearing
    ],
    "CR-400": [(1, 36, 440, 576, 486), (1, 36, 60, 576, 82)],
    "CR-401": [],
    "CR-403": [(2, 36, 715, 396, 750), (2, 396, 715, 576, 750)],
}


def _signature_lines() -> dict[str, tuple[float, float, float]]:
    """Where each template draws its signature line: the bottom edge of the map's ``[signature]``
    rectangle (the TOML maps are the only source of positions)."""
    out = {}
    for f in registry.FORMS:
        sig = builtin_map(f.current.map_name).signature
        if sig:
            x0, y0, x1, _y1 = sig[1]
            out[f.code] = (x0, y0, x1)
    return out


SIGNATURE_LINE = _signature_lines()


def _short(widget: Widget) -> str:
    return widget.name.split(".", 2)[2]


def _draw_wrapped(
    c: Canvas, x: float, y: float, text: str, size: float, bold: bool, width: float
) -> None:
    font = "Helvetica-Bold" if bold else "Helvetica"
    c.setFont(font, size)
    lines = simpleSplit(text, font, size, width) if width else [text]
    for i, line in enumerate(lines):
        c.drawString(x, y - i * size * 1.2, line)


def _draw_page_art(form: str, widgets: Iterable[Widget]) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1, pageCompression=1)
    c.setTitle(f"{form} ({REVISION}) — {GENERATOR} template")
    c.setAuthor(GENERATOR)
    c.setCreator(GENERATOR)
    widgets = list(widgets)
    for page in range(1, PAGES[form] + 1):
        c.setLineWidth(0.6)
        boxes = LINES[form] + (LINES["caption"] if page == 1 else [])
        for p, x0, y0, x1, y1 in boxes:
            if p == page:
                c.rect(x0, y0, x1 - x0, y1 - y0)
        c.setFont("Helvetica-Bold", 11)
        c.drawRightString(576, 756, form)
        statics = STATIC[form] + (CAPTION_STATIC if page == 1 else [])
        for p, x, y, text, size, bold, width in statics:
            if p == page:
                _draw_wrapped(c, x, y, text, size, bold, width)
        court_use = 0
        for w in widgets:
            if w.page != page:
                continue
            x0, y0, x1, y1 = w.rect
            short = _short(w)
            leaf = short.rsplit(".", 1)[-1]
            if w.kind == "checkbox":
                c.rect(x0, y0, x1 - x0, y1 - y0)  # the box itself; the check is the widget's
                label: tuple[str, float] | None = CHECK_LABELS.get(form, {}).get(short)
                if "FormTitle" in short:
                    if form == "CR-401":
                        continue  # labelled by the static text
                    idx = 0 if x0 < 100 else 1
                    label = (TITLE_BOX_LABELS[idx], 150)
                if label:
                    _draw_wrapped(c, x1 + 4, y0 + 1.5, label[0], 7, False, label[1])
                continue
            # text field: underline and label
            c.setLineWidth(0.3)
            c.line(x0, y0, x1, y0)
            c.setLineWidth(0.6)
            text_label = TEXT_LABELS.get(form, {}).get(short)
            if text_label is None and "CrtUse" in short:
                text_label = COURT_USE_LABELS[min(court_use, 2)]
                court_use += 1
            if text_label is None and "P2Header" not in short and "CaseNumber" not in short:
                text_label = CAPTION_LABELS.get(leaf, "")
            if text_label:
                # as large as fits between the box edge (or the previous field) and this field
                room = x0 - 2 - (38.5 if x0 < 396 else 398.5)
                size = min(6.5, room / stringWidth(text_label, "Helvetica", 1)) if room > 0 else 6.5
                c.setFont("Helvetica", max(size, 4.0))
                c.drawRightString(x0 - 2, y0 + 2, text_label)
        if form in SIGNATURE_LINE and page == 1:
            sx0, sy, sx1 = SIGNATURE_LINE[form]
            c.line(sx0, sy, sx1, sy)
        # footer: which form this corresponds to, and that it is computer-generated
        c.setFont("Helvetica", 6.5)
        c.drawString(
            36,
            40,
            f"Computer-generated by {GENERATOR}. Corresponds to Judicial Council form {form} "
            f"[{REVISION}]; not the official printed form.",
        )
        c.setFont("Helvetica-Bold", 7)
        c.drawString(36, 30, f"{form} [{REVISION}]")
        c.setFont("Helvetica-Bold", 5.5)
        c.drawCentredString(320, 30, TITLES[form])
        c.setFont("Helvetica", 6.5)
        c.drawRightString(576, 30, "Health and Safety Code, § 11361.8")
        c.drawRightString(576, 22, f"Page {page} of {PAGES[form]}")
        c.showPage()
    c.save()
    return buf.getvalue()


def _check_appearance(w: float, h: float) -> bytes:
    """A check mark drawn as a stroked path: no font, so every viewer shows the same thing."""
    return (
        f"q 0 g 0 G 1.2 w 1 J 1 j {w * 0.2:.2f} {h * 0.5:.2f} m {w * 0.42:.2f} {h * 0.22:.2f} l "
        f"{w * 0.82:.2f} {h * 0.8:.2f} l S Q"
    ).encode()


def _xobject(writer: PdfWriter, data: bytes, w: float, h: float) -> IndirectObject:
    stream = StreamObject()
    stream.set_data(data)
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(w), FloatObject(h)]
            ),
            NameObject("/Resources"): DictionaryObject(),
        }
    )
    return pdf_private.add_object(writer, stream)


def build(form: str, widgets: tuple[Widget, ...] | None = None) -> bytes:
    """The template for one form, as bytes (deterministic)."""
    widgets = widgets if widgets is not None else FORMS_2024[form]
    art = PdfReader(io.BytesIO(_draw_page_art(form, widgets)))
    writer = PdfWriter()
    for page in art.pages:
        writer.add_page(page)
    helv = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    helv_ref = pdf_private.add_object(writer, helv)
    nodes: dict[str, DictionaryObject] = {}
    roots: list[IndirectObject] = []
    refs: dict[str, IndirectObject] = {}

    def node(path: str) -> IndirectObject:
        if path in refs:
            return refs[path]
        parent, _, leaf = path.rpartition(".")
        d = DictionaryObject(
            {NameObject("/T"): TextStringObject(leaf), NameObject("/Kids"): ArrayObject()}
        )
        ref = pdf_private.add_object(writer, d)
        nodes[path], refs[path] = d, ref
        if parent:
            d[NameObject("/Parent")] = node(parent)
            kids = nodes[parent]["/Kids"]
            assert isinstance(kids, ArrayObject)
            kids.append(ref)
        else:
            roots.append(ref)
        return ref

    for w in widgets:
        parent, _, leaf = w.name.rpartition(".")
        x0, y0, x1, y1 = w.rect
        ww, hh = x1 - x0, y1 - y0
        field = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/T"): TextStringObject(leaf),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in w.rect]),
                NameObject("/F"): NumberObject(4),  # print
                NameObject("/Parent"): node(parent),
            }
        )
        flags = 1 if w.readonly else 0
        if w.kind == "checkbox":
            assert w.on is not None
            on = _xobject(writer, _check_appearance(ww, hh), ww, hh)
            off = _xobject(writer, b"", ww, hh)
            field.update(
                {
                    NameObject("/FT"): NameObject("/Btn"),
                    NameObject("/V"): NameObject("/Off"),
                    NameObject("/AS"): NameObject("/Off"),
                    NameObject("/AP"): DictionaryObject(
                        {
                            NameObject("/N"): DictionaryObject(
                                {NameObject("/" + w.on): on, NameObject("/Off"): off}
                            )
                        }
                    ),
                    NameObject("/MK"): DictionaryObject({NameObject("/CA"): TextStringObject("4")}),
                }
            )
        else:
            flags |= 1 << 23  # DoNotScroll, as on the official form
            field.update(
                {
                    NameObject("/FT"): NameObject("/Tx"),
                    NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
                    NameObject("/AP"): DictionaryObject(
                        {NameObject("/N"): _xobject(writer, b"", ww, hh)}
                    ),
                }
            )
            if w.maxlen:
                field[NameObject("/MaxLen")] = NumberObject(w.maxlen)
        if flags:
            field[NameObject("/Ff")] = NumberObject(flags)
        ref = pdf_private.add_object(writer, field)
        kids = nodes[parent]["/Kids"]
        assert isinstance(kids, ArrayObject)
        kids.append(ref)
        page = writer.pages[w.page - 1]
        field[NameObject("/P")] = page.indirect_reference
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        annots = page["/Annots"]
        assert isinstance(annots, ArrayObject)
        annots.append(ref)

    pdf_private.root(writer)[NameObject("/AcroForm")] = pdf_private.add_object(
        writer,
        DictionaryObject(
            {
                NameObject("/Fields"): ArrayObject(roots),
                NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
                NameObject("/DR"): DictionaryObject(
                    {NameObject("/Font"): DictionaryObject({NameObject("/Helv"): helv_ref})}
                ),
            }
        ),
    )
    writer.add_metadata(
        {"/Title": f"{form} ({REVISION}) — {GENERATOR} template", "/Producer": GENERATOR}
    )
    # A fixed file identifier keeps the output byte-for-byte reproducible.
    pdf_private.set_id(writer, ArrayObject([TextStringObject(form), TextStringObject(form)]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check", action="store_true", help="fail if a committed template is stale"
    )
    parser.add_argument("--out", type=Path, default=TEMPLATE_DIR)
    args = parser.parse_args(argv)
    stale = []
    for form, filename in TEMPLATE_FILES.items():
        data = build(form)
        path = args.out / filename
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(str(path))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    if stale:
        print("stale templates (run python -m forms.build_templates):", *stale, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
