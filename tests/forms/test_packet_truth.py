"""Packet truth (issue 8), checked with hypothesis: generated interviews (partial dates, unknown
facts, several cases) give packets whose every filled field traces back to an answer or a sourced
datum, with no ``unknown``, no invented day or month, and no note to the filer on a court page.

The interviews go through the same steps as the site: partial dates read at both ends
(``webapp.state.date_bounds``), the rules' ``evaluate``, then :func:`forms.packet.group_cases`
with the facts as given.
"""

from __future__ import annotations

import io
import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

import rules
from forms.facts import PacketFacts, show_partial_date
from forms.fieldmap import builtin_map
from forms.packet import SEE_ATTACHMENT, Filer, Given, build_packet, crime_label, group_cases
from forms.registry import FORMS
from rules.model import Conviction, Level, Person, SentenceStatus
from webapp.state import date_bounds

from .conftest import pdftotext

TODAY = date(2026, 1, 15)
SECTIONS = ("HS 11357(b)", "HS 11357(c)", "HS 11358", "HS 11359", "HS 11360(a)", "PC 484(a)")
COUNTIES = ("Alameda", "Amador", "Fresno")
NOTE_WORDS = (
    "unknown",
    "Notes for the person",
    "remove before filing",
    "Choose petition",
    "Sentence completed",
    "file an application",
    "a lawyer should",
    "not covered by this packet",
)


@st.composite
def partial_dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1990, 2016))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    return draw(
        st.sampled_from(("", f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"))
    )


@st.composite
def convictions(draw: st.DrawFn) -> tuple[Conviction, Given]:
    offense, convicted = draw(partial_dates()), draw(partial_dates())
    case = draw(st.sampled_from(("A-11", "B-7", "")))
    conv = Conviction(
        draw(st.sampled_from(SECTIONS)),
        level=draw(st.sampled_from((None, Level.FELONY, Level.MISDEMEANOR))),
        offense_date=date_bounds(offense)[0],
        conviction_date=date_bounds(convicted)[0],
        sentence_status=draw(
            st.sampled_from((None, SentenceStatus.SERVING, SentenceStatus.COMPLETED))
        ),
        county=draw(st.sampled_from(COUNTIES)),
        case_number=case,
        plant_count=draw(st.sampled_from((None, 3))),
        cannabis_grams=draw(st.sampled_from((None, 10.0))),
    )
    return conv, Given(offense, convicted, draw(st.sampled_from(("", "1", "2", "12"))))


def _fields(pdf: bytes) -> dict[str, str]:
    out = {}
    for k, v in PdfReader(io.BytesIO(pdf)).get_fields().items():
        if v.get("/FT") == "/Tx" and v.get("/V"):
            out[k] = str(v["/V"])
    return out


@given(
    items=st.lists(convictions(), min_size=1, max_size=6),
    dob=st.sampled_from((None, date(1970, 5, 5), date(1995, 7, 7))),
    typed=st.booleans(),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_printed_value_is_an_answer_or_sourced(
    items: list[tuple[Conviction, Given]], dob: date | None, typed: bool
) -> None:
    """This test ensures that every filled field of every generated packet is one of the answers
    (or "In pro per", the signing date, the CR-403 crimes named from the answers, or "See
    attachment"), that every date on the court pages is one the person gave, at its precision,
    and that no court page holds "unknown" or a note to the filer."""
    convs = [c for c, _g in items]
    results = rules.evaluate(Person(date_of_birth=dob), convs)
    filer = Filer(
        "Ana Reyes",
        street="PO Box 12",
        city="Stockton",
        state="CA",
        zip="95201",
        signature="/s/ Ana Reyes" if typed else "",
        prosecutor_name="San Joaquin County District Attorney's Office",
        prosecutor_address="222 E Weber Ave, Stockton, CA 95202",
    )
    plans = group_cases(list(zip(convs, results, strict=True)), filer.name, [g for _c, g in items])
    given_dates = {show_partial_date(g.offense_date) for _c, g in items} | {
        show_partial_date(g.conviction_date) for _c, g in items
    }
    given_dates.discard("")
    for plan in plans:
        if not plan.has_relief:
            continue
        pdf = build_packet(plan, filer, today=TODAY)
        answers = {
            filer.name, filer.street, filer.city, filer.state, filer.zip, "In pro per",
            plan.case.county, plan.case.case_number, filer.prosecutor_name,
            filer.prosecutor_address, *SEE_ATTACHMENT,
        }  # fmt: skip
        if typed:
            answers.add(TODAY.strftime("%m/%d/%Y"))
        crimes = {crime_label(e) for e in plan.relief}
        for name, value in _fields(pdf).items():
            if value in answers:
                continue
            parts = [re.sub(r" \((misdemeanor|infraction)\)$", "", p) for p in value.split("; ")]
            assert all(p in crimes for p in parts), (name, value)
        text = pdftotext(pdf)
        for word in NOTE_WORDS:
            assert word.lower() not in text.lower(), word
        for token in re.findall(r"\b\d{2}/\d{2}/\d{4}\b|(?<![/\d])\d{2}/\d{4}\b", text):
            assert token in given_dates or (typed and token == TODAY.strftime("%m/%d/%Y")), token
        attachment = text.split("PROOF OF SERVICE")[0].split("ATTACHMENT TO PETITION")[1]
        for e in plan.relief:
            for d in (e.given.offense_date, e.given.conviction_date):
                if d:
                    assert show_partial_date(d) in attachment
        has_count_column = "\nCount\n" in f"\n{attachment}\n"
        assert has_count_column == plan.has_counts


def test_every_map_key_is_a_packet_fact() -> None:
    """This test ensures that the TOML maps and the typed facts agree: every key of every map of
    every form and revision is a field of PacketFacts, text keys are str fields and checkbox keys
    bool fields."""
    fields = PacketFacts.__dataclass_fields__
    for form in FORMS:
        for revision in form.revisions:
            fmap = builtin_map(revision.map_name)
            assert fmap.form == form.code and fmap.revision == revision.label
            for key in fmap.text:
                assert key in fields and fields[key].type in ("str", str), (form.code, key)
            for key in fmap.checkbox:
                assert key in fields and fields[key].type in ("bool", bool), (form.code, key)


def test_partial_dates_print_at_the_precision_given() -> None:
    """This test ensures that a year, a month and a full date print as 2015, 06/2015 and
    06/01/2015, and that blank stays blank."""
    assert show_partial_date("2015") == "2015"
    assert show_partial_date("2015-06") == "06/2015"
    assert show_partial_date("2015-06-01") == "06/01/2015"
    assert show_partial_date("") == ""
