"""The interview's forms. Every message comes from :mod:`webapp.messages`.

Dates are three boxes (month, day, year: the US order) as the GOV.UK pattern does: they work on
every phone without JavaScript and let a person give only the year. A date's error is attached
to its first box, which the error summary links to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, Field, HiddenField, RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from rules.model import Fact
from rules.registry import OFFENSES
from rules.sections import SECTION_CHOICES, parse_section
from webapp import messages as m
from webapp import validation as v
from webapp.state import format_partial_date, parse_partial_date


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class Text:
    """Length, no markup and an optional character set; the message in the person's language."""

    def __init__(self, maximum: int, pattern: str | None = None, message: Any = None) -> None:
        self.maximum = maximum
        self.pattern = re.compile(pattern) if pattern else None
        self.message = message

    def __call__(self, form: FlaskForm, field: Field) -> None:
        problem = v.text_problem(
            field.data or "", self.maximum, self.pattern.pattern if self.pattern else None
        )
        if problem == "length":
            raise ValidationError(m.too_long(self.maximum))
        if problem == "markup":
            raise ValidationError(str(m.NO_MARKUP))
        if problem == "characters":
            raise ValidationError(str(m.NO_CONTROL_CHARACTERS))
        if problem == "pattern":
            raise ValidationError(str(self.message))


class Printable:
    """Text the court forms can print (the forms package picks a font; some scripts have none)."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not field.data:
            return
        from forms.fonts import UnsupportedText, font_for

        try:
            font_for(field.data)
        except UnsupportedText:
            raise ValidationError(str(m.NOT_PRINTABLE)) from None


class Required:
    def __init__(self, message: Any) -> None:
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data in (None, "", "None"):
            raise ValidationError(str(self.message))


TRI_CHOICES = [
    SelectChoice("y", _l("Yes")),
    SelectChoice("n", _l("No")),
    SelectChoice("u", _l("I don't know")),
]


def tri(label: Any, required: bool = True, **kwargs: Any) -> RadioField:
    validators = [Required(m.REQUIRED_CHOICE)] if required else []
    return RadioField(
        label, choices=TRI_CHOICES, validators=validators, validate_choice=False, **kwargs
    )


def _choice_check(form: FlaskForm, field: Field) -> None:
    if field.data and field.data not in {str(c.value) for c in field.choices}:
        raise ValidationError(str(m.REQUIRED_CHOICE))


# --- dates ------------------------------------------------------------------------------------
#
# Month / Day / Year, the order Americans write dates in ("6 1 2010" is June 1). The month may
# also be typed as a name or an abbreviation, in English or in the page's language ("June",
# "jun", "junio"). A date's errors go on its first box (the month), which the error summary
# links to.

DATE_PARTS = ("month", "day", "year")


def date_fields(prefix: str) -> dict[str, StringField]:
    numeric = {"inputmode": "numeric", "autocomplete": "off"}
    return {
        f"{prefix}_month": StringField(
            _l("Month"), filters=[_strip], render_kw={"autocomplete": "off", "size": 9}
        ),
        f"{prefix}_day": StringField(_l("Day"), filters=[_strip], render_kw={**numeric, "size": 2}),
        f"{prefix}_year": StringField(
            _l("Year"), filters=[_strip], render_kw={**numeric, "size": 4}
        ),
    }


def date_error_field(form: FlaskForm, prefix: str) -> Field:
    """The box a date's errors are attached to: its first, the month."""
    return form[f"{prefix}_month"]


def _month_names() -> dict[str, int]:
    """Month names and abbreviations in English and the current language, lower case."""
    from babel import Locale
    from flask_babel import get_locale

    names: dict[str, int] = {}
    locales = [Locale.parse("en")]
    current = get_locale()
    if current is not None and current.language != "en":
        locales.append(current)
    for locale in locales:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    key = name.lower().rstrip(".")
                    names.setdefault(key, number)
    return names


def read_month(text: str) -> int | None:
    """The month in ``text``: a number 1 to 12 or a name; None if it is neither."""
    if text.isdigit():
        return int(text) if len(text) <= 2 and 1 <= int(text) <= 12 else None
    key = " ".join(text.lower().replace(".", " ").split())
    if not key or len(key) > 20:
        return None
    names = _month_names()
    if key in names:
        return names[key]
    if len(key) >= 3 and key.isalpha():
        # "sept", "febr": a unique beginning of one month's name.
        found = {n for name, n in names.items() if name.startswith(key)}
        if len(found) == 1:
            return found.pop()
    return None


def read_date(form: FlaskForm, prefix: str, *, whole: bool, today: date) -> str | None:
    """The partial ISO date in the three boxes, ``None`` if empty; errors go on the month box."""
    month_f, day_f, year_f = (form[f"{prefix}_{p}"] for p in DATE_PARTS)
    month_text, day, year = (month_f.data or "", day_f.data or "", year_f.data or "")
    errors: list[str] = month_f.errors
    if not (month_text or day or year):
        return None
    month = read_month(month_text) if month_text else None
    if month_text and month is None:
        errors.append(str(m.DATE_MONTH_INVALID))
        return None
    if not all(p.isdigit() for p in (day, year) if p) or any(len(p) > 4 for p in (day, year)):
        errors.append(str(m.DATE_NUMBERS_US))
        return None
    if whole and not (month and day and year):
        errors.append(str(m.DATE_OF_BIRTH_INCOMPLETE))
        return None
    if not year:
        errors.append(str(m.REQUIRED_YEAR))
        return None
    if len(year) != 4:
        errors.append(str(m.DATE_YEAR_FOUR_DIGITS))
        return None
    if day and not month:
        errors.append(str(m.DATE_DAY_WITHOUT_MONTH))
        return None
    try:
        parts = parse_partial_date(
            format_partial_date((int(year), month, int(day) if day else None))
        )
    except ValueError:
        errors.append(str(m.DATE_NOT_REAL))
        return None
    value = format_partial_date(parts)
    if value > today.isoformat()[: len(value)]:
        errors.append(str(m.DATE_IN_FUTURE))
        return None
    return value


def fill_date(form: FlaskForm, prefix: str, value: str | None) -> None:
    if not value:
        return
    year, month, day = parse_partial_date(value)
    form[f"{prefix}_year"].data = str(year)
    form[f"{prefix}_month"].data = str(month) if month else ""
    form[f"{prefix}_day"].data = str(day) if day else ""


# --- the forms --------------------------------------------------------------------------------


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button alone (clear, save): the CSRF token is its only field."""


def _version() -> HiddenField:
    """The version of the conviction the page was made from (a stale page is refused)."""
    return HiddenField(validators=[Optional()])


class VersionForm(FlaskForm):  # type: ignore[misc]
    """A button that acts on one conviction (remove): the token and the version it saw."""

    version = _version()


class PersonForm(FlaskForm):  # type: ignore[misc]
    dob_month = date_fields("dob")["dob_month"]
    dob_day = date_fields("dob")["dob_day"]
    dob_year = date_fields("dob")["dob_year"]
    juvenile = tri(_l("Was your case in juvenile court?"))
    superstrike = tri(_l("Have you ever been convicted of a “super strike”?"))
    pc290 = tri(
        _l(
            "Have you ever been convicted of an offense that requires registration as a sex"
            " offender (Penal Code § 290(c))?"
        )
    )


STATUS_CHOICES = [
    SelectChoice("c", _l("In custody (jail or prison)")),
    SelectChoice("p", _l("On probation, parole or supervision")),
    SelectChoice("f", _l("Finished")),
    SelectChoice("u", _l("I'm not sure")),
]
LEVEL_CHOICES = [
    SelectChoice("F", _l("Felony")),
    SelectChoice("M", _l("Misdemeanor")),
    SelectChoice("I", _l("Infraction")),
    SelectChoice("u", _l("I'm not sure")),
]


def section_choices() -> list[tuple[str, Any]]:
    return [
        SelectChoice("", _l("Choose one")),
        *(SelectChoice(c.value, _l(c.label)) for c in SECTION_CHOICES),
        SelectChoice("other", _l("Another section: I will type it as it is on my record")),
        SelectChoice("unsure", _l("I'm not sure")),
    ]


class ConvictionForm(FlaskForm):  # type: ignore[misc]
    county = SelectField(
        _l("County"), validators=[Required(m.REQUIRED_COUNTY), _choice_check], validate_choice=False
    )
    case_number = StringField(
        _l("Case number (optional)"),
        filters=[_strip],
        validators=[Text(*v.CASE_NUMBER, m.CASE_NUMBER_CHARACTERS)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    count = StringField(
        _l("Count number (optional)"),
        filters=[_strip],
        validators=[Text(10, r"[0-9]{1,3}( *[,&] *[0-9]{1,3})*", m.COUNT_INVALID)],
        render_kw={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"},
    )
    section = SelectField(
        _l("What were you convicted of?"),
        validators=[Required(m.REQUIRED_SECTION), _choice_check],
        validate_choice=False,
    )
    section_typed = StringField(
        _l("The code section as it is written on your record"),
        filters=[_strip],
        validators=[Text(*v.SECTION_TYPED, m.SECTION_CHARACTERS)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    offense_month = date_fields("offense")["offense_month"]
    offense_day = date_fields("offense")["offense_day"]
    offense_year = date_fields("offense")["offense_year"]
    convicted_month = date_fields("convicted")["convicted_month"]
    convicted_day = date_fields("convicted")["convicted_day"]
    convicted_year = date_fields("convicted")["convicted_year"]
    level = RadioField(
        _l("Was it a felony, a misdemeanor or an infraction?"),
        choices=LEVEL_CHOICES,
        validators=[Required(m.REQUIRED_CHOICE)],
        validate_choice=False,
    )
    status = RadioField(
        _l("Are you still serving the sentence?"),
        choices=STATUS_CHOICES,
        validators=[Required(m.REQUIRED_CHOICE)],
        validate_choice=False,
    )
    version = _version()

    def __init__(self, *args: Any, counties: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.county.choices = [
            SelectChoice("", _l("Choose a county")),
            *(SelectChoice(c, c) for c in counties),
        ]
        self.section.choices = section_choices()

    def validate_section_typed(self, field: Field) -> None:
        if self.section.data == "other" and not field.data:
            raise ValidationError(str(m.REQUIRED_TYPED_SECTION))

    def validate_level(self, field: Field) -> None:
        _choice_check(self, field)

    def validate_status(self, field: Field) -> None:
        _choice_check(self, field)

    @property
    def code_section(self) -> str:
        if self.section.data == "other":
            return str(self.section_typed.data or "")
        if self.section.data == "unsure":
            return ""
        return str(self.section.data or "")


# Which follow-up facts can change the answer for a section (shared/law/prop64.md § 2.7 and § 3):
# amounts for possession, gifts and transport; plants and environmental harm for cultivation;
# sale and minors for possession for sale; sale, minors and interstate for § 11360.
# The follow-up field that asks each conduct fact the rules read (rules/registry.py).
FIELD_FOR_FACT: dict[Fact, str] = {
    Fact.CANNABIS_GRAMS: "grams",
    Fact.CONCENTRATE_GRAMS: "concentrate",
    Fact.PLANT_COUNT: "plants",
    Fact.SOLD: "sold",
    Fact.MINOR_INVOLVED: "minors",
    Fact.INTERSTATE: "interstate",
    Fact.ENVIRONMENTAL_VIOLATION: "environment",
}
# For each section, the follow-ups to ask: exactly the facts the registry says the rules read.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    o.number: tuple(FIELD_FOR_FACT[f] for f in o.facts) for o in OFFENSES if o.facts
}
ALL_FOLLOW_UPS = ("grams", "concentrate", "plants", "sold", "minors", "interstate", "environment")


def follow_ups_for(code_section: str) -> tuple[str, ...]:
    if not code_section:
        return ALL_FOLLOW_UPS
    parsed = parse_section(code_section)
    if parsed is None:
        return ALL_FOLLOW_UPS
    if parsed.code not in ("HS", None):
        return ()
    return FOLLOW_UPS.get(parsed.number, ())


class Number:
    def __init__(self, integer: bool) -> None:
        self.integer = integer

    def __call__(self, form: FlaskForm, field: Field) -> None:
        value = (field.data or "").replace(",", ".")
        if not value:
            return
        pattern = r"\d{1,7}" if self.integer else r"\d{1,7}(\.\d{1,3})?"
        if not re.fullmatch(pattern, value):
            raise ValidationError(str(m.WHOLE_NUMBER_INVALID if self.integer else m.NUMBER_INVALID))


class DetailsForm(FlaskForm):  # type: ignore[misc]
    version = _version()
    grams = StringField(
        _l("How many grams of cannabis (flower or leaf)?"),
        filters=[_strip],
        validators=[Number(False)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    concentrate = StringField(
        _l("How many grams of concentrated cannabis (hash, wax, oil)?"),
        filters=[_strip],
        validators=[Number(False)],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    plants = StringField(
        _l("How many plants?"),
        filters=[_strip],
        validators=[Number(True)],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    sold = tri(_l("Was it for sale or for money (not a free gift)?"), required=False)
    minors = tri(
        _l(
            "Did it involve selling or giving cannabis to someone under 18, or hiring or using"
            " someone under 21?"
        ),
        required=False,
    )
    interstate = tri(
        _l("Was the cannabis brought into California, or taken out of California to sell?"),
        required=False,
    )
    environment = tri(
        _l(
            "Was there an environmental violation, such as taking water illegally or harming"
            " streams or wildlife?"
        ),
        required=False,
    )

    def keep_only(self, names: Iterable[str]) -> None:
        keep = set(names)
        for name in ALL_FOLLOW_UPS:
            if name not in keep:
                delattr(self, name)

    def validate_sold(self, field: Field) -> None:
        _choice_check(self, field)

    def validate_minors(self, field: Field) -> None:
        _choice_check(self, field)

    def validate_interstate(self, field: Field) -> None:
        _choice_check(self, field)

    def validate_environment(self, field: Field) -> None:
        _choice_check(self, field)


NAME_CHARS = r"[^\x00-\x1f<>]+"


class PetitionForm(FlaskForm):  # type: ignore[misc]
    name = StringField(
        _l("Your full name"),
        filters=[_strip],
        validators=[Required(m.REQUIRED_NAME), Text(v.NAME), Printable()],
        render_kw={"autocomplete": "name"},
    )
    street = StringField(
        _l("Mailing address: street or PO box"),
        filters=[_strip],
        validators=[Required(m.REQUIRED_ADDRESS), Text(v.STREET), Printable()],
        render_kw={"autocomplete": "street-address"},
    )
    city = StringField(
        _l("City"),
        filters=[_strip],
        validators=[Required(m.REQUIRED_CITY), Text(v.CITY), Printable()],
        render_kw={"autocomplete": "address-level2"},
    )
    state = StringField(
        _l("State"),
        filters=[_strip],
        validators=[Text(v.STATE), Printable()],
        render_kw={"autocomplete": "address-level1"},
    )
    zip = StringField(
        _l("ZIP code"),
        filters=[_strip],
        validators=[Required(m.REQUIRED_ZIP), Text(*v.ZIP, m.ZIP_INVALID), Printable()],
        render_kw={"autocomplete": "postal-code", "inputmode": "numeric"},
    )
    phone = StringField(
        _l("Phone (optional)"),
        filters=[_strip],
        validators=[Text(*v.PHONE, m.PHONE_INVALID)],
        render_kw={"autocomplete": "tel", "type": "tel"},
    )
    email = StringField(
        _l("Email (optional)"),
        filters=[_strip],
        validators=[Text(*v.EMAIL, m.EMAIL_INVALID)],
        render_kw={"autocomplete": "email", "type": "email"},
    )
    attorney_name = StringField(
        _l("Attorney's name"),
        filters=[_strip],
        validators=[Text(v.ATTORNEY), Printable()],
        render_kw={"autocomplete": "off"},
    )
    attorney_bar = StringField(
        _l("Attorney's State Bar number"),
        filters=[_strip],
        validators=[Text(*v.BAR_NUMBER, m.BAR_NUMBER_INVALID), Printable()],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    waive_judge = BooleanField(
        _l("I agree that any judge may decide my request, not only the judge who sentenced me.")
    )
    waive_appearance = BooleanField(
        _l("I agree that the court may decide without me being there in person.")
    )
    server = StringField(
        _l("Name of the person who will serve the papers (optional)"),
        filters=[_strip],
        validators=[Text(v.SERVER), Printable()],
        render_kw={"autocomplete": "off"},
    )
    signature = RadioField(
        _l("How will you sign the forms?"),
        choices=[
            SelectChoice("hand", _l("I will print the forms and sign them by hand")),
            SelectChoice("typed", _l("Type my name as an electronic signature (/s/ and my name)")),
        ],
        validators=[Required(m.REQUIRED_SIGNATURE)],
        validate_choice=False,
    )

    def validate_signature(self, field: Field) -> None:
        _choice_check(self, field)


class ResumeForm(FlaskForm):  # type: ignore[misc]
    answers_file = FileField(
        _l("Your saved answers file"), render_kw={"accept": ".json,application/json"}
    )
