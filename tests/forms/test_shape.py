"""Shape (issue 8): court-form knowledge in one place."""

from __future__ import annotations

import re
from pathlib import Path

from forms import registry
from forms.build_templates import TEMPLATE_DIR
from forms.fieldmap import MAP_DIR, builtin_map

FORMS_DIR = Path(__file__).resolve().parents[2] / "forms"
PRIVATE = re.compile(r"\._(add_object|root_object|ID|data)\b")


def test_pypdf_private_api_is_used_in_one_module_only() -> None:
    """This test ensures that pypdf's private names (``_add_object``, ``_root_object``, ``_ID``,
    ``_data``) appear only in forms/pdf_private.py."""
    users = sorted(
        p.name for p in FORMS_DIR.glob("*.py") if PRIVATE.search(p.read_text(encoding="utf-8"))
    )
    assert users == ["pdf_private.py"]


def test_the_registry_names_every_template_and_map() -> None:
    """This test ensures that every form of the registry has its template, that every revision's
    map exists and says the same form and revision, and that no map is left out of it."""
    listed = set()
    for form in registry.FORMS:
        assert (TEMPLATE_DIR / form.template_file).is_file()
        for revision in form.revisions:
            fmap = builtin_map(revision.map_name)
            assert (fmap.form, fmap.revision) == (form.code, revision.label)
            listed.add(revision.map_name)
    assert listed == {p.stem for p in MAP_DIR.glob("*.toml")}
