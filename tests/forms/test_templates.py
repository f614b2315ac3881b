"""The project's own templates: built reproducibly, with the exact 2024 widgets."""

from __future__ import annotations

from pypdf import PdfReader

from forms.build_templates import TEMPLATE_DIR, TEMPLATE_FILES, build
from forms.fieldmap import builtin_map, maps_of
from forms.filler import check_map, field_kinds
from forms.widgets_2024 import FORMS_2024


def test_committed_templates_match_their_source() -> None:
    """This test ensures that each committed template is byte for byte what build_templates
    makes."""
    for form, name in TEMPLATE_FILES.items():
        assert (TEMPLATE_DIR / name).read_bytes() == build(form), f"{name} is stale"


def test_widget_table_matches_the_official_census(census: dict) -> None:  # type: ignore[type-arg]
    """This test ensures that every 2024 data field (name, type, page, rect, on-state) is
    transcribed exactly from fields.json, and that nothing but the footer pushbuttons is left
    out."""
    for form, widgets in FORMS_2024.items():
        rows = [r for r in census[form]["rows"] if r["type"] != "pushbutton"]
        assert len(rows) == len(widgets)
        for r, w in zip(rows, widgets, strict=True):
            assert (r["name"], r["type"], r["page"]) == (w.name, w.kind, w.page)
            assert tuple(r["rect"]) == w.rect
            assert (r["on"] or [None])[0] == w.on


def test_blank_templates_carry_every_mapped_field_empty() -> None:
    """This test ensures that each template has every field of its map, of the right type and
    on-state, and that every field of the blank template is empty."""
    for form, name in TEMPLATE_FILES.items():
        reader = PdfReader(str(TEMPLATE_DIR / name))
        check_map(reader, builtin_map(maps_of(form)[0]), name)
        kinds = field_kinds(reader)
        assert set(kinds) == {w.name for w in FORMS_2024[form]}
        for field in reader.get_fields().values():
            assert field.get("/V") in (None, "", "/Off")
