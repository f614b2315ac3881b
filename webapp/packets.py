"""One case's court packet, built by the forms package (issue 3) from the session's answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms.packet import CaseConvictions, Filer, build_packet
from webapp import courts
from webapp.eligibility import Row


def filer_for(answers: dict[str, Any], county: str) -> Filer:
    office = courts.offices(county)
    name = str(answers.get("n", ""))
    return Filer(
        name=name,
        street=answers.get("a", ""),
        city=answers.get("ci", ""),
        state=answers.get("st", ""),
        zip=answers.get("z", ""),
        phone=answers.get("ph", ""),
        email=answers.get("em", ""),
        attorney_name=answers.get("an", ""),
        bar_number=answers.get("ab", ""),
        signature=f"/s/ {name}" if answers.get("sg") == "typed" else "",
        waive_judge=bool(answers.get("w1")),
        waive_appearance=bool(answers.get("w2")),
        server_name=answers.get("sv", ""),
        prosecutor_name=office.da_office if office else "",
        prosecutor_address=(office.da_address or office.da_mailing) if office else "",
    )


def build(group: list[Row], answers: dict[str, Any], today: date) -> bytes:
    county, case_number = group[0].case_key
    filer = filer_for(answers, county)
    case = CaseConvictions(
        county=county,
        case_number=case_number,
        defendant_name=filer.name,
        convictions=tuple((row.conviction, row.result) for row in group),
    )
    return build_packet(case, filer, today=today)
