"""What a person gets: a packet whose every value and box shows in poppler and in pdfium."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from pypdf import PdfReader

from forms.packet import CaseConvictions, Filer, PacketError, blank_base, build_packet, group_cases
from rules.model import Outcome, Track

from .conftest import conviction, ink, pdfium_pages, pdftotext, poppler_pages, result

FILER = Filer(
    "Jane Q. Public",
    street="1 Main St",
    city="Oakland",
    state="CA",
    zip="94612",
    phone="510-555-0100",
    email="jane@example.org",
    signature="/s/ Jane Q. Public",
    waive_judge=True,
    waive_appearance=False,
    server_name="John Server",
    server_address="2 Elm St, Oakland, CA 94610",
    service_method="mail",
    prosecutor_name="Alameda County District Attorney",
    prosecutor_address="1225 Fallon St, Oakland, CA 94612",
)
TODAY = date(2026, 1, 15)


def _case(
    n: int = 1, track: Track = Track.APPLICATION, name: str = "Jane Q. Public"
) -> CaseConvictions:
    return CaseConvictions("Alameda", "CR-12345", name, [(conviction(), result(track=track))] * n)


def _fields(pdf: bytes) -> dict[str, object]:
    return {
        k: v.get("/V") for k, v in PdfReader(io.BytesIO(pdf)).get_fields().items() if "/FT" in v
    }


def test_round_trip_every_mapped_field_and_nothing_else() -> None:
    """This test ensures that reading the packet back gives each mapped value in its field and that
    every field the packet does not fill is blank."""
    pdf = build_packet(_case(), FILER, today=TODAY)
    base = blank_base()
    values = _fields(pdf)
    expected = {
        base.maps["CR-400"].text["filer_name"]: "Jane Q. Public",
        base.maps["CR-400"].text["attorney_for"]: "In pro per",
        base.maps["CR-400"].text["court_county"]: "Alameda",
        base.maps["CR-400"].text["case_number"]: "CR-12345",
        base.maps["CR-400"].text["sign_date"]: "01/15/2026",
        base.maps["CR-401"].text["served_name"]: "Alameda County District Attorney",
        base.maps["CR-401"].text["server_name"]: "John Server",
        base.maps["CR-403"].text["page2_case_number"]: "CR-12345",
        base.maps["CR-400"].checkbox["section_11357"].field: "/Yes",
        base.maps["CR-400"].checkbox["title_f"].field: "/Yes",
        base.maps["CR-400"].checkbox["track_application"].field: "/Yes",
        base.maps["CR-400"].checkbox["waive_judge"].field: "/Yes",
        base.maps["CR-401"].checkbox["method_mail"].field: "/Yes",
        base.maps["CR-401"].checkbox["item3_mail"].field: "/Yes",
        base.maps["CR-403"].checkbox["title_f"].field: "/Yes",
    }
    for name, value in expected.items():
        assert values[name] == value, name
    mapped = set()
    for m in base.maps.values():
        mapped |= set(m.fields)
    for name, value in values.items():
        if name not in mapped:
            assert value in (None, "", "/Off"), name
    assert values[base.maps["CR-400"].checkbox["track_petition"].field] in (None, "/Off")
    assert values[base.maps["CR-400"].checkbox["waive_appearance"].field] in (None, "/Off")


@pytest.mark.parametrize("engine", [poppler_pages, pdfium_pages])
def test_checked_boxes_show_and_unchecked_do_not(engine) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that in both renderers every checked box is visibly marked inside its
    rectangle and every unchecked box is empty."""
    pdf = build_packet(_case(), FILER, today=TODAY)
    pages = engine(pdf)
    base = blank_base()
    order = {"CR-400": 0, "CR-401": 2, "CR-403": 3}  # one attachment page after CR-400
    checked = {
        "section_11357",
        "title_f",
        "track_application",
        "waive_judge",
        "method_mail",
        "item3_mail",
        "dismiss_invalid_f",
    }
    for form, fmap in base.maps.items():
        for fact, cb in fmap.checkbox.items():
            info = base.fields[cb.field]
            img = pages[order[form] + info.page - base.form_pages[form][0]]
            marked = ink(img, info.rect)
            if fact in checked:
                assert marked > 15, (form, fact)
            else:
                assert marked == 0, (form, fact)


@pytest.mark.parametrize("engine", [poppler_pages, pdfium_pages])
def test_filled_text_shows_inside_its_field(engine) -> None:  # type: ignore[no-untyped-def]
    """This test ensures that each filled text field has ink inside its rectangle in both
    renderers."""
    pdf = build_packet(_case(), FILER, today=TODAY)
    page = engine(pdf)[0]
    base = blank_base()
    for fact in (
        "filer_name",
        "court_county",
        "case_number",
        "defendant",
        "sign_name",
        "sign_date",
    ):
        assert ink(page, base.fields[base.maps["CR-400"].text[fact]].rect, 1.0) > 20, fact


def test_pdftotext_shows_values_attachment_and_signature() -> None:
    """This test ensures that the values, the conviction listed on the attachment with its citation,
    and the typed signature are in the text poppler extracts."""
    text = pdftotext(build_packet(_case(), FILER, today=TODAY))
    for value in (
        "Jane Q. Public",
        "CR-12345",
        "Alameda County District Attorney",
        "/s/ Jane Q. Public",
        "HS 11357(b)",
        "Health & Saf. Code, § 11361.8(e), (f)",
        "Dismissal and sealing",
    ):
        assert value in text, value


def test_flattened_packet_has_no_fields_and_keeps_values() -> None:
    """This test ensures that a flattened packet has no form left and still prints every value."""
    pdf = build_packet(_case(), FILER, flatten=True, today=TODAY)
    reader = PdfReader(io.BytesIO(pdf))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert "Jane Q. Public" in pdftotext(pdf)
    base = blank_base()
    box = base.fields[base.maps["CR-400"].checkbox["track_application"].field].rect
    assert ink(poppler_pages(pdf)[0], box) > 15


def test_unknown_track_leaves_both_boxes_empty_and_says_choose() -> None:
    """This test ensures that a case whose track is unknown gets neither item-2 box nor title box,
    and that its summary tells the person to choose."""
    case = _case(track=Track.UNKNOWN)
    (plan,) = group_cases(case.convictions, "Jane Q. Public")
    assert plan.track is Track.UNKNOWN and "Choose petition or application" in plan.notes[0]
    values = _fields(build_packet(plan, FILER, today=TODAY))
    m = blank_base().maps["CR-400"]
    for fact in ("track_petition", "track_application", "title_b", "title_f"):
        assert values[m.checkbox[fact].field] in (None, "/Off")


def test_mixed_tracks_in_one_case_are_unknown() -> None:
    """This test ensures that a case mixing petition and application convictions is left to
    choose."""
    (plan,) = group_cases(
        [
            (conviction(), result(track=Track.PETITION)),
            (conviction(), result(track=Track.APPLICATION)),
        ],
        "X",
    )
    assert plan.track is Track.UNKNOWN


def test_no_packet_for_a_case_without_relief() -> None:
    """This test ensures that a case with no relief raises PacketError instead of making a
    packet."""
    case = CaseConvictions(
        "Alameda", "CR-9", "X", [(conviction(), result(Outcome.NOT_ELIGIBLE, None))]
    )
    with pytest.raises(PacketError, match="no conviction with relief"):
        build_packet(case, FILER)


def test_two_hundred_character_name_and_address_go_to_the_attachment() -> None:
    """This test ensures that a 200-character name and address are never cut: the field says
    "See attachment" and the attachment carries the full text."""
    long_name = ("Maria Guadalupe Fernanda " * 10)[:200]
    long_street = ("1234 Long Boulevard Apartment 5 " * 8)[:200]
    filer = Filer(
        long_name, street=long_street, city="Oakland", state="CA", zip="94612", signature=""
    )
    pdf = build_packet(_case(name=long_name), filer, today=TODAY)
    values = _fields(pdf)
    m = blank_base().maps["CR-400"]
    assert values[m.text["filer_name"]] == "See attachment"
    assert values[m.text["street"]] == "See attachment"
    text = " ".join(pdftotext(pdf).split())
    assert long_name.strip() in text
    assert long_street.strip()[:60] in text


def test_eighty_convictions_flow_over_several_attachment_pages() -> None:
    """This test ensures that 80 convictions in one case are all listed, over as many pages as
    needed."""
    pdf = build_packet(_case(n=80), FILER, today=TODAY)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 5
    text = pdftotext(pdf)
    assert "Attachment page 1 of" in text
    attachment = text.split("PROOF OF SERVICE")[0]
    assert attachment.count("HS 11357(b)") >= 80


@pytest.mark.parametrize("name", ["王小明", "山田 たろう", "김민준", "Ελένη Жукова Nguyễn"])
def test_non_latin_names_render_in_both_engines(name: str) -> None:
    """This test ensures that Chinese, Japanese, Korean, Greek, Cyrillic and Vietnamese names are
    printed (ink in the field in both renderers, the right characters in the extracted text)."""
    pdf = build_packet(_case(name=name), FILER, today=TODAY)
    rect = blank_base().fields[blank_base().maps["CR-400"].text["defendant"]].rect
    assert ink(poppler_pages(pdf)[0], rect, 1.0) > 20
    assert ink(pdfium_pages(pdf)[0], rect, 1.0) > 20
    assert name in pdftotext(pdf)


def test_right_to_left_name_is_a_clear_error() -> None:
    """This test ensures that a name no font here can print correctly fails with a clear message."""
    with pytest.raises(PacketError, match="Right-to-left"):
        build_packet(_case(name="محمد"), FILER)


def test_juvenile_court_relief_is_left_to_jv744() -> None:
    """This test ensures that a juvenile-court conviction with relief is not put in a CR-400
    packet: the case has no packet of its own, and a mixed case says to use form JV-744."""
    juvenile = dataclasses.replace(result(), form="JV-744")
    (alone,) = group_cases([(conviction(), juvenile)], "X")
    assert not alone.has_relief and "JV-744" in alone.notes[0]
    with pytest.raises(PacketError, match="no conviction with relief"):
        build_packet(alone, FILER)
    (mixed,) = group_cases([(conviction(), result()), (conviction(), juvenile)], "X")
    assert len(mixed.relief) == 1 and any("JV-744" in n for n in mixed.notes)
