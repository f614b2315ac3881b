"""A realistic synthetic county file, for tests and benchmarks (no real person is in it).

Sections and subdivisions are spelled the way records spell them; offense dates run 1975-2018;
people have several rows, including non-cannabis priors; about 1 row in 100 has a malformed
value (an impossible date, an unknown date format, an unreadable section, a bad level).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from typing import IO

from rules.batch import OPTIONAL, REQUIRED

COLUMNS = (*REQUIRED, *OPTIONAL)

_CANNABIS = (
    # (spelling, weight, default level)
    ("HS 11357(b)", 14, "I"),
    ("H&S 11357(b)", 4, "M"),
    ("HS 11357(c)", 6, "M"),
    ("11357(a) HS", 4, "F"),
    ("HS 11357", 3, "M"),
    ("HS 11358", 8, "F"),
    ("HSC 11358", 3, "F"),
    ("HS 11359", 12, "F"),
    ("HS11359", 3, "F"),
    ("11359 HS-F", 2, ""),
    ("HS 11360(a)", 8, "F"),
    ("11360(a) HS", 3, "F"),
    ("H&S 11360(b)", 4, "M"),
    ("HS 11360", 2, "F"),
    ("HS 11361", 1, "F"),
)
_OTHER = (
    ("PC 459", 6, "F"),
    ("PC 484(a)", 6, "M"),
    ("VC 23152(a)", 8, "M"),
    ("PC 211", 2, "F"),
    ("PC 245(a)(1)", 3, "F"),
    ("HS 11350(a)", 5, "F"),
    ("HS 11377(a)", 5, "M"),
    ("PC 187(a)", 1, "F"),
    ("PC 288(a)", 1, "F"),
    ("PC 664/187", 1, "F"),
    ("PC 273.5(a)", 3, "M"),
)
_COUNTIES = ("Los Angeles", "San Joaquin", "San Francisco", "Sacramento", "Contra Costa", "Fresno")
_FIRST = ("Maria", "Jose", "James", "Linh", "Min-jun", "Ana", "David", "Wei", "Rosa", "Michael")
_LAST = ("Garcia", "Nguyen", "Smith", "Kim", "Santos", "Lee", "Johnson", "Hernandez", "Reyes")


def _weighted(rng: random.Random, table: tuple[tuple[str, int, str], ...]) -> tuple[str, str]:
    spelling, _, level = rng.choices(table, weights=[w for _, w, _ in table])[0]
    return spelling, level


def _fmt(rng: random.Random, d: date) -> str:
    return d.isoformat() if rng.random() < 0.7 else f"{d.month:02d}/{d.day:02d}/{d.year}"


def _yes_no(rng: random.Random, p_yes: float, p_blank: float) -> str:
    r = rng.random()
    if r < p_blank:
        return ""
    return "yes" if r < p_blank + p_yes else "no"


def synthetic_rows(rows: int, seed: int) -> list[list[str]]:
    rng = random.Random(seed)
    out: list[list[str]] = []
    person = 0
    while len(out) < rows:
        person += 1
        pid = f"P{seed:03d}-{person:07d}"
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 58))
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        county = rng.choice(_COUNTIES)
        ss = _yes_no(rng, 0.02, 0.85)
        p290 = _yes_no(rng, 0.01, 0.85)
        dob_text = _fmt(rng, dob) if rng.random() > 0.08 else ""
        for _ in range(min(rows - len(out), rng.choice((1, 1, 1, 2, 2, 3, 4, 6)))):
            cannabis = rng.random() < 0.7
            section, level = _weighted(rng, _CANNABIS if cannabis else _OTHER)
            earliest = max(date(1975, 1, 1), dob + timedelta(days=365 * 14))
            span = (date(2018, 12, 31) - earliest).days
            offense = earliest + timedelta(days=rng.randrange(0, max(span, 1)))
            conviction = offense + timedelta(days=rng.randrange(20, 500))
            serving = conviction > date(2015, 1, 1) and rng.random() < 0.3
            row = {
                "person_id": pid,
                "code_section": section,
                "name": name,
                "date_of_birth": dob_text,
                "county": county,
                "case_number": f"{county[:2].upper()}{offense.year % 100:02d}"
                f"{rng.randrange(10**5):05d}",
                "level": level if rng.random() > 0.1 else "",
                "offense_date": _fmt(rng, offense) if rng.random() > 0.1 else "",
                "conviction_date": _fmt(rng, conviction) if rng.random() > 0.05 else "",
                "sentence_status": rng.choice(("completed", "completed", ""))
                if not serving
                else "serving",
                "court": "juvenile" if offense < dob + timedelta(days=365 * 18) else "adult",
                "cannabis_grams": "",
                "concentrate_grams": "",
                "plant_count": "",
                "sold": "",
                "minor_involved": _yes_no(rng, 0.02, 0.9),
                "interstate": _yes_no(rng, 0.02, 0.9),
                "environmental_violation": _yes_no(rng, 0.02, 0.9) if "11358" in section else "",
                "superstrike_prior": ss,
                "pc290_prior": p290,
            }
            if "11357" in section or "11360" in section:
                if rng.random() < 0.5:
                    row["cannabis_grams"] = f"{rng.choice((3.5, 14, 28, 40, 112, 450)):g}"
            if "11358" in section and rng.random() < 0.6:
                row["plant_count"] = str(rng.choice((2, 4, 6, 8, 25, 120)))
            if "11360" in section:
                row["sold"] = _yes_no(rng, 0.6, 0.3)
            if rng.random() < 0.01:  # a malformed value, as real extracts have
                column, bad = rng.choice(
                    (
                        ("offense_date", "2016-02-30"),
                        ("offense_date", "13/45/2001"),
                        ("conviction_date", "Jan 5 2003"),
                        ("code_section", "??"),
                        ("level", "X"),
                        ("plant_count", "six"),
                    )
                )
                row[column] = bad
            out.append([row[c] for c in COLUMNS])
    # County extracts are rarely sorted by person: scatter a fifth of the rows.
    for _i in range(len(out) // 5):
        j, k = rng.randrange(len(out)), rng.randrange(len(out))
        out[j], out[k] = out[k], out[j]
    return out


def write_synthetic(stream: IO[str], *, rows: int, seed: int) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(synthetic_rows(rows, seed))
