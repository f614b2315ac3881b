"""The site asks, for each section, every conduct fact the rules read (rules/registry.py): if a
follow-up question disappears from the details page, this test fails."""

from __future__ import annotations

import re

import pytest
from conftest import Visitor
from test_web_interview import conviction

from rules.registry import OFFENSES, Offense
from rules.sections import SECTION_CHOICES
from webapp.forms import FIELD_FOR_FACT

COVERED = [o for o in OFFENSES if o.eligible]


@pytest.mark.parametrize("offense", COVERED, ids=[o.number for o in COVERED])
def test_the_details_page_asks_every_fact_the_rules_read(
    visitor: Visitor, offense: Offense
) -> None:
    """This test ensures that for a conviction of each section § 11361.8 covers, the details
    page has a question for each fact the rules read for that section, and no other."""
    choice = next(
        c.value for c in SECTION_CHOICES if c.value.split("(")[0] == f"HS {offense.number}"
    )
    v = visitor
    v.get("/")
    v.get("/about-you")
    v.submit(
        "/about-you",
        {"dob_day": "3", "dob_month": "4", "dob_year": "1980", "juvenile": "n",
         "superstrike": "u", "pc290": "u"},
        "/convictions",
    )  # fmt: skip
    v.get("/convictions/new")
    v.submit(
        "/convictions/new",
        conviction("Alameda", "A-1", choice, "2012", "F", "f"),
        "/convictions/0/details",
    )
    html = v.get("/convictions/0/details").get_data(as_text=True)
    asked = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([a-z_]+)"', html))
    wanted = {FIELD_FOR_FACT[f] for f in offense.facts}
    assert wanted <= asked, (offense.number, wanted - asked)
    assert not (set(FIELD_FOR_FACT.values()) - wanted) & asked, (offense.number, asked)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_results_name_the_listed_prior_and_how_a_section_was_read(
    visitor: Visitor, lang: str
) -> None:
    """This test ensures that the results page names the earlier conviction a result depends on
    (section, clause) and shows, in the person's language, how a section typed with the wrong
    code letters was read (a 500 here once: the note is a translatable message with values)."""
    visitor.client.get(f"/language/{lang}?next=/")
    v = Visitor(visitor.client, lang)
    v.get("/about-you")
    v.submit(
        "/about-you",
        {"dob_day": "3", "dob_month": "4", "dob_year": "1970", "juvenile": "n",
         "superstrike": "u", "pc290": "u"},
        "/convictions",
    )  # fmt: skip
    for section, typed, year in (
        ("HS 11359", "", "2012"),
        ("other", "PC 288(a)", "1994"),
        ("other", "11358 PC", "2010"),
    ):
        v.get("/convictions/new")
        data = conviction("Alameda", "A-1", section, year, "F", "f")
        if typed:
            data["section_typed"] = typed
        v.submit("/convictions/new", data)
    html = v.get("/results").get_data(as_text=True)
    assert "PC 288(a)" in html and "PC § 667(e)(2)(C)(iv)(III)" in html
    note = {
        "en": "was read as Health and Safety Code § 11358",
        "es": "como Código de Salud y Seguridad § 11358",
    }[lang]
    assert note in html
