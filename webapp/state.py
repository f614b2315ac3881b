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
from dataclasses import replace
from datetime import date
from typing import NoReturn, cast

from flask import session

from webapp import validation
from webapp.answer_types import Answers, ConvictionAnswers, FilerAnswers, PersonAnswers

SAVE_FORMAT = "prop64-answers"
SAVE_VERSION = 1

TRI = ("y", "n", "u")
LEVELS = ("F", "M", "I", "u")
STATUSES = ("c", "p", "f", "u")  # custody; probation/parole/supervision; finished; not sure
SIGNATURES = ("hand", "typed")

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

Check = Callable[[object], bool]


def _text(max_len: int, pattern: str | None = None) -> Check:
    """The forms' rule for the same field (webapp.validation)."""
    return lambda v: isinstance(v, str) and validation.text_problem(v, max_len, pattern) is None


def _printable(max_len: int) -> Check:
    """Text the court forms can print, as the petition form's Printable check requires."""

    def check(v: object) -> bool:
        if not isinstance(v, str) or not _text(max_len)(v):
            return False
        from forms.fonts import UnsupportedText, font_for

        try:
            font_for(v)
        except UnsupportedText:
            return False
        return True

    return check


def _choice(options: tuple[str, ...]) -> Check:
    return lambda v: v in options


def _partial_date(v: object) -> bool:
    if not isinstance(v, str):
        return False
    try:
        parse_partial_date(v)
    except ValueError:
        return False
    return True


def _number(lo: float, hi: float, integer: bool = False) -> Check:
    def check(v: object) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return False
        if integer and not isinstance(v, int):
            return False
        return lo <= v <= hi

    return check


def _flag(v: object) -> bool:
    return isinstance(v, bool)


PERSON_KEYS: dict[str, Check] = {
    "b": lambda v: isinstance(v, str) and _partial_date(v) and len(v) == 10,
    "j": _choice(TRI),
    "s": _choice(TRI),
    "r": _choice(TRI),
}
CONVICTION_KEYS: dict[str, Check] = {
    "co": _text(40),  # county (checked against the list in load_save_file)
    "n": _text(*validation.CASE_NUMBER),  # case number
    "ct": _text(10),  # the court's count number(s), optional (printed only when given)
    "s": _text(40),  # section chosen from the list, "other" or "unsure" (checked below)
    "x": _text(*validation.SECTION_TYPED),  # section typed as on the record
    "o": _partial_date,  # offense date
    "d": _partial_date,  # conviction date
    "l": _choice(LEVELS),
    "t": _choice(STATUSES),
    "g": _number(0, validation.MAX_AMOUNT),  # cannabis, grams
    "k": _number(0, validation.MAX_AMOUNT),  # concentrated cannabis, grams
    "pl": _number(0, validation.MAX_PLANTS, integer=True),  # plants
    "sa": _choice(TRI),  # sold or for sale
    "mi": _choice(TRI),  # minors involved
    "in": _choice(TRI),  # interstate
    "en": _choice(TRI),  # environmental violation
}
FILER_KEYS: dict[str, Check] = {
    "n": _printable(validation.NAME),  # name
    "a": _printable(validation.STREET),  # street address
    "ci": _printable(validation.CITY),  # city
    "st": _printable(validation.STATE),  # state
    "z": _text(*validation.ZIP),  # ZIP code
    "ph": _text(*validation.PHONE),  # phone
    "em": _text(*validation.EMAIL),  # email
    "an": _printable(validation.ATTORNEY),  # attorney name
    "ab": _text(*validation.BAR_NUMBER),  # attorney State Bar number
    "w1": _flag,  # waive the original sentencing judge
    "w2": _flag,  # waive personal appearance
    "sv": _printable(validation.SERVER),  # who will serve the prosecutor
    "sg": _choice(SIGNATURES),
}


class SaveFileError(ValueError):
    """An uploaded save file that is not one of ours, or is damaged."""


def _clean(obj: object, spec: Mapping[str, Check]) -> dict[str, object]:
    if not isinstance(obj, dict):
        raise SaveFileError("not an object")
    unknown = set(obj) - set(spec)
    if unknown:
        raise SaveFileError(f"unknown keys {sorted(unknown)}")
    for key, value in obj.items():
        if not spec[key](value):
            raise SaveFileError(f"bad value for {key}")
    return dict(obj)


def section_values() -> set[str]:
    from rules.sections import SECTION_CHOICES

    return {c.value for c in SECTION_CHOICES} | {"other", "unsure"}


def _check_dates(answers: Answers, today: date) -> None:
    """The forms' date rules: nothing in the future, no offense before the birth, no
    conviction before the offense."""
    dob = answers.person.get("b")
    born = date.fromisoformat(dob) if dob else None
    if born and born > today:
        raise SaveFileError("birth in the future")
    for c in answers.convictions:
        off_lo, off_hi = date_bounds(c.get("o"))
        conv_lo, conv_hi = date_bounds(c.get("d"))
        for lo in (off_lo, conv_lo):
            if lo is not None and lo > today:
                raise SaveFileError("date in the future")
        if born and off_hi is not None and off_hi < born:
            raise SaveFileError("offense before birth")
        if conv_hi is not None and off_lo is not None and conv_hi < off_lo:
            raise SaveFileError("conviction before offense")


def clean_answers(
    data: object, counties: list[str], max_convictions: int, today: date | None = None
) -> Answers:
    """Validate answers from outside (the save file's JSON); return them typed, or raise
    :class:`SaveFileError`."""
    if not isinstance(data, dict) or set(data) - {"p", "c", "f"}:
        raise SaveFileError("bad answers")
    answers: dict[str, object] = {}
    if "p" in data:
        answers["p"] = _clean(data["p"], PERSON_KEYS)
    if "c" in data:
        convictions = data["c"]
        if not isinstance(convictions, list) or len(convictions) > max_convictions:
            raise SaveFileError("bad convictions")
        checked = [_clean(c, CONVICTION_KEYS) for c in convictions]
        for c in checked:
            if c.get("co") not in counties:
                raise SaveFileError("unknown county")
            if c.get("s") not in section_values():
                raise SaveFileError("unknown section choice")
        answers["c"] = checked
    if "f" in data:
        answers["f"] = _clean(data["f"], FILER_KEYS)
    # Every key and value was checked above against the types' own rules.
    result = Answers.from_json(answers)
    _check_dates(result, today or date.today())
    return result


def dump_save_file(answers: Answers, saved_on: date) -> bytes:
    return save_file_bytes(answers.to_json(), saved_on)


def save_file_bytes(answers: Mapping[str, object], saved_on: date) -> bytes:
    """A save file holding ``answers`` (the JSON object of :meth:`Answers.to_json`) as given,
    not yet checked: the clinic builds answers from spreadsheet rows and reads them back through
    :func:`load_save_file`, so they meet the same checks as a file a person uploads."""
    payload = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "saved_on": saved_on.isoformat(),
        "answers": dict(answers),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > 15:
        raise SaveFileError("number too long")  # a 5,000-digit number used to give a 500
    return int(text)


def _no_constant(text: str) -> NoReturn:
    raise SaveFileError(f"{text} is not a number we accept")


def load_save_file(
    raw: bytes, counties: list[str], max_convictions: int, today: date | None = None
) -> Answers:
    try:
        payload = json.loads(
            raw.decode("utf-8"), parse_int=_bounded_int, parse_constant=_no_constant
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise SaveFileError("not JSON") from e
    if not isinstance(payload, dict) or payload.get("format") != SAVE_FORMAT:
        raise SaveFileError("not a save file")
    if payload.get("version") != SAVE_VERSION:
        raise SaveFileError("unknown version")
    return clean_answers(payload.get("answers"), counties, max_convictions, today)


# --- the answers in the session -------------------------------------------------------------
#
# Besides the answers the session holds ``x``, the id the next new conviction will get; ``n``,
# the random nonce of this set of answers (webapp.revoked); ``t``, the time of last use; ``l``,
# the language; ``d``, a form's draft kept over a language switch. Each conviction carries
# ``i``, its id (stable: it never changes when another conviction is removed) and ``v``, its
# version (one more at each change), so that a page left open in another tab cannot change it
# without knowing.

ANSWER_KEYS = ("p", "c", "f", "x", "d")
ID, VERSION = "i", "v"
# What the answers may take of the cookie: the browser's limit less room for a notice
# ("Your answers have been saved") added after the check.
ANSWERS_BUDGET = 4096 - 320


class AnswersTooLarge(Exception):
    """The change would make the cookie larger than a browser keeps: it was not made."""


def answers() -> Answers:
    """The session's answers (copies), with each conviction's id and version."""
    return Answers.from_json(session)


def portable_answers() -> Answers:
    """The answers as the save file holds them (no ids or versions)."""
    out = answers()
    return replace(
        out,
        convictions=tuple(
            cast(ConvictionAnswers, {k: v for k, v in c.items() if k not in (ID, VERSION)})
            for c in out.convictions
        ),
    )


# The session's content was checked when it was written and is sealed (webapp.cookie): it is
# read back as the types it was written with.


def person() -> PersonAnswers:
    p = session.get("p")
    return cast(PersonAnswers, dict(p)) if isinstance(p, dict) else {}


def convictions() -> list[ConvictionAnswers]:
    c = session.get("c")
    return [cast(ConvictionAnswers, dict(x)) for x in c] if isinstance(c, list) else []


def find(conviction_id: int) -> ConvictionAnswers | None:
    for c in convictions():
        if c.get(ID) == conviction_id:
            return c
    return None


def next_id() -> int:
    value = session.get("x")
    return value if isinstance(value, int) else len(convictions())


def filer() -> FilerAnswers:
    f = session.get("f")
    return cast(FilerAnswers, dict(f)) if isinstance(f, dict) else {}


def _commit(changes: Mapping[str, object]) -> None:
    """Make ``changes`` to the session, or raise :class:`AnswersTooLarge` and change nothing."""
    from flask import current_app

    from webapp.cookie import cookie_bytes

    candidate = {**dict(session), **changes}
    if cookie_bytes(current_app._get_current_object(), candidate) > ANSWERS_BUDGET:  # type: ignore[attr-defined]
        raise AnswersTooLarge
    for key, value in changes.items():
        session[key] = value


def set_person(value: PersonAnswers) -> None:
    _commit({"p": _compact(value)})


def set_filer(value: FilerAnswers) -> None:
    _commit({"f": _compact(value)})


def add_conviction(value: ConvictionAnswers) -> int:
    """Add a conviction with the next id; return the id."""
    new_id = next_id()
    items = [*convictions(), {**_compact(value), ID: new_id, VERSION: 1}]
    _commit({"c": items, "x": new_id + 1})
    return new_id


def update_conviction(conviction_id: int, value: ConvictionAnswers) -> None:
    items = convictions()
    for n, c in enumerate(items):
        if c.get(ID) == conviction_id:
            version = c.get("v", 0) + 1
            items[n] = cast(
                ConvictionAnswers, {**_compact(value), ID: conviction_id, VERSION: version}
            )
    _commit({"c": items})


def remove_conviction(conviction_id: int) -> None:
    _commit({"c": [c for c in convictions() if c.get(ID) != conviction_id]})


def replace_answers(value: Answers) -> None:
    """Answers from a save file: every conviction gets a fresh id."""
    changes = {k: v for k, v in value.to_json().items() if k in ("p", "f")}
    items = [{**c, ID: n, VERSION: 1} for n, c in enumerate(value.convictions)]
    changes.update(c=items, x=len(items))
    old = {k: session.pop(k) for k in ANSWER_KEYS if k in session}
    try:
        _commit(changes)
    except AnswersTooLarge:
        session.update(old)
        raise


DRAFT_FIELDS = 40
DRAFT_VALUE_CHARS = 200


def keep_draft(path: str, fields: list[tuple[str, str]]) -> bool:
    """Keep what was typed on the form at ``path`` (a language switch); False if it cannot fit.

    Only plain field names and bounded values are kept; the form's own checks run when it is
    submitted, as for anything typed."""
    kept = [
        [name, value[:DRAFT_VALUE_CHARS]]
        for name, value in fields
        if name != "csrf_token" and re.fullmatch(r"[a-z_]{1,30}", name)
    ][:DRAFT_FIELDS]
    try:
        _commit({"d": {"p": path, "v": kept}})
    except AnswersTooLarge:
        return False
    return True


def take_draft(path: str) -> list[tuple[str, str]] | None:
    """The draft kept for ``path``, removed from the session; None if there is none."""
    draft = session.get("d")
    if not isinstance(draft, dict) or draft.get("p") != path:
        return None
    session.pop("d", None)
    values = draft.get("v")
    if not isinstance(values, list):
        return None
    return [
        (str(pair[0]), str(pair[1])) for pair in values if isinstance(pair, list) and len(pair) == 2
    ]


def new_nonce() -> str:
    import secrets

    return secrets.token_urlsafe(12)


def clear_answers(until: float) -> None:
    """Forget every answer; keep only the language choice. The old cookie is refused if it
    comes back before ``until`` (after that its own last-use time refuses it)."""
    from webapp import revoked

    nonce = session.get("n")
    if isinstance(nonce, str):
        revoked.revoke(nonce, until)
    lang = session.get("l")
    session.clear()
    if lang:
        session["l"] = lang
    session["n"] = new_nonce()


def _compact(value: Mapping[str, object]) -> dict[str, object]:
    """Drop empty values: an absent key means "not answered"."""
    return {k: v for k, v in value.items() if v is not None and v != ""}


# A form's readings, which may be None or "" for "not answered", as typed answers.


def person_from(readings: Mapping[str, object]) -> PersonAnswers:
    return cast(PersonAnswers, _compact(readings))


def conviction_from(readings: Mapping[str, object]) -> ConvictionAnswers:
    return cast(ConvictionAnswers, _compact(readings))


def filer_from(readings: Mapping[str, object]) -> FilerAnswers:
    return cast(FilerAnswers, _compact(readings))
