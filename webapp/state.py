"""The answers, kept compact in the signed session cookie, and their save-file form.

Nothing here touches disk. The session holds, under short keys so that twenty convictions fit in
a 4 KB cookie:

* ``p`` the person: ``b`` date of birth (ISO), ``j`` juvenile court, ``s`` super-strike prior,
  ``r`` PC 290 prior (each ``y``/``n``/``u`` for "I don't know");
* ``c`` the convictions, a list of dicts (keys in :data:`CONVICTION_KEYS`);
* ``f`` the petition details (keys in :data:`FILER_KEYS`).

Dates may be partial: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. The same dict, wrapped with a
format name and version, is the "Save my answers" file; :func:`load_save_file` checks every key
and value of an uploaded one as strictly as the forms do.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from flask import session

SAVE_FORMAT = "prop64-answers"
SAVE_VERSION = 1

TRI = ("y", "n", "u")
LEVELS = ("F", "M", "I", "u")
STATUSES = ("c", "p", "f", "u")  # custody; probation/parole/supervision; finished; not sure
SIGNATURES = ("hand", "typed")

_MARKUP = re.compile(r"[<>]")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(value: str) -> tuple[int, int | None, int | None]:
    """``YYYY[-MM[-DD]]`` to its parts; ValueError if impossible (such as 2016-02-30)."""
    m = _PARTIAL_DATE.match(value)
    if not m:
        raise ValueError(value)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if not 1900 <= year <= 2100:
        raise ValueError(value)
    if month is not None and not 1 <= month <= 12:
        raise ValueError(value)
    if day is not None:
        assert month is not None
        date(year, month, day)  # raises ValueError for 2016-02-30
    return year, month, day


def date_bounds(value: str | None) -> tuple[date | None, date | None]:
    """The earliest and latest day a partial date can mean."""
    if not value:
        return None, None
    year, month, day = parse_partial_date(value)
    if day is not None and month is not None:
        d = date(year, month, day)
        return d, d
    if month is not None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)


def format_partial_date(parts: tuple[int, int | None, int | None]) -> str:
    year, month, day = parts
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- validators for the save file (the forms use the same limits) ---------------------------

Check = Callable[[Any], bool]


def _text(max_len: int) -> Check:
    return lambda v: isinstance(v, str) and len(v) <= max_len and not _MARKUP.search(v)


def _choice(options: tuple[str, ...]) -> Check:
    return lambda v: v in options


def _partial_date(v: Any) -> bool:
    if not isinstance(v, str):
        return False
    try:
        parse_partial_date(v)
    except ValueError:
        return False
    return True


def _number(lo: float, hi: float, integer: bool = False) -> Check:
    def check(v: Any) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return False
        if integer and not isinstance(v, int):
            return False
        return lo <= v <= hi

    return check


def _flag(v: Any) -> bool:
    return isinstance(v, bool)


PERSON_KEYS: dict[str, Check] = {
    "b": lambda v: isinstance(v, str) and _partial_date(v) and len(v) == 10,
    "j": _choice(TRI),
    "s": _choice(TRI),
    "r": _choice(TRI),
}
CONVICTION_KEYS: dict[str, Check] = {
    "co": _text(40),  # county (checked against the list in load_save_file)
    "n": _text(40),  # case number
    "ct": _text(10),  # the court's count number(s), optional (printed only when given)
    "s": _text(40),  # section chosen from the list, "other" or "unsure"
    "x": _text(60),  # section typed as on the record
    "o": _partial_date,  # offense date
    "d": _partial_date,  # conviction date
    "l": _choice(LEVELS),
    "t": _choice(STATUSES),
    "g": _number(0, 10_000_000),  # cannabis, grams
    "k": _number(0, 10_000_000),  # concentrated cannabis, grams
    "pl": _number(0, 1_000_000, integer=True),  # plants
    "sa": _choice(TRI),  # sold or for sale
    "mi": _choice(TRI),  # minors involved
    "in": _choice(TRI),  # interstate
    "en": _choice(TRI),  # environmental violation
}
FILER_KEYS: dict[str, Check] = {
    "n": _text(100),  # name
    "a": _text(120),  # street address
    "ci": _text(60),  # city
    "st": _text(30),  # state
    "z": _text(10),  # ZIP code
    "ph": _text(30),  # phone
    "em": _text(120),  # email
    "an": _text(100),  # attorney name
    "ab": _text(20),  # attorney State Bar number
    "w1": _flag,  # waive the original sentencing judge
    "w2": _flag,  # waive personal appearance
    "sv": _text(100),  # who will serve the prosecutor
    "sg": _choice(SIGNATURES),
}


class SaveFileError(ValueError):
    """An uploaded save file that is not one of ours, or is damaged."""


def _clean(obj: Any, spec: Mapping[str, Check]) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise SaveFileError("not an object")
    unknown = set(obj) - set(spec)
    if unknown:
        raise SaveFileError(f"unknown keys {sorted(unknown)}")
    for key, value in obj.items():
        if not spec[key](value):
            raise SaveFileError(f"bad value for {key}")
    return dict(obj)


def clean_answers(data: Any, counties: list[str], max_convictions: int) -> dict[str, Any]:
    """Validate answers from outside; return a fresh dict or raise :class:`SaveFileError`."""
    if not isinstance(data, dict) or set(data) - {"p", "c", "f"}:
        raise SaveFileError("bad answers")
    answers: dict[str, Any] = {}
    if "p" in data:
        answers["p"] = _clean(data["p"], PERSON_KEYS)
    if "c" in data:
        convictions = data["c"]
        if not isinstance(convictions, list) or len(convictions) > max_convictions:
            raise SaveFileError("bad convictions")
        answers["c"] = [_clean(c, CONVICTION_KEYS) for c in convictions]
        for c in answers["c"]:
            if c.get("co") not in counties:
                raise SaveFileError("unknown county")
    if "f" in data:
        answers["f"] = _clean(data["f"], FILER_KEYS)
    return answers


def dump_save_file(answers: Mapping[str, Any], saved_on: date) -> bytes:
    payload = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "saved_on": saved_on.isoformat(),
        "answers": dict(answers),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def load_save_file(raw: bytes, counties: list[str], max_convictions: int) -> dict[str, Any]:
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise SaveFileError("not JSON") from e
    if not isinstance(payload, dict) or payload.get("format") != SAVE_FORMAT:
        raise SaveFileError("not a save file")
    if payload.get("version") != SAVE_VERSION:
        raise SaveFileError("unknown version")
    return clean_answers(payload.get("answers"), counties, max_convictions)


# --- the answers in the session -------------------------------------------------------------

ANSWER_KEYS = ("p", "c", "f")


def answers() -> dict[str, Any]:
    return {k: session[k] for k in ANSWER_KEYS if k in session}


def person() -> dict[str, Any]:
    p = session.get("p")
    return dict(p) if isinstance(p, dict) else {}


def convictions() -> list[dict[str, Any]]:
    c = session.get("c")
    return [dict(x) for x in c] if isinstance(c, list) else []


def filer() -> dict[str, Any]:
    f = session.get("f")
    return dict(f) if isinstance(f, dict) else {}


def set_person(value: dict[str, Any]) -> None:
    session["p"] = _compact(value)


def set_convictions(value: list[dict[str, Any]]) -> None:
    session["c"] = [_compact(c) for c in value]


def set_filer(value: dict[str, Any]) -> None:
    session["f"] = _compact(value)


def replace_answers(value: Mapping[str, Any]) -> None:
    for key in ANSWER_KEYS:
        session.pop(key, None)
    for key in ANSWER_KEYS:
        if key in value:
            session[key] = value[key]


def clear_answers() -> None:
    """Forget every answer; keep only the language choice."""
    lang = session.get("l")
    session.clear()
    if lang:
        session["l"] = lang


def _compact(value: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values: an absent key means "not answered"."""
    return {k: v for k, v in value.items() if v is not None and v != ""}
