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
from rules.csvsafe import SafeWriter

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
                "arrest_date": _fmt(rng, offense + timedelta(days=rng.randrange(0, 20)))
                if rng.random() < 0.5
                else "",
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
    writer = SafeWriter(csv.writer(stream, lineterminator="\n"))
    writer.writerow(COLUMNS)
    writer.writerows(synthetic_rows(rows, seed))


# -- DOJ bulk extracts (``prop64 synth --format doj``) -------------------------------------------

# Section spellings as the DOJ extract writes them in OFFENSE_DESCR (section, then a description).
_DOJ_CANNABIS = (
    ("11357(C)HS-POSSESS MARIJUANA", 8, "M"),
    ("11357(B) HS-POSSESS 28.5 GRAMS OR LESS", 10, "M"),
    ("11357(A) HS-POSSESS CONCENTRATED CANNABIS", 3, "F"),
    ("11357 HS-NO SPECIFIED SUBSEC", 2, "M"),
    ("11358 HS-CULTIVATE CANNABIS", 8, "F"),
    ("11359 HS-POSSESS MARIJUANA FOR SALE", 12, "F"),
    ("11359HS-INTENT SELL CANNABIS", 2, "F"),
    ("11360(A) HS-SELL/TRANSPORT MARIJUANA", 8, "F"),
    ("11360(B) HS-GIVE/TRANSPORT 28.5 GRAMS", 3, "M"),
)
_DOJ_OTHER = (
    ("459 PC-BURGLARY", 6, "F"),
    ("484(A) PC-PETTY THEFT", 6, "M"),
    ("23152(A) VC-DUI ALCOHOL/DRUGS", 8, "M"),
    ("211 PC-ROBBERY", 2, "F"),
    ("245(A)(1) PC-ASSAULT WITH DEADLY WEAPON", 3, "F"),
    ("11350(A) HS-POSSESS NARCOTIC CONTROLLED SUBSTANCE", 5, "F"),
    ("11377(A) HS-POSSESS CONTROLLED SUBSTANCE", 5, "M"),
    ("187 PC-MURDER", 1, "F"),
    ("288(A) PC-LEWD OR LASCIVIOUS ACTS WITH CHILD", 1, "F"),
    ("273.5(A) PC-INFLICT CORPORAL INJURY", 3, "M"),
)
_DOJ_COUNTIES = ("SACRAMENTO", "LOS ANGELES", "SAN JOAQUIN", "YOLO", "FRESNO")
_DOJ_DISPOSITIONS = (
    ("CONVICTED-PROBATION", "P", "PROBATION", ("M", (6, 12, 24, 36))),
    ("CONVICTED-JAIL", "J", "JAIL", ("D", (10, 30, 90, 180))),
    ("CONVICTED-PRISON", "S", "PRISON", ("Y", (1, 2, 3, 5))),
)


def _ymd(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def synthetic_doj_rows(rows: int, seed: int, *, malformed: bool = True) -> list[list[str]]:
    """Rows of a realistic DOJ extract (95 columns; see ``rules.doj``), people in order."""
    from rules.doj import COLUMNS as DOJ

    ix = {c: i for i, c in enumerate(DOJ)}
    rng = random.Random(seed)
    out: list[list[str]] = []
    person = 0
    while len(out) < rows:
        person += 1
        sid = f"{seed % 100:02d}{person:08d}"
        dob = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 58))
        name = f"{rng.choice(_LAST).upper()},{rng.choice(_FIRST).upper()}"
        home = rng.choice(_DOJ_COUNTIES)
        cycles = rng.choice((1, 1, 2, 2, 3, 4))
        step = 0
        start = max(date(1975, 1, 1), dob + timedelta(days=365 * 16))
        span = max((date(2019, 6, 30) - start).days, 1)
        days = sorted(rng.randrange(0, span) for _ in range(cycles))
        person_rows: list[list[str]] = []

        def row(
            cyc: int,
            kind: str,
            when: date,
            county: str,
            offense: str,
            toc: str,
            sid: str = sid,
            name: str = name,
            dob: date = dob,
        ) -> list[str]:
            nonlocal step
            step += 1
            r = ["x"] * len(DOJ)
            for c in ("REQ_NAME", "REQ_GENDER", "REQ_DOB", "REQ_CDL", "REQ_SSN", "PII_SEG_SEP"):
                r[ix[c]] = ""
            r[ix["SUBJECT_ID"]] = sid
            r[ix["REQ_SEG_SEP"]] = "#"
            r[ix["REQ_CII_NUMBER"]] = f"{int(sid) % 10**10:010d}"
            r[ix["PRI_NAME"]] = name
            r[ix["PRI_DOB"]] = _ymd(dob)
            r[ix["CYC_ORDER"]] = f"{cyc:03d}"
            r[ix["STP_EVENT_DATE"]] = _ymd(when)
            r[ix["STP_TYPE_DESCR"]] = kind
            r[ix["STP_ORI_DESCR"]] = ("CASC" if kind == "COURT ACTION" else "CAPD") + county
            r[ix["STP_ORI_CNTY_NAME"]] = county
            r[ix["CNT_ORDER"]] = f"{cyc:03d}{step:03d}{1:03d}000"
            r[ix["DISP_DATE"]] = _ymd(when)
            r[ix["OFN"]] = f"{rng.randrange(10**6):06d}"
            r[ix["OFFENSE_DESCR"]] = offense
            r[ix["OFFENSE_TOC"]] = toc
            r[ix["OFFENSE_QUAL_LST"]] = " " * rng.randrange(5, 30)  # fixed-width padding
            for c in DOJ[ix["DISP_OFFENSE_CODE"] : ix["DISP_DESCR"]]:
                r[ix[c]] = ""
            for c in DOJ[ix["CONV_STAT_CODE"] :]:
                r[ix[c]] = ""
            r[ix["DISP_DESCR"]] = ""
            r[ix["SENT_SEG_SEP"]] = "#"
            r[ix["END_OF_REC"]] = "#"
            return r

        for cyc, offset in enumerate(days, start=1):
            cannabis = rng.random() < 0.72
            offense, _w, level = rng.choices(
                _DOJ_CANNABIS if cannabis else _DOJ_OTHER,
                weights=[w for _s, w, _l in (_DOJ_CANNABIS if cannabis else _DOJ_OTHER)],
            )[0]
            county = home if rng.random() < 0.85 else rng.choice(_DOJ_COUNTIES)
            arrest_day = start + timedelta(days=offset)
            age = (
                arrest_day.year
                - dob.year
                - ((arrest_day.month, arrest_day.day) < (dob.month, dob.day))
            )
            a = row(cyc, "ARREST/DETAINED/CITED", arrest_day, county, offense, level)
            a[ix["CYC_DATE"]] = _ymd(arrest_day)
            a[ix["CYC_AGE"]] = str(age)
            person_rows.append(a)
            court_day = arrest_day + timedelta(days=rng.randrange(20, 400))
            convicted = rng.random() < 0.8
            c = row(cyc, "COURT ACTION", court_day, county, offense, level)
            c[ix["CYC_DATE"]] = _ymd(arrest_day)
            c[ix["CYC_AGE"]] = str(age)
            if rng.random() < 0.04:  # the charge only in the comment
                c[ix["COMMENT_TEXT"]] = offense
                c[ix["OFFENSE_DESCR"]] = "SEE COMMENT FOR CHARGE"
            if convicted:
                disp, loc, loc_d, (unit, lengths) = rng.choice(_DOJ_DISPOSITIONS)
                c[ix["DISP_DESCR"]] = disp
                c[ix["CONV_STAT_DESCR"]] = {"F": "FELONY", "M": "MISDEMEANOR"}[level]
                c[ix["SENT_LOC_CODE"]] = loc
                c[ix["SENT_LOC_DESCR"]] = loc_d
                c[ix["SENT_LENGTH"]] = str(rng.choice(lengths))
                c[ix["SENT_TIME_CODE"]] = unit
                person_rows.append(c)
                if rng.random() < 0.1:  # a second sentence part of the same count
                    extra = list(c)
                    extra[ix["SENT_LOC_DESCR"]] = "JAIL"
                    extra[ix["SENT_LENGTH"]] = str(rng.choice((10, 30, 60)))
                    extra[ix["SENT_TIME_CODE"]] = "D"
                    person_rows.append(extra)
            else:
                c[ix["DISP_DESCR"]] = rng.choice(
                    ("DISMISSED/CHARGE DROPPED", "DISMISSED/FURTHERANCE OF JUSTICE")
                )
                person_rows.append(c)
        if rng.random() < 0.01:
            reg = row(
                9,
                "REGISTRATION",
                start + timedelta(days=span // 2),
                home,
                "290 PC-REGISTRATION OF SEX OFFENDER",
                "",
            )
            person_rows.append(reg)
        if rng.random() < 0.02:
            person_rows.append(
                row(
                    99,
                    "DECEASED",
                    date(2019, 1, 1) - timedelta(days=rng.randrange(2000)),
                    home,
                    "",
                    "",
                )
            )
        if rng.random() < 0.005 and malformed:  # a malformed line, as extracts have: a stray comma
            bad = list(person_rows[-1])
            bad.insert(ix["OFFENSE_DESCR"], "SPLIT")
            person_rows[-1] = bad
        out.extend(person_rows[: rows - len(out)])
    return out


def write_synthetic_doj(stream: IO[str], *, rows: int, seed: int, malformed: bool = True) -> None:
    """A synthetic DOJ extract with its header row (no real person is in it); ``malformed=False``
    leaves out the malformed lines (gogen stops at the first one)."""
    from rules.doj import COLUMNS as DOJ

    writer = SafeWriter(csv.writer(stream, lineterminator="\n"))
    writer.writerow(DOJ)
    writer.writerows(synthetic_doj_rows(rows, seed, malformed=malformed))
