"""Official files: the 2024 names from fields.json, the real 2017 CR-400, the encrypted CR-180."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, TextStringObject

from forms.build_templates import TEMPLATE_DIR, build
from forms.fieldmap import builtin_map
from forms.filler import Update, build_base, helvetica_stream, layout_text, open_pdf
from forms.packet import PacketError, blank_base, build_packet
from forms.registry import FORMS
from forms.widgets_2024 import Widget

from .conftest import ink, pdfium_pages, poppler_pages
from .test_packet import FILER, TODAY, _case, _fields


def _from_census(census: dict, form: str) -> bytes:  # type: ignore[type-arg]
    rows = [r for r in census[form]["rows"] if r["type"] != "pushbutton"]
    widgets = tuple(
        Widget(
            r["name"],
            r["type"],
            r["page"],
            tuple(r["rect"]),
            (r["on"] or [None])[0],
            r["maxlen"],
            "readOnly" in r["flags"],
        )
        for r in rows
    )
    return build(form, widgets)


def test_a_pdf_built_from_the_census_is_filled_by_the_same_map(
    census: dict,  # type: ignore[type-arg]
    tmp_path: Path,
) -> None:
    """This test ensures that forms carrying exactly the 2024 names, rects and on-states of
    fields.json, given as official files, are filled by the 2024 maps."""
    for f in FORMS:
        (tmp_path / f.official_file).write_bytes(_from_census(census, f.code))
    pdf = build_packet(_case(), FILER, official_dir=tmp_path, today=TODAY)
    values = _fields(pdf)
    assert values["CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtCounty[0]"] == "Alameda"
    assert values["CR-400[0].Page1[0].LI2[0].li2b[0].Checkbox[0]"] == "/Yes"
    assert values["CR-403[0].Page2[0].P2Header_sf[0].CaseNumber1[0]"] == "CR-12345"


def test_the_real_2017_cr400_is_filled_by_its_own_map_and_renders(
    shared: Path, tmp_path: Path
) -> None:
    """This test ensures that the official 2017 CR-400 is recognised, filled with the 2017 map, and
    that its checked boxes and text show in both renderers."""
    shutil.copyfile(shared / "cr400-2017.pdf", tmp_path / "cr400.pdf")
    for form in ("cr401.pdf", "cr403.pdf"):
        shutil.copyfile(TEMPLATE_DIR / form, tmp_path / form)
    pdf = build_packet(_case(), FILER, official_dir=tmp_path, today=TODAY)
    m = builtin_map("cr400_2017")
    values = _fields(pdf)
    assert values[m.text["defendant"]] == "Jane Q. Public"
    assert values[m.checkbox["track_application"].field] == "/Yes"
    base = blank_base(tmp_path)
    app = base.fields[m.checkbox["track_application"].field].rect
    pet = base.fields[m.checkbox["track_petition"].field].rect
    name = base.fields[m.text["defendant"]].rect
    for page in (poppler_pages(pdf)[0], pdfium_pages(pdf)[0]):
        assert ink(page, tuple(app)) > 10  # type: ignore[arg-type]
        assert ink(page, tuple(pet)) == 0  # type: ignore[arg-type]
        assert ink(page, tuple(name), 1.0) > 20  # type: ignore[arg-type]


def test_a_file_of_another_revision_is_refused_with_a_clear_message(
    shared: Path, tmp_path: Path
) -> None:
    """This test ensures that an official file whose fields match no map is refused by name."""
    shutil.copyfile(shared / "cr180.pdf", tmp_path / "cr400.pdf")
    for form in ("cr401.pdf", "cr403.pdf"):
        shutil.copyfile(TEMPLATE_DIR / form, tmp_path / form)
    with pytest.raises(PacketError, match="does not match the field map"):
        build_packet(_case(), FILER, official_dir=tmp_path)


@pytest.mark.parametrize("name", ["cr180.pdf", "rev2024-decrypted/cr180.pdf"])
def test_official_machinery_on_the_real_cr180(
    shared: Path,
    census: dict,  # type: ignore[type-arg]
    name: str,
) -> None:
    """This test ensures that the real Judicial Council CR-180 (encrypted 2017, decrypted 2024) is
    opened, loses its XFA and usage-rights signature, takes values (read-only continuation headers
    too) and renders them, and that a checkbox set to its own on-state is marked in both renderers
    while the next checkbox, left off, stays empty."""
    key = next(k for k in census if k.startswith("CR-180") and ("2024" in k) == ("2024" in name))
    rows = census[key]["rows"]
    reader = open_pdf(shared / name)
    fmap = builtin_map("cr400_2024")  # only its shape is used; no field is checked here
    base = build_base([("CR-180", reader, fmap)])
    out = PdfReader(io.BytesIO(base.data))
    assert "/XFA" not in out.trailer["/Root"]["/AcroForm"]
    assert "/Perms" not in out.trailer["/Root"]
    text_rows = [r for r in rows if r["type"] == "text"]
    targets = [text_rows[1]] + [
        r for r in text_rows if "readOnly" in r["flags"] or "ReadOnly" in r["flags"]
    ]
    checkbox, unchecked = [r for r in rows if r["type"] == "checkbox"][:2]
    upd = Update(base)
    res = DictionaryObject(
        {
            NameObject("/Font"): DictionaryObject(
                {NameObject("/Helv"): IndirectObject(base.helv_num, 0, None)}  # type: ignore[arg-type]
            )
        }
    )
    for r in targets:
        info = base.fields[r["name"]]
        x0, y0, x1, y1 = info.rect
        lay = layout_text("TEST-123", x1 - x0, y1 - y0)
        assert lay is not None
        d = upd.base_obj(info.field_num)
        d[NameObject("/V")] = TextStringObject("TEST-123")
        d[NameObject("/AP")] = DictionaryObject(
            {
                NameObject("/N"): upd.stream(
                    helvetica_stream(lay, x1 - x0, y1 - y0), (x1 - x0, y1 - y0), res
                )
            }
        )
        upd.put(info.field_num, d)
    cb = base.fields[checkbox["name"]]
    assert cb.kind == "checkbox" and cb.on_states == tuple(checkbox["on"])
    on = NameObject("/" + checkbox["on"][0])
    field = upd.base_obj(cb.field_num)
    field[NameObject("/V")] = on
    upd.put(cb.field_num, field)
    for wnum in cb.widgets:
        widget = field if wnum == cb.field_num else upd.base_obj(wnum)
        widget[NameObject("/AS")] = on
        upd.put(wnum, widget)
    pdf = upd.to_bytes()
    values = {k: v.get("/V") for k, v in PdfReader(io.BytesIO(pdf)).get_fields().items()}
    assert values[checkbox["name"]] == on
    assert values[unchecked["name"]] in (None, "/Off")
    for pages in (poppler_pages(pdf), pdfium_pages(pdf)):
        for r in targets:
            assert ink(pages[r["page"] - 1], tuple(r["rect"]), 1.0) > 20, r["name"]
        assert ink(pages[checkbox["page"] - 1], tuple(checkbox["rect"])) > 10
        assert ink(pages[unchecked["page"] - 1], tuple(unchecked["rect"])) == 0
