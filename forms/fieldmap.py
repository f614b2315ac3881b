"""Declarative field maps: from a named fact to a fully qualified field name, per form and revision.

The maps are the TOML files in ``forms/maps/`` (one per form and revision, each citing its source in
its comments). ``[text]`` maps a fact to a text field; ``[checkbox]`` maps a fact to a checkbox
and its on-state; ``[signature]`` says where a typed "/s/" signature is drawn (signature lines are
not fields).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAP_DIR = Path(__file__).parent / "maps"


@dataclass(frozen=True)
class Checkbox:
    field: str
    on: str


@dataclass(frozen=True)
class FieldMap:
    form: str  # "CR-400"
    revision: str  # "Rev. January 1, 2024"
    root: str  # the root field of the form, e.g. "CR-400[0]"
    text: dict[str, str]
    checkbox: dict[str, Checkbox]
    signature: tuple[int, tuple[float, float, float, float]] | None
    path: str

    @property
    def fields(self) -> dict[str, str]:
        """Every mapped field name with its kind ("text" or "checkbox")."""
        out = {name: "text" for name in self.text.values()}
        out.update({c.field: "checkbox" for c in self.checkbox.values()})
        return out


def load_map(path: str | Path) -> FieldMap:
    """Read one TOML field map."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sig = data.get("signature")
    return FieldMap(
        form=str(data["form"]),
        revision=str(data["revision"]),
        root=str(data["root"]),
        text={str(k): str(v) for k, v in data.get("text", {}).items()},
        checkbox={
            str(k): Checkbox(str(v["field"]), str(v["on"]))
            for k, v in data.get("checkbox", {}).items()
        },
        signature=(int(sig["page"]), tuple(float(x) for x in sig["rect"])) if sig else None,  # type: ignore[arg-type]
        path=str(path),
    )


@cache
def builtin_map(name: str) -> FieldMap:
    """A map shipped with the project, by file stem: ``cr400_2024``, ``cr400_2017`` …"""
    return load_map(MAP_DIR / f"{name}.toml")


def maps_of(code: str) -> tuple[str, ...]:
    """The map names of a form, newest revision first (from :mod:`forms.registry`)."""
    from forms.registry import form

    return tuple(r.map_name for r in form(code).revisions)
