"""The 58 superior courts and district attorney offices, read from ``webapp/data/ca_courts.csv``.

The CSV is a copy of the shared data file (see its README). Its addresses carry a confidence
level; the site never shows a ``low`` (or ``medium``) address as certain: it shows the source and
asks the person to check it on the court's own website.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import current_app


@dataclass(frozen=True)
class CountyOffices:
    county: str
    court_name: str
    court_location: str
    court_address: str
    court_street: str
    court_city: str
    court_zip: str
    court_mailing: str
    court_website: str
    court_confidence: str
    checked_on: str
    da_office: str
    da_address: str
    da_street: str
    da_city: str
    da_zip: str
    da_mailing: str
    da_confidence: str
    da_checked_on: str
    sources: tuple[str, ...]
    notes: str


def _join(*parts: str) -> str:
    return ", ".join(p.strip() for p in parts if p and p.strip())


@cache
def _load(path: str) -> dict[str, CountyOffices]:
    rows: dict[str, CountyOffices] = {}
    with Path(path).open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows[row["county"]] = CountyOffices(
                county=row["county"],
                court_name=row["court_name"],
                court_location=row["court_criminal_location"],
                court_address=_join(row["court_street"], row["court_city"], row["court_zip"]),
                court_street=row["court_street"].strip(),
                court_city=row["court_city"].strip(),
                court_zip=row["court_zip"].strip(),
                court_mailing=row["court_mailing"],
                court_website=row["court_website"],
                court_confidence=row["confidence"],
                checked_on=row["checked_on"],
                da_office=row["da_office"],
                da_address=_join(row["da_street"], row["da_city"], row["da_zip"]),
                da_street=row["da_street"].strip(),
                da_city=row["da_city"].strip(),
                da_zip=row["da_zip"].strip(),
                da_mailing=row["da_mailing"],
                da_confidence=row["da_confidence"],
                da_checked_on=row["da_checked_on"],
                sources=tuple(
                    s.strip().removesuffix("[3p-list]").strip()
                    for s in row["source_urls"].split(";")
                    if s.strip()
                ),
                notes=row["notes"],
            )
    return rows


def all_offices() -> dict[str, CountyOffices]:
    return _load(current_app.config["COURTS_CSV"])


def counties() -> list[str]:
    return list(all_offices())


def offices(county: str) -> CountyOffices | None:
    return all_offices().get(county)
