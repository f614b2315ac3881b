"""Pages about the site: how it decides (generated from the rules' own text)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from rules.reasons import REASONS
from webapp import messages

bp = Blueprint("about", __name__)


def reasons() -> list[Any]:
    """The rules' catalogue of reasons, in the order the rules give it."""
    return list(REASONS.values())


@bp.route("/how-we-decide")
def how_we_decide() -> str:
    from rules.sections import NOT_COVERED_CANNABIS_RELATED, SECTION_CHOICES

    return render_template(
        "about/how_we_decide.html",
        reasons=reasons(),
        choices=SECTION_CHOICES,
        not_covered=NOT_COVERED_CANNABIS_RELATED,
        titles=messages.OUTCOME_TITLES,
        explanations=messages.OUTCOME_EXPLANATIONS,
    )
