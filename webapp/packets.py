"""The person's court papers, built by the forms package from the session's answers.

* one PDF per case, court pages only (CR-400, attachment, CR-401, CR-403), ready to file, named
  ``garcia-maria_los-angeles_BA123456.pdf`` (unique per case);
* one combined PDF per person: the "Before you file" cover sheet in the person's language (clearly
  marked "do not file this page"), every case's packet, and the next-steps sheet.

Everything is built in memory; nothing is written to disk or logged.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from pypdf import PdfReader, PdfWriter

from forms import cover
from forms.packet import (
    CaseConvictions,
    CasePlan,
    CourtAddress,
    Filer,
    Given,
    PacketError,
    build_packet,
    plan_case,
)
from rules.model import Outcome, Track
from webapp import courts, messages
from webapp.answer_types import FilerAnswers
from webapp.eligibility import Row

#: What to change for each failing answer (PacketError.field), in the person's language.
FIELD_WORDS = {
    "filer_name": messages.PACKET_FIX_NAME,
    "name": messages.PACKET_FIX_NAME,
    "signature": messages.PACKET_FIX_NAME,
    "street": messages.PACKET_FIX_ADDRESS,
    "city": messages.PACKET_FIX_ADDRESS,
    "zip": messages.PACKET_FIX_ADDRESS,
    "state": messages.PACKET_FIX_ADDRESS,
}


def court_address(office: courts.CountyOffices | None) -> CourtAddress | None:
    """The court's address for the caption, only where the courts file rates it ``high``."""
    if office is None or office.court_confidence != "high" or not office.court_street:
        return None
    city_zip = f"{office.court_city}, CA {office.court_zip}"
    mailing = office.court_mailing.strip()
    # A mailing line with a remark ("(per 2014 court page)", "(physical and mailing)") is either
    # the street address again or of another date than the rating: it is not printed.
    if "(" in mailing or mailing.startswith(office.court_street):
        mailing = ""
    return CourtAddress(office.court_street, mailing, city_zip)


def court_line(office: courts.CountyOffices) -> str:
    if office.court_street and office.court_city:
        return f"{office.court_street}, {office.court_city}, CA {office.court_zip}".strip()
    return office.court_address or office.court_mailing or "—"


def da_address(office: courts.CountyOffices | None) -> str:
    """The DA's full address with its ZIP code, or blank when the courts file has none."""
    if office is None:
        return ""
    if office.da_street and office.da_city and office.da_zip:
        return f"{office.da_street}, {office.da_city}, CA {office.da_zip}"
    if re.search(r"\b\d{5}\b", office.da_mailing):
        return office.da_mailing
    return ""


def filer_for(answers: FilerAnswers, county: str) -> Filer:
    office = courts.offices(county)
    name = answers.get("n", "")
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
        prosecutor_address=da_address(office),
    )


def plan_for(group: list[Row], answers: FilerAnswers) -> CasePlan:
    county, case_number = group[0].case_key
    office = courts.offices(county)
    return plan_case(
        CaseConvictions(
            county=county,
            case_number=case_number,
            defendant_name=answers.get("n", ""),
            convictions=tuple((row.conviction, row.result) for row in group),
            given=tuple(
                Given(
                    row.answers.get("o") or "",
                    row.answers.get("d") or "",
                    row.answers.get("ct", ""),
                )
                for row in group
            ),
            court=court_address(office),
        )
    )


def build(group: list[Row], answers: FilerAnswers, today: date, *, flatten: bool = False) -> bytes:
    county, _number = group[0].case_key
    return build_packet(
        plan_for(group, answers), filer_for(answers, county), today=today, flatten=flatten
    )


@dataclass(frozen=True)
class Papers:
    """Every PDF of a person's download, built up front so a failure is seen before any link."""

    cases: list[tuple[str, bytes]]  # (file name, court pages) per case
    combined_name: str
    combined: bytes


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def person_slug(name: str) -> str:
    """``Maria Garcia`` → ``maria-garcia``, ``Nguyễn Văn An`` → ``nguyen-van-an``: the name in
    the order the person gave it (many of the site's languages write the family name first, so
    no order can be assumed), as the clinic names its folders; a name with no Latin letters
    gives ``petitioner``."""
    return _slug(name) or "petitioner"


def file_names(groups: list[list[Row]], name: str) -> list[str]:
    """One file name per case, unique: person, county, case number (or ``no-case-number``)."""
    out: list[str] = []
    for group in groups:
        county, number = group[0].case_key
        case_part = re.sub(r"[^A-Za-z0-9]+", "-", number).strip("-") or "no-case-number"
        stem = f"{person_slug(name)}_{_slug(county) or 'county'}_{case_part}"
        candidate, i = f"{stem}.pdf", 1
        while candidate in out:
            i += 1
            candidate = f"{stem}-{i}.pdf"
        out.append(candidate)
    return out


def case_packet(
    groups: list[list[Row]], answers: FilerAnswers, today: date, number: int
) -> tuple[str, bytes]:
    """Case ``number``'s file name and court pages only (one download of one case builds one
    packet, not the person's whole set); :class:`PacketError` if it cannot be built."""
    name = file_names(groups, answers.get("n", ""))[number]
    return name, build(groups[number], answers, today)


def papers(groups: list[list[Row]], answers: FilerAnswers, today: date) -> Papers:
    """Build every case's packet and the combined PDF; :class:`PacketError` on the first failure.
    ``answers`` are the petition details (the filer)."""
    name = answers.get("n", "")
    names = file_names(groups, name)
    cases = [(n, build(g, answers, today)) for n, g in zip(names, groups, strict=True)]
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover.render([cover_sheet(groups, answers)]))))
    for group in groups:
        writer.append(PdfReader(io.BytesIO(build(group, answers, today, flatten=True))))
    writer.append(
        PdfReader(io.BytesIO(cover.render([next_steps_sheet(g, answers, today) for g in groups])))
    )
    buf = io.BytesIO()
    writer.write(buf)
    return Papers(cases, f"{person_slug(name)}_prop64-papers.pdf", buf.getvalue())


# --- the sheets for the person -------------------------------------------------------------------


def _case_title(county: str, number: str) -> str:
    where = _("%(county)s County", county=county)
    which = _("case %(number)s", number=number) if number else _("case number not given")
    return f"{where}: {which}"


def _section(conv_section: str) -> str:
    return conv_section or _("Code section not known")


def _confidence(level: str, site: str) -> str:
    if level == "high":
        return str(
            _(
                "This address comes from an official website. Addresses change: check it on "
                "%(site)s before you go.",
                site=site,
            )
        )
    if level == "medium":
        return str(
            _(
                "This address comes partly from lists that may be out of date. Check it on "
                "%(site)s or by phone before you go.",
                site=site,
            )
        )
    return str(
        _("We could not confirm this address.")
        + " "
        + _("Do not rely on it: check it on %(site)s or by phone first.", site=site)
    )


def B(kind: str, text: object) -> cover.Block:
    return cover.Block(kind, str(text))


def cover_sheet(groups: list[list[Row]], answers: FilerAnswers) -> cover.Sheet:
    blocks = [
        B("h1", _("Before you file")),
        B("p", messages.COVER_INTRO),
    ]
    typed = answers.get("sg") == "typed"
    for group in groups:
        plan = plan_for(group, answers)
        county, number = group[0].case_key
        office = courts.offices(county)
        blocks.append(B("h2", _case_title(county, number)))
        if plan.track is Track.UNKNOWN:
            blocks.append(
                B(
                    "p",
                    str(messages.COVER_TRACK_MIXED)
                    if plan.track_why == "mixed"
                    else str(messages.COVER_TRACK_UNKNOWN),
                )
            )
            blocks += [
                B("box", "2. a. PETITION — " + str(messages.COVER_BOX_SERVING)),
                B("box", "2. b. APPLICATION — " + str(messages.COVER_BOX_COMPLETED)),
                B("p", messages.COVER_TRACK_TITLE_BOX),
            ]
        blocks.append(B("p", messages.COVER_SIGN_TYPED if typed else messages.COVER_SIGN_HAND))
        out = [*plan.left_out, *plan.juvenile]
        if out:
            blocks.append(B("p", messages.COVER_NOT_COVERED))
            for e in plan.left_out:
                why = (
                    messages.COVER_WHY_REVIEW
                    if e.result.outcome is Outcome.NEEDS_REVIEW
                    else messages.COVER_WHY_NO_RELIEF
                )
                blocks.append(B("li", f"{_section(e.conviction.code_section)}: {why}"))
            for e in plan.juvenile:
                blocks.append(
                    B(
                        "li",
                        f"{_section(e.conviction.code_section)}: {messages.COVER_WHY_JUVENILE}",
                    )
                )
        if not number:
            blocks.append(B("p", messages.COVER_NO_CASE_NUMBER))
        blocks.append(B("p", messages.COVER_COPIES))
        blocks.append(B("p", messages.COVER_SERVE))
        if office:
            court = court_address(office)
            blocks.append(B("p", f"{office.court_name}: {court_line(office)}"))
            blocks.append(B("small", _confidence(office.court_confidence, office.court_website)))
            if court is None:
                blocks.append(B("p", messages.COVER_FILL_COURT_ADDRESS))
            da = da_address(office)
            blocks.append(B("p", f"{office.da_office}: {da or office.da_address or '—'}"))
            blocks.append(
                B("small", _confidence(office.da_confidence, _("the district attorney's website")))
            )
            if not da:
                blocks.append(B("p", messages.COVER_FILL_DA_ADDRESS))
    return cover.Sheet(_("Do not file this page"), blocks, str(messages.COVER_FOOTER))


def next_steps_sheet(group: list[Row], answers: FilerAnswers, today: date) -> cover.Sheet:
    county, number = group[0].case_key
    blocks = [
        B("h1", _("What to do next: %(county)s County", county=county)),
        B("p", _case_title(county, number)),
        B("h2", _("1. Check and sign the forms")),
        B(
            "p",
            _(
                "Read every page of the forms. If something is wrong, correct it by hand or fill "
                "in the forms again. Sign and date the petition or application (CR-400). Leave the "
                "order (CR-403) for the judge."
            ),
        ),
        B("h2", _("2. Make copies")),
        B(
            "p",
            _(
                "Make copies of the signed forms: one for each office you serve (the district "
                "attorney, and the city attorney if one prosecuted the case) and one for you."
            ),
        ),
        B("h2", _("3. Serve the prosecutor")),
        B(
            "p",
            _(
                "Someone 18 or older who is not you must mail or hand a copy of the petition or "
                "application (CR-400) and the proposed order (CR-403) to the district attorney's "
                "office of the county. That person then fills in and signs the proof of service "
                "(CR-401). If a city attorney prosecuted the case, serve that office too."
            ),
        ),
        B("h2", _("4. File at the court")),
        B(
            "p",
            _(
                "File the original signed forms, with the proof of service, at the criminal "
                "clerk's office of the superior court of the county where you were convicted. We "
                "found no filing fee in the law, but we could not confirm this; ask the clerk. "
                "Keep the copy the clerk stamps for you."
            ),
        ),
        B("h2", _("5. What happens next")),
        B(
            "p",
            _(
                "The district attorney may answer your request (form CR-402). If you have finished "
                "your sentence, the court may decide without a hearing unless you ask for one. If "
                "you are still serving it, the court may hold a hearing. The judge's decision "
                "comes on form CR-403: ask the clerk for a copy, and check a few months later that "
                "your record has been updated."
            ),
        ),
        B(
            "p",
            _(
                "There is no deadline to file. If you need help, a free legal aid office or the "
                "court's self-help center can help you."
            ),
        ),
    ]
    return cover.Sheet(_("Do not file this page"), blocks, str(messages.COVER_FOOTER))


__all__ = ["FIELD_WORDS", "PacketError", "Papers", "build", "case_packet", "papers"]
