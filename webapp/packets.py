"""Build one case's court packet with the forms package (issue 3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from webapp.eligibility import Row


def build(group: list[Row], filer: dict[str, Any], today: date) -> bytes:
    raise NotImplementedError("forms.packet is not available yet")
