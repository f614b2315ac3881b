"""The interview's answers and the batch contract's rows, each made from the other.

Both directions use the answers' types (:mod:`webapp.answer_types`); rows become
:class:`~webapp.answer_types.Answers` that the caller then checks by the same rules as an
uploaded save file (``webapp.clinic.person_answers``). Nothing here reads the session.

The contract columns carry every answer the interview has, with four optional columns the batch
ignores and carries through (README, "Clinic mode"):

* ``language``: the person's language (``en``, ``es``, ``zh_Hant``, ``vi``, ``ko``, ``fil``), for
  their cover and next-steps sheets;
* ``sentence_detail``: ``custody`` or ``supervision`` (both are ``serving`` in the contract);
* ``signature``: ``hand`` or ``typed``;
* ``unknown_answers``: the columns answered "I don't know" (``;``-separated), which the contract
  writes blank as it writes "not answered".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from forms.batch import given_date
from rules.batch import UNKNOWN_DATE_FORMAT, Header, date_problem, parse_date
from rules.model import N_, Note
from webapp.answer_types import Answers, ConvictionAnswers, FilerAnswers, PersonAnswers, Tri

PERSON_COLUMNS = ("person_id", "name", "language", "date_of_birth")
CONVICTION_COLUMNS = (
    "county",
    "case_number",
    "count",
    "code_section",
    "offense_date",
    "conviction_date",
    "level",
    "sentence_status",
    "sentence_detail",
    "cannabis_grams",
    "concentrate_grams",
    "plant_count",
    "sold",
    "minor_involved",
    "interstate",
    "environmental_violation",
)
PERSON_FACT_COLUMNS = ("court", "superstrike_prior", "pc290_prior")
FILER_COLUMNS = (
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "email",
    "attorney_name",
    "bar_number",
    "server_name",
    "waive_judge",
    "waive_appearance",
    "signature",
)
ROW_COLUMNS = (
    *PERSON_COLUMNS,
    *CONVICTION_COLUMNS,
    *PERSON_FACT_COLUMNS,
    *FILER_COLUMNS,
    "unknown_answers",
)
LANGUAGE_CODES = ("en", "es", "zh_Hant", "vi", "ko", "fil")

_TRI_COLUMNS: dict[Literal["sa", "mi", "in", "en"], str] = {  # key -> column (yes / no / unknown)
    "sa": "sold",
    "mi": "minor_involved",
    "in": "interstate",
    "en": "environmental_violation",
}
_PERSON_TRI: dict[Literal["s", "r"], str] = {"s": "superstrike_prior", "r": "pc290_prior"}
_FILER_TEXT: dict[Literal["n", "a", "ci", "st", "z", "ph", "em", "an", "ab", "sv"], str] = {
    "n": "name",
    "a": "street",
    "ci": "city",
    "st": "state",
    "z": "zip",
    "ph": "phone",
    "em": "email",
    "an": "attorney_name",
    "ab": "bar_number",
    "sv": "server_name",
}
_YES = {"yes", "y", "true", "t", "1"}
_NO = {"no", "n", "false", "f", "0"}


def _section_choices() -> set[str]:
    from rules.sections import SECTION_CHOICES

    return {c.value for c in SECTION_CHOICES}


def _number_text(value: float | None) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return repr(value) if isinstance(value, float) else str(value)


def _tri_text(value: Tri | None) -> str:
    return {"y": "yes", "n": "no"}.get(value or "", "")


# --- answers -> rows ---------------------------------------------------------------------------


def answers_to_rows(answers: Answers, language: str) -> list[list[str]]:
    """The answers as contract rows (:data:`ROW_COLUMNS`), one per conviction (one row with the
    person alone when there is no conviction)."""
    person, filer = answers.person, answers.filer
    name = filer.get("n", "")
    unknown_person: list[str] = []
    j = person.get("j")
    court = {"y": "juvenile", "n": "adult"}.get(j or "", "")
    if j == "u":
        unknown_person.append("court")
    facts = {"court": court}
    for key, column in _PERSON_TRI.items():
        facts[column] = _tri_text(person.get(key))
        if person.get(key) == "u":
            unknown_person.append(column)
    filer_cells = {column: filer.get(key, "") for key, column in _FILER_TEXT.items()}
    if "w1" in filer:
        filer_cells["waive_judge"] = "yes" if filer["w1"] else "no"
    if "w2" in filer:
        filer_cells["waive_appearance"] = "yes" if filer["w2"] else "no"
    filer_cells["signature"] = filer.get("sg", "")
    base = {
        "person_id": name or "1",
        "name": name,
        "language": language,
        "date_of_birth": person.get("b", ""),
        **facts,
        **filer_cells,
    }
    rows: list[list[str]] = []
    convictions: Sequence[ConvictionAnswers | None] = answers.convictions or (None,)
    for c in convictions:
        cells = dict(base)
        unknown = list(unknown_person)
        if c is not None:
            unknown += _conviction_cells(c, cells)
        cells["unknown_answers"] = ";".join(unknown)
        rows.append([cells.get(column, "") for column in ROW_COLUMNS])
    return rows


def _conviction_cells(c: ConvictionAnswers, cells: dict[str, str]) -> list[str]:
    unknown: list[str] = []
    choice = c.get("s", "")
    cells["code_section"] = (
        c.get("x", "") if choice == "other" else ("" if choice == "unsure" else choice)
    )
    cells["county"] = c.get("co", "")
    cells["case_number"] = c.get("n", "")
    cells["count"] = c.get("ct", "")
    cells["offense_date"] = c.get("o", "")
    cells["conviction_date"] = c.get("d", "")
    level = c.get("l", "")
    cells["level"] = level if level in ("F", "M", "I") else ""
    if level == "u":
        unknown.append("level")
    status = c.get("t")
    cells["sentence_status"] = {"c": "serving", "p": "serving", "f": "completed"}.get(
        status or "", ""
    )
    cells["sentence_detail"] = {"c": "custody", "p": "supervision"}.get(status or "", "")
    if status == "u":
        unknown.append("sentence_status")
    cells["cannabis_grams"] = _number_text(c.get("g"))
    cells["concentrate_grams"] = _number_text(c.get("k"))
    cells["plant_count"] = _number_text(c.get("pl"))
    for key, column in _TRI_COLUMNS.items():
        cells[column] = _tri_text(c.get(key))
        if c.get(key) == "u":
            unknown.append(column)
    return unknown


# --- rows -> answers ---------------------------------------------------------------------------


class RowProblem(ValueError):
    """A cell the interview cannot take as it is: ``args[0]`` is a :class:`rules.model.Note`
    naming the column (English as the string, translatable by its template)."""


def _unknown(column: str, value: str) -> Note:
    return Note(N_("%(column)s: unknown value %(value)s"), column=column, value=repr(value))


def _not_yes_no(column: str, value: str) -> Note:
    return Note(
        N_("%(column)s: expected yes or no, got %(value)s"), column=column, value=repr(value)
    )


def _conviction_columns_blank(get: Callable[[str], str]) -> bool:
    return not any(get(c) for c in CONVICTION_COLUMNS if c not in ("sentence_detail",))


def rows_to_answers(h: Header, rows: Sequence[list[str]]) -> tuple[Answers, str]:
    """The answers in one person's rows (not yet checked), and their language ("" when none).

    Each person detail is taken from the first row that gives it. :class:`RowProblem` when a
    cell cannot be read (the save file's checks then run on the result, in
    :func:`webapp.clinic_rows.to_save_file`'s caller)."""

    def first(column: str) -> str:
        for row in rows:
            value = h.get(row, column).strip()
            if value:
                return value
        return ""

    def unknown_in(row: list[str]) -> set[str]:
        return {u.strip().lower() for u in h.get(row, "unknown_answers").split(";") if u.strip()}

    all_unknown: set[str] = set().union(*(unknown_in(r) for r in rows)) if rows else set()
    person = PersonAnswers()
    dob = first("date_of_birth")
    if dob:
        parsed = parse_date(dob)
        if not isinstance(parsed, date):
            raise RowProblem(date_problem("date_of_birth", parsed or repr(dob)))
        person["b"] = parsed.isoformat()
    court = first("court").lower()
    if court:
        if court not in ("juvenile", "adult"):
            raise RowProblem(_unknown("court", court))
        person["j"] = "y" if court == "juvenile" else "n"
    elif "court" in all_unknown:
        person["j"] = "u"
    for key, column in _PERSON_TRI.items():
        tri = _tri(first(column), column, column in all_unknown)
        if tri:
            person[key] = tri

    filer = FilerAnswers()
    for text_key, column in _FILER_TEXT.items():
        value = first(column)
        if value:
            filer[text_key] = value
    waive: tuple[tuple[Literal["w1", "w2"], str], ...] = (
        ("w1", "waive_judge"),
        ("w2", "waive_appearance"),
    )
    for waive_key, column in waive:
        value = first(column).lower()
        if value in _YES:
            filer[waive_key] = True
        elif value in _NO:
            filer[waive_key] = False
        elif value:
            raise RowProblem(_not_yes_no(column, value))
    signature = first("signature").lower()
    if signature:
        if signature not in ("hand", "typed"):
            raise RowProblem(
                Note(
                    N_("%(column)s: expected hand or typed, got %(value)s"),
                    column="signature",
                    value=repr(signature),
                )
            )
        filer["sg"] = signature

    convictions = []
    choices = _section_choices()
    for row in rows:

        def get(column: str, row: list[str] = row) -> str:
            return h.get(row, column).strip()

        if _conviction_columns_blank(get):
            continue  # the person's own row (an interview with no conviction yet)
        convictions.append(_conviction(get, unknown_in(row), choices))

    language = first("language")
    answers = Answers(person=person, convictions=tuple(convictions), filer=filer)
    return answers, language if language in LANGUAGE_CODES else ""


def _tri(text: str, column: str, unknown: bool) -> str:
    t = text.strip().lower()
    if t in _YES:
        return "y"
    if t in _NO:
        return "n"
    if t:
        raise RowProblem(_not_yes_no(column, text.strip()))
    return "u" if unknown else ""


def _partial(text: str, column: str) -> str:
    if not text:
        return ""
    iso = given_date(text)
    if not iso:
        raise RowProblem(date_problem(column, Note(UNKNOWN_DATE_FORMAT, value=repr(text))))
    return iso


def _amount(text: str, column: str, *, integer: bool = False) -> float | int | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise RowProblem(
            Note(N_("%(column)s: not a number: %(value)s"), column=column, value=repr(text))
        ) from None
    if integer:
        if not value.is_integer():
            raise RowProblem(
                Note(
                    N_("%(column)s: not a whole number: %(value)s"), column=column, value=repr(text)
                )
            )
        return int(value)
    return value


def _conviction(
    get: Callable[[str], str], unknown: set[str], choices: set[str]
) -> ConvictionAnswers:
    c = ConvictionAnswers()
    section = get("code_section")
    if not section:
        c["s"] = "unsure"
    elif section in choices:
        c["s"] = section
    else:
        c["s"], c["x"] = "other", section
    texts: tuple[tuple[Literal["co", "n", "ct"], str], ...] = (
        ("co", "county"),
        ("n", "case_number"),
        ("ct", "count"),
    )
    for key, column in texts:
        if get(column):
            c[key] = get(column)
    dates: tuple[tuple[Literal["o", "d"], str], ...] = (
        ("o", "offense_date"),
        ("d", "conviction_date"),
    )
    for date_key, column in dates:
        value = _partial(get(column), column)
        if value:
            c[date_key] = value
    level = get("level").upper()[:1] if get("level") else ""
    if level:
        if level not in ("F", "M", "I") or get("level").lower() not in (
            "f",
            "m",
            "i",
            "felony",
            "misdemeanor",
            "infraction",
        ):
            raise RowProblem(_unknown("level", get("level")))
        c["l"] = level
    elif "level" in unknown:
        c["l"] = "u"
    status = get("sentence_status").lower()
    detail = get("sentence_detail").lower()
    if status == "serving":
        c["t"] = "c" if detail == "custody" else "p"
    elif status == "completed":
        c["t"] = "f"
    elif status:
        raise RowProblem(_unknown("sentence_status", status))
    elif "sentence_status" in unknown:
        c["t"] = "u"
    amounts: tuple[tuple[Literal["g", "k"], str], ...] = (
        ("g", "cannabis_grams"),
        ("k", "concentrate_grams"),
    )
    for amount_key, column in amounts:
        amount = _amount(get(column), column)
        if amount is not None:
            c[amount_key] = amount
    plants = _amount(get("plant_count"), "plant_count", integer=True)
    if plants is not None:
        c["pl"] = int(plants)
    for tri_key, column in _TRI_COLUMNS.items():
        tri = _tri(get(column), column, column in unknown)
        if tri:
            c[tri_key] = tri
    return c
