"""Shared helpers for the court-form tests: renderers and a case factory with legal defaults."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from rules.model import Conviction, Level, Outcome, Reason, Result, Track
from rules.sections import parse_section

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "forms"
FIXTURES = Path(__file__).resolve().parent / "fixtures"  # copied in, with provenance (README.md)
SCALE = 2.0  # pixels per point


def poppler_pages(pdf: bytes) -> list[Image.Image]:
    """Render every page with poppler's pdftoppm (in a private temp dir, removed after)."""
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(72 * SCALE), "-png", str(src), f"{d}/p"], check=True)
        return [Image.open(p).convert("L").copy() for p in sorted(Path(d).glob("p-*.png"))]


def pdfium_pages(pdf: bytes) -> list[Image.Image]:
    """Render every page with pdfium (the engine of Chrome's viewer), forms included."""
    doc = pypdfium2.PdfDocument(pdf)
    doc.init_forms()
    out = [
        doc[i].render(scale=SCALE, may_draw_forms=True).to_pil().convert("L")
        for i in range(len(doc))
    ]
    doc.close()
    return out


def ink(img: Image.Image, rect: tuple[float, float, float, float], inset: float = 2.0) -> int:
    """Dark pixels inside a PDF rectangle (points, origin bottom-left), shrunk by ``inset``."""
    x0, y0, x1, y1 = rect
    h = img.height / SCALE
    box = (
        int((x0 + inset) * SCALE),
        int((h - y1 + inset) * SCALE),
        int((x1 - inset) * SCALE),
        int((h - y0 - inset) * SCALE),
    )
    hist = img.crop(box).histogram()
    return sum(hist[:128])


def pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def result(outcome: Outcome = Outcome.DISMISS, track: Track | None = Track.APPLICATION) -> Result:
    return Result(
        outcome,
        track,
        (
            Reason(
                "lawful_possession",
                "Possessing up to 28.5 grams is now lawful for adults.",
                "HSC § 11362.1(a)(1)",
            ),
        ),
        section="HS 11357(b)",
        form="CR-400",
        parsed_section=parse_section("HS 11357(b)"),
    )


def conviction(section: str = "HS 11357(b)", **kw: object) -> Conviction:
    defaults: dict[str, object] = {
        "level": Level.MISDEMEANOR,
        "offense_date": date(2012, 6, 28),
        "conviction_date": date(2013, 2, 2),
        "county": "Alameda",
        "case_number": "CR-12345",
    }
    defaults.update(kw)
    return Conviction(section, **defaults)  # type: ignore[arg-type]


@pytest.fixture
def census() -> dict:  # type: ignore[type-arg]
    """The field census of the official forms (a copy of ../shared/forms/fields.json)."""
    return json.loads((FIXTURES / "fields.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def shared() -> Path:
    """The real Judicial Council PDFs in ../shared/forms/. The product brief lets tests read them
    there but not copy them into the project, so on a clone with no ../shared beside it (CI
    included) the few tests that need them are skipped, saying why; the rest of the suite runs."""
    if not SHARED.exists():
        pytest.skip(
            f"{SHARED} is not beside this checkout: the official PDFs may not be copied into the"
            " project (product brief), so these checks run only where ../shared is"
        )
    return SHARED


__all__ = ["io"]
