"""The interview, one step a page: start, already cleared?, about you, convictions, results,
petition details, download. Every step is a plain HTML form; answers go to the session."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from werkzeug.wrappers import Response

from rules.model import Outcome
from webapp import courts, eligibility, messages, state
from webapp.forms import (
    ActionForm,
    ConvictionForm,
    DetailsForm,
    PersonForm,
    PetitionForm,
    fill_date,
    follow_ups_for,
    read_date,
)

bp = Blueprint("interview", __name__)

STEPS = ("start", "cleared", "about_you", "convictions", "results", "petition", "download")


def today() -> date:
    return date.today()


def show_date(value: str | None) -> str:
    """A partial ISO date in the person's language: 1985, March 1985 or 27 March 1985."""
    if not value:
        return ""
    lo, _hi = state.date_bounds(value)
    assert lo is not None
    if len(value) == 4:
        return value
    if len(value) == 7:
        return str(format_date(lo, "yMMMM"))
    return str(format_date(lo, "long"))


@bp.app_context_processor
def helpers() -> dict[str, Any]:
    return {
        "show_date": show_date,
        "action_form": ActionForm(formdata=None),
        "STEPS": STEPS,
        "has_answers": bool(state.answers()),
    }


@bp.route("/")
def start() -> str:
    return render_template("interview/start.html")


@bp.route("/cleared")
def cleared() -> str:
    return render_template("interview/cleared.html")


@bp.route("/about-you", methods=["GET", "POST"])
def about_you() -> str | Response:
    form = PersonForm()
    person = state.person()
    if request.method == "GET":
        fill_date(form, "dob", person.get("b"))
        form.juvenile.data = person.get("j")
        form.superstrike.data = person.get("s")
        form.pc290.data = person.get("r")
    elif _validate_person(form):
        state.set_person(
            {
                "b": read_date(form, "dob", whole=True, today=today()),
                "j": form.juvenile.data,
                "s": form.superstrike.data,
                "r": form.pc290.data,
            }
        )
        return redirect(url_for(".convictions"))
    return render_template("interview/about_you.html", form=form)


def _validate_person(form: PersonForm) -> bool:
    ok = form.validate()
    dob = read_date(form, "dob", whole=True, today=today())
    if form.dob_day.errors:
        return False
    if dob:
        for c in state.convictions():
            _lo, hi = state.date_bounds(c.get("o"))
            if hi is not None and hi.isoformat() < dob:
                form.dob_day.errors.append(str(messages.BIRTH_AFTER_OFFENSE))
                return False
    return bool(ok)


@bp.route("/convictions")
def convictions() -> str:
    items = state.convictions()
    return render_template(
        "interview/convictions.html",
        items=items,
        full=len(items) >= current_app.config["MAX_CONVICTIONS"],
        section_label=_section_label,
    )


def _section_label(c: dict[str, Any]) -> str:
    from flask_babel import gettext

    from rules.sections import SECTION_CHOICES

    choice = c.get("s", "")
    for sc in SECTION_CHOICES:
        if sc.value == choice:
            return f"{gettext(sc.label)} ({sc.value})"
    if choice == "other":
        return str(c.get("x", ""))
    return str(gettext("Code section not known"))


def _conviction_or_404(index: int) -> dict[str, Any]:
    items = state.convictions()
    if not 0 <= index < len(items):
        abort(404)
    return items[index]


@bp.route("/convictions/new", methods=["GET", "POST"], defaults={"index": None})
@bp.route("/convictions/<int:index>", methods=["GET", "POST"])
def conviction(index: int | None) -> str | Response:
    items = state.convictions()
    if index is None and len(items) >= current_app.config["MAX_CONVICTIONS"]:
        flash(str(messages.TOO_MANY_CONVICTIONS))
        return redirect(url_for(".convictions"))
    current = _conviction_or_404(index) if index is not None else {}
    form = ConvictionForm(counties=courts.counties())
    if request.method == "GET" and current:
        form.county.data = current.get("co")
        form.case_number.data = current.get("n")
        form.section.data = current.get("s")
        form.section_typed.data = current.get("x")
        fill_date(form, "offense", current.get("o"))
        fill_date(form, "convicted", current.get("d"))
        form.level.data = current.get("l")
        form.status.data = current.get("t")
    elif request.method == "POST":
        values = _read_conviction(form)
        if values is not None:
            # Keep follow-up answers that still apply to the (possibly changed) section.
            relevant = follow_ups_for(form.code_section)
            merged = {
                **{k: v for k, v in current.items() if k in _all_fact_keys(relevant)},
                **values,
            }
            if index is None:
                items.append(merged)
                index = len(items) - 1
            else:
                items[index] = merged
            state.set_convictions(items)
            if relevant:
                return redirect(url_for(".details", index=index))
            return redirect(url_for(".convictions"))
    return render_template("interview/conviction.html", form=form, index=index)


def _read_conviction(form: ConvictionForm) -> dict[str, Any] | None:
    ok = form.validate()
    offense = read_date(form, "offense", whole=False, today=today())
    convicted = read_date(form, "convicted", whole=False, today=today())
    dob = state.person().get("b")
    if offense and dob and state.date_bounds(offense)[1] < date.fromisoformat(dob):  # type: ignore[operator]
        form.offense_day.errors.append(str(messages.OFFENSE_BEFORE_BIRTH))
    if offense and convicted:
        off_lo, _ = state.date_bounds(offense)
        _, conv_hi = state.date_bounds(convicted)
        if conv_hi is not None and off_lo is not None and conv_hi < off_lo:
            form.convicted_day.errors.append(str(messages.CONVICTION_BEFORE_OFFENSE))
    if not ok or form.offense_day.errors or form.convicted_day.errors:
        return None
    return {
        "co": form.county.data,
        "n": form.case_number.data,
        "s": form.section.data,
        "x": form.section_typed.data if form.section.data == "other" else None,
        "o": offense,
        "d": convicted,
        "l": form.level.data,
        "t": form.status.data,
    }


_FACT_KEYS_BY_FOLLOW_UP = {
    "grams": "g",
    "concentrate": "k",
    "plants": "pl",
    "sold": "sa",
    "minors": "mi",
    "interstate": "in",
    "environment": "en",
}


def _all_fact_keys(names: tuple[str, ...]) -> set[str]:
    return {_FACT_KEYS_BY_FOLLOW_UP[n] for n in names}


@bp.route("/convictions/<int:index>/details", methods=["GET", "POST"])
def details(index: int) -> str | Response:
    current = _conviction_or_404(index)
    relevant = follow_ups_for(eligibility.code_section(current))
    if not relevant:
        return redirect(url_for(".convictions"))
    form = DetailsForm()
    form.keep_only(relevant)
    if request.method == "GET":
        for name in relevant:
            value = current.get(_FACT_KEYS_BY_FOLLOW_UP[name])
            form[name].data = "" if value is None else str(value)
    elif form.validate():
        items = state.convictions()
        updated = {k: v for k, v in current.items() if k not in _FACT_KEYS_BY_FOLLOW_UP.values()}
        for name in relevant:
            raw = form[name].data or ""
            key = _FACT_KEYS_BY_FOLLOW_UP[name]
            if name in ("grams", "concentrate"):
                updated[key] = float(raw.replace(",", ".")) if raw else None
            elif name == "plants":
                updated[key] = int(raw) if raw else None
            else:
                updated[key] = raw if raw in ("y", "n") else None
        items[index] = updated
        state.set_convictions(items)
        return redirect(url_for(".convictions"))
    return render_template("interview/details.html", form=form, index=index, item=current)


@bp.route("/convictions/<int:index>/remove", methods=["POST"])
def remove(index: int) -> Response:
    items = state.convictions()
    if ActionForm().validate_on_submit() and 0 <= index < len(items):
        del items[index]
        state.set_convictions(items)
    return redirect(url_for(".convictions"))


def _rows() -> list[eligibility.Row]:
    return eligibility.assess(state.person(), state.convictions())


@bp.route("/results")
def results() -> str:
    rows = _rows()
    return render_template(
        "interview/results.html",
        rows=rows,
        section_label=_section_label,
        titles=messages.OUTCOME_TITLES,
        explanations=messages.OUTCOME_EXPLANATIONS,
        tracks=messages.TRACK_WORDS,
        Outcome=Outcome,
        follow_ups_for=follow_ups_for,
        code_section=eligibility.code_section,
        any_fileable=bool(rows and eligibility.cases(rows)),
    )


@bp.route("/petition", methods=["GET", "POST"])
def petition() -> str | Response:
    form = PetitionForm()
    saved = state.filer()
    if request.method == "GET":
        for field, key in _FILER_FIELDS.items():
            form[field].data = saved.get(key, form[field].data)
        if not saved:
            form.state.data = "CA"
    elif form.validate():
        state.set_filer({key: form[field].data for field, key in _FILER_FIELDS.items()})
        return redirect(url_for(".download"))
    return render_template("interview/petition.html", form=form)


_FILER_FIELDS = {
    "name": "n",
    "street": "a",
    "city": "ci",
    "state": "st",
    "zip": "z",
    "phone": "ph",
    "email": "em",
    "attorney_name": "an",
    "attorney_bar": "ab",
    "waive_judge": "w1",
    "waive_appearance": "w2",
    "server": "sv",
    "signature": "sg",
}


@bp.route("/download")
def download() -> str:
    rows = _rows()
    groups = eligibility.cases(rows) if rows else []
    return render_template(
        "interview/download.html",
        groups=groups,
        filer=state.filer(),
        offices=courts.offices,
    )


def _group_or_404(number: int) -> list[eligibility.Row]:
    rows = _rows()
    groups = eligibility.cases(rows) if rows else []
    if not 0 <= number < len(groups):
        abort(404)
    return groups[number]


@bp.route("/download/<int:number>/packet.pdf")
def packet(number: int) -> Response:
    group = _group_or_404(number)
    filer = state.filer()
    if not filer.get("n"):
        return redirect(url_for(".petition"))
    from forms.packet import PacketError
    from webapp.packets import build

    try:
        pdf = build(group, filer, today())
    except PacketError:
        flash(str(messages.PACKET_FAILED))
        return redirect(url_for(".download"))
    county, case_number = group[0].case_key
    name = f"prop64-{county}-{case_number or 'case'}.pdf".replace(" ", "-").lower()
    response = current_app.response_class(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{_safe_filename(name)}"'
    return response


def _safe_filename(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)


@bp.route("/download/<int:number>/next-steps")
def next_steps(number: int) -> str:
    group = _group_or_404(number)
    county, case_number = group[0].case_key
    return render_template(
        "interview/next_steps.html",
        group=group,
        county=county,
        case_number=case_number,
        office=courts.offices(county),
        filer=state.filer(),
        section_label=_section_label,
        titles=messages.OUTCOME_TITLES,
        today=format_date(today(), "long"),
    )
