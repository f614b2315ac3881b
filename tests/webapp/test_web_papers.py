"""The person's papers (issue 8): built before any link is shown, a failure explained on a page in
the person's language, file names per person, county and case, one combined PDF with the cover
sheet first, the mailing address required, the count number printed only when given."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import CONVICTIONS, FILER, Visitor, check_page, errors, fill_session
from flask import Flask
from pypdf import PdfReader

from webapp import courts, packets

COURT_STREET = "CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtStreet[0]"
COURT_CITY = "CR-400[0].Page1[0].P1Caption[0].CourtInfo[0].CrtCityZip[0]"
SERVED_AT = "CR-401[0].Page1[0].LI2[0].li2b[0].AddServed[0]"
STANDARD_14 = {"Helvetica", "Helvetica-Bold", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def _fields(pdf: bytes) -> dict[str, object]:
    return {k: f.get("/V") for k, f in PdfReader(io.BytesIO(pdf)).get_fields().items()}


def test_download_page_names_each_file_and_offers_one_combined_pdf(app: Flask) -> None:
    """This test ensures that the download page, built after every packet, names each case's file
    by person, county and case number, and that the combined PDF starts with the cover sheet,
    holds every case's court pages and ends with the next steps."""
    client = app.test_client()
    fill_session(client)
    page = check_page(client.get("/download"))
    text = " ".join(page.text)
    assert "maria-lopez_alameda_A-1001.pdf" in text and "maria-lopez_fresno_F-2002.pdf" in text
    one = client.get("/download/0/packet.pdf")
    assert one.headers["Content-Disposition"] == (
        'attachment; filename="maria-lopez_alameda_A-1001.pdf"'
    )
    assert "DO NOT FILE" not in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(one.data)).pages
    )
    combined = client.get("/download/all.pdf")
    assert combined.mimetype == "application/pdf"
    assert 'filename="maria-lopez_prop64-papers.pdf"' in combined.headers["Content-Disposition"]
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(combined.data)).pages]
    assert "DO NOT FILE THIS PAGE" in pages[0] and "Before you file" in pages[0]
    court = [i for i, p in enumerate(pages) if "DO NOT FILE" not in p]
    assert court and court == list(range(court[0], court[-1] + 1))  # court pages together
    assert "What to do next" in pages[-1] and "DO NOT FILE THIS PAGE" in pages[-1]
    assert sum("PROOF OF SERVICE" in p for p in pages) == 2


def test_two_cases_without_numbers_get_different_file_names() -> None:
    """This test ensures that file names are unique per case even without case numbers."""
    from webapp.eligibility import assess, cases

    convictions = [
        {"co": "Santa Clara", "s": "HS 11357(b)", "o": "2010", "l": "M", "t": "f"},
        {"co": "Santa Clara", "n": "", "s": "HS 11359", "o": "2011", "l": "F", "t": "f"},
    ]
    rows = assess({"b": "1980-04-03"}, convictions)
    names = packets.file_names(cases(rows) * 2, "José Núñez")
    assert names == [
        "jose-nunez_santa-clara_no-case-number.pdf",
        "jose-nunez_santa-clara_no-case-number-2.pdf",
    ]


@pytest.mark.parametrize(
    ("lang", "name"), [("zh_Hant", "陳大文"), ("ko", "김민준"), ("vi", "Nguyễn Thị Hoa")]
)
def test_combined_pdf_in_the_persons_language_embeds_every_font(
    app: Flask, lang: str, name: str
) -> None:
    """This test ensures that the combined PDF (cover sheet and next steps in Chinese, Korean or
    Vietnamese, court pages with the name) embeds every font other than the standard 14."""
    client = app.test_client()
    fill_session(client, lang)
    with client.session_transaction() as session:
        session["f"] = {**FILER, "n": name}
    response = client.get("/download/all.pdf")
    assert response.status_code == 200
    out = subprocess.run(
        ["pdffonts", "-"], input=response.data, capture_output=True, check=True
    ).stdout.decode()
    for line in out.splitlines()[2:]:
        font = re.sub(r"^[A-Z]{6}\+", "", line.split()[0])
        embedded = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert embedded, line
        assert embedded.group(1) == "yes" or font in STANDARD_14, line


def test_a_failure_is_a_page_in_the_persons_language_with_the_answers_kept(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that when a packet cannot be built, /download and every PDF link answer
    with a page (never a file, never a 500) saying what to do, in Spanish for a Spanish visitor,
    and that the answers are still there."""
    monkeypatch.setenv("FORMS_OFFICIAL_DIR", str(tmp_path))
    client = app.test_client()
    fill_session(client, "es")
    for path in ("/download", "/download/0/packet.pdf", "/download/all.pdf"):
        response = client.get(path)
        page = check_page(response, "es", status=422)
        assert "No pudimos hacer sus formularios de la corte" in page.title
        assert "problema de nuestro lado" in " ".join(page.text)
    monkeypatch.delenv("FORMS_OFFICIAL_DIR")
    assert client.get("/download/all.pdf").mimetype == "application/pdf"


def test_a_name_no_font_can_print_points_to_the_name(app: Flask) -> None:
    """This test ensures that a name the forms cannot print (kept in the session by an older
    version, say) gives a page that tells the person to retype their name."""
    client = app.test_client()
    fill_session(client)
    with client.session_transaction() as session:
        session["f"] = {**FILER, "n": "محمد علي"}
    page = check_page(client.get("/download"), status=422)
    assert "Type it in Latin letters" in " ".join(page.text)


def test_mailing_address_is_required_with_an_explanation(visitor: Visitor) -> None:
    """This test ensures that the details page refuses to go on without a street or PO box, a
    city and a ZIP code, says why the court needs it, and keeps what was typed."""
    page = visitor.get("/petition").get_data(as_text=True)
    assert "If you have no fixed address" in page
    response = visitor.post("/petition", {"name": "Maria Lopez", "signature": "hand"})
    assert response.status_code == 200
    found = errors(response)
    assert any("mailing address" in e for e in found)
    assert any("city of your mailing address" in e for e in found)
    assert any("ZIP code of your mailing address" in e for e in found)
    assert 'value="Maria Lopez"' in response.get_data(as_text=True)


def test_without_an_address_the_download_page_asks_for_it(app: Flask) -> None:
    """This test ensures that no packet is made while the mailing address is missing."""
    client = app.test_client()
    fill_session(client)
    with client.session_transaction() as session:
        session["f"] = {"n": "Maria Lopez", "sg": "hand"}
    response = client.get("/download/all.pdf")
    assert response.status_code == 302 and response.location.endswith("/petition")


def test_count_number_is_kept_and_printed_only_when_given(app: Flask) -> None:
    """This test ensures that a count number typed for a conviction is kept, shown in a Count
    column of the attachment, and that without counts there is no such column."""
    client = app.test_client()
    fill_session(client)
    text = " ".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(client.get("/download/0/packet.pdf").data)).pages
    )
    assert not re.search(r"\bCount\b", text.split("PROOF OF SERVICE")[0].split("ATTACHMENT")[1])
    with client.session_transaction() as session:
        session["c"] = [{**CONVICTIONS[0], "ct": "3"}, *CONVICTIONS[1:]]
    pdf = client.get("/download/0/packet.pdf").data
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    attachment = text.split("PROOF OF SERVICE")[0].split("ATTACHMENT")[1]
    assert re.search(r"\bCount\b", attachment)
    assert "HS 11357(b), count 3" in [str(v) for v in _fields(pdf).values()]


def test_court_address_only_when_high_and_da_address_with_zip(app: Flask) -> None:
    """This test ensures that the caption carries the court's address where the courts data rates
    it high (Amador), stays blank where it does not (Alameda: medium), and that CR-401 carries the
    DA's full address with its ZIP code."""
    with app.app_context():
        amador, alameda = courts.offices("Amador"), courts.offices("Alameda")
        assert amador is not None and alameda is not None
        assert amador.court_confidence == "high" and alameda.court_confidence == "medium"
        assert packets.court_address(alameda) is None
        assert packets.da_address(alameda) == "1225 Fallon Street, Room 900, Oakland, CA 94612"
    client = app.test_client()
    fill_session(client)
    with client.session_transaction() as session:
        session["c"] = [{**CONVICTIONS[0], "co": "Amador"}]
    fields = _fields(client.get("/download/0/packet.pdf").data)
    assert fields[COURT_STREET] == "500 Argonaut Lane"
    assert fields[COURT_CITY] == "Jackson, CA 95642"
    assert fields[SERVED_AT] == "708 Court Street, #202, Jackson, CA 95642"
    with client.session_transaction() as session:
        session["c"] = [CONVICTIONS[0]]
    fields = _fields(client.get("/download/0/packet.pdf").data)
    assert fields.get(COURT_STREET) in (None, "")


def test_conviction_form_takes_a_count_number(visitor: Visitor) -> None:
    """This test ensures that the conviction page accepts a count number and refuses letters
    with a message."""
    visitor.get("/convictions/new")
    base = {
        "county": "Alameda", "case_number": "A-1", "section": "HS 11357(b)", "offense_day": "1",
        "offense_month": "5", "offense_year": "2010", "level": "M", "status": "f",
    }  # fmt: skip
    bad = visitor.post("/convictions/new", {**base, "count": "two"})
    assert any("count number" in e for e in errors(bad))
    visitor.submit("/convictions/new", {**base, "count": "2"})
    with visitor.client.session_transaction() as session:
        assert session["c"][0]["ct"] == "2"


def test_a_file_name_keeps_the_name_in_the_order_given() -> None:
    """This test ensures that the papers' file names do not reorder a name: a Vietnamese,
    Chinese or Korean name is written family name first, a Spanish one may end in two family
    names, and no rule of which word is the family name holds for all of them."""
    assert packets.person_slug("Nguyễn Văn An") == "nguyen-van-an"
    assert packets.person_slug("María García López") == "maria-garcia-lopez"
    assert packets.person_slug("王小明") == "petitioner"
