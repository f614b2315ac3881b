"""The interview, one step a page: start, already cleared?, about you, convictions, results,
petition details, download. Every step is a plain HTML form; answers go to the session."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_skeleton
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
from flask_babel import format_date, get_locale
from werkzeug.wrappers import Response

from rules.model import Outcome
from webapp import courts, eligibility, messages, packets, state
from webapp.answer_types import ConvictionAnswers
from webapp.forms import (
    ActionForm,
    ConvictionForm,
    DetailsForm,
    PersonForm,
    PetitionForm,
    VersionForm,
    date_error_field,
    fill_date,
    follow_ups_for,
    read_date,
)

bp = Blueprint("interview", __name__)

STEPS = ("start", "cleared", "about_you", "convictions", "results", "petition", "download")


def today() -> date:
    return date.today()


def show_date(value: str | None) -> str:
    """A partial ISO date in the person's language: 1985, March 1985 or March 27, 1985 (each
    language's own order and words: "tháng 3 năm 1985", "1985年3月")."""
    if not value:
        return ""
    lo, _hi = state.date_bounds(value)
    assert lo is not None
    if len(value) == 4:
        return value
    if len(value) == 7:
        # "yMMMM" is a skeleton (which fields), not a pattern: each locale says how to write
        # a month and year. As a pattern it printed "2016November", "2016tháng 11".
        return format_skeleton("yMMMM", lo, locale=get_locale() or "en")
    return str(format_date(lo, "long"))


class _LazyActionForm:
    """An :class:`ActionForm` made on first use."""

    _form: ActionForm | None = None

    def __getattr__(self, name: str) -> Any:
        if self._form is None:
            self._form = ActionForm(formdata=None)
        return getattr(self._form, name)


@bp.app_context_processor
def helpers() -> dict[str, object]:
    return {
        "show_date": show_date,
        # Made when a template uses it (base.html writes the token itself): making a form for
        # every page took a tenth of a page's time.
        "action_form": _LazyActionForm(),
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
    draft = draft_data()  # taken in any case: a POST leaves no draft behind
    form = PersonForm() if request.method == "POST" else PersonForm(formdata=draft)
    person = state.person()
    if request.method == "GET" and draft is None:
        fill_date(form, "dob", person.get("b"))
        form.juvenile.data = person.get("j")
        form.superstrike.data = person.get("s")
        form.pc290.data = person.get("r")
    elif request.method == "POST":
        if _validate_person(form):
            try:
                state.set_person(
                    state.person_from(
                        {
                            "b": read_date(form, "dob", whole=True, today=today()),
                            "j": form.juvenile.data,
                            "s": form.superstrike.data,
                            "r": form.pc290.data,
                        }
                    )
                )
            except state.AnswersTooLarge:
                form.form_errors.append(str(messages.ANSWERS_TOO_LARGE))
            else:
                return redirect(url_for(".convictions"))
    return render_form("interview/about_you.html", form)


def _validate_person(form: PersonForm) -> bool:
    ok = form.validate()
    dob = read_date(form, "dob", whole=True, today=today())
    first = date_error_field(form, "dob")
    if first.errors:
        return False
    if dob:
        for c in state.convictions():
            _lo, hi = state.date_bounds(c.get("o"))
            if hi is not None and hi.isoformat() < dob:
                first.errors.append(str(messages.BIRTH_AFTER_OFFENSE))
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


def _section_label(c: ConvictionAnswers) -> str:
    from flask_babel import gettext

    from rules.sections import SECTION_CHOICES

    choice = c.get("s", "")
    for sc in SECTION_CHOICES:
        if sc.value == choice:
            return f"{gettext(sc.label)} ({sc.value})"
    if choice == "other":
        return str(c.get("x", ""))
    return str(gettext("Code section not known"))


def _conviction_or_404(conviction_id: int) -> ConvictionAnswers:
    found = state.find(conviction_id)
    if found is None:
        abort(404)
    return found


def number_of(conviction_id: int) -> int:
    """The conviction's place in the list as the person sees it (1, 2, ...)."""
    for n, c in enumerate(state.convictions(), start=1):
        if c.get(state.ID) == conviction_id:
            return n
    return 0


def render_form(template: str, form: Any, **context: Any) -> str:
    """A page whose main form keeps its draft when the language is switched (the switcher's
    buttons submit the form to /language/<code>)."""
    return render_template(template, form=form, keep_draft=True, **context)


def draft_data() -> Any:
    """What was typed on this page before a language switch, if anything (used once)."""
    from werkzeug.datastructures import MultiDict

    draft = state.take_draft(request.path)
    return MultiDict(draft) if draft is not None else None


@bp.route("/convictions/new")
def new_conviction() -> Response:
    """Every "add" form gets the id its conviction will have, in its address: submitting it
    twice, or again after Back, can never add a second conviction."""
    if len(state.convictions()) >= current_app.config["MAX_CONVICTIONS"]:
        flash(str(messages.TOO_MANY_CONVICTIONS))
        return redirect(url_for(".convictions"))
    return redirect(url_for(".add", token=state.next_id()))


@bp.route("/convictions/new/<int:token>", methods=["GET", "POST"])
def add(token: int) -> str | Response:
    expected = state.next_id()
    if request.method == "GET" and token != expected:
        if state.find(token) is not None:
            # Back after saving: the conviction exists, so show it to change, not to add again.
            flash(str(messages.ALREADY_SAVED))
            return redirect(url_for(".conviction", conviction_id=token))
        return redirect(url_for(".new_conviction"))
    draft = draft_data()
    if request.method == "POST":
        form = ConvictionForm(counties=courts.counties())
        values = _read_conviction(form)
        if values is not None:
            if token != expected:
                existing = state.find(token)
                if existing is not None and _same(existing, values):
                    flash(str(messages.ALREADY_SAVED))
                    return redirect(url_for(".convictions"))
                # A form used before (another tab, or Back and changed): say so, keep what was
                # typed, and let the person add it as a new conviction if that is what they mean.
                form.form_errors.append(str(messages.FORM_ALREADY_USED))
                token = expected
            elif len(state.convictions()) >= current_app.config["MAX_CONVICTIONS"]:
                form.form_errors.append(str(messages.TOO_MANY_CONVICTIONS))
            else:
                try:
                    new_id = state.add_conviction(values)
                except state.AnswersTooLarge:
                    form.form_errors.append(str(messages.ANSWERS_TOO_LARGE))
                else:
                    if follow_ups_for(form.code_section):
                        return redirect(url_for(".details", conviction_id=new_id))
                    return redirect(url_for(".convictions"))
    else:
        form = ConvictionForm(counties=courts.counties(), formdata=draft)
    return render_form(
        "interview/conviction.html",
        form,
        action=url_for(".add", token=token),
        number=None,
    )


def _same(existing: ConvictionAnswers, values: ConvictionAnswers) -> bool:
    return all(existing.get(k) == v for k, v in values.items())


@bp.route("/convictions/<int:conviction_id>", methods=["GET", "POST"])
def conviction(conviction_id: int) -> str | Response:
    current = state.find(conviction_id)
    if current is None:
        if request.method == "POST":
            flash(str(messages.CONVICTION_GONE))
            return redirect(url_for(".convictions"))
        abort(404)
    draft = draft_data()
    form = (
        ConvictionForm(counties=courts.counties())
        if request.method == "POST"
        else ConvictionForm(counties=courts.counties(), formdata=draft)
    )
    if request.method == "GET" and draft is None:
        form.county.data = current.get("co")
        form.case_number.data = current.get("n")
        form.count.data = current.get("ct")
        form.section.data = current.get("s")
        form.section_typed.data = current.get("x")
        fill_date(form, "offense", current.get("o"))
        fill_date(form, "convicted", current.get("d"))
        form.level.data = current.get("l")
        form.status.data = current.get("t")
        form.version.data = str(current.get(state.VERSION, ""))
    elif request.method == "POST":
        values = _read_conviction(form)
        if values is not None:
            if form.version.data != str(current.get(state.VERSION)):
                # Changed in another tab since this page was opened: change nothing, keep what
                # was typed, and let the person save again knowing it.
                form.form_errors.append(str(messages.CHANGED_ELSEWHERE))
                form.version.data = str(current.get(state.VERSION))
            else:
                relevant = follow_ups_for(form.code_section)
                # Keep follow-up answers that still apply to the (possibly changed) section.
                merged = state.conviction_from(
                    {
                        **{k: v for k, v in current.items() if k in _all_fact_keys(relevant)},
                        **values,
                    }
                )
                try:
                    state.update_conviction(conviction_id, merged)
                except state.AnswersTooLarge:
                    form.form_errors.append(str(messages.ANSWERS_TOO_LARGE))
                else:
                    if relevant:
                        return redirect(url_for(".details", conviction_id=conviction_id))
                    return redirect(url_for(".convictions"))
    return render_form(
        "interview/conviction.html",
        form,
        action=url_for(".conviction", conviction_id=conviction_id),
        number=number_of(conviction_id),
    )


def _read_conviction(form: ConvictionForm) -> ConvictionAnswers | None:
    ok = form.validate()
    offense = read_date(form, "offense", whole=False, today=today())
    convicted = read_date(form, "convicted", whole=False, today=today())
    first_offense, first_convicted = (
        date_error_field(form, "offense"),
        date_error_field(form, "convicted"),
    )
    dob = state.person().get("b")
    if offense and dob and state.date_bounds(offense)[1] < date.fromisoformat(dob):  # type: ignore[operator]
        first_offense.errors.append(str(messages.OFFENSE_BEFORE_BIRTH))
    if offense and convicted:
        off_lo, _ = state.date_bounds(offense)
        _, conv_hi = state.date_bounds(convicted)
        if conv_hi is not None and off_lo is not None and conv_hi < off_lo:
            first_convicted.errors.append(str(messages.CONVICTION_BEFORE_OFFENSE))
    if not ok or first_offense.errors or first_convicted.errors:
        return None
    return state.conviction_from(
        {
            "co": form.county.data,
            "n": form.case_number.data,
            "ct": form.count.data or None,
            "s": form.section.data,
            "x": form.section_typed.data if form.section.data == "other" else None,
            "o": offense,
            "d": convicted,
            "l": form.level.data,
            "t": form.status.data,
        }
    )


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


@bp.route("/convictions/<int:conviction_id>/details", methods=["GET", "POST"])
def details(conviction_id: int) -> str | Response:
    current = state.find(conviction_id)
    if current is None:
        if request.method == "POST":
            flash(str(messages.CONVICTION_GONE))
            return redirect(url_for(".convictions"))
        abort(404)
    relevant = follow_ups_for(eligibility.code_section(current))
    if not relevant:
        return redirect(url_for(".convictions"))
    draft = draft_data()
    form = DetailsForm() if request.method == "POST" else DetailsForm(formdata=draft)
    form.keep_only(relevant)
    if request.method == "GET" and draft is None:
        for name in relevant:
            value = current.get(_FACT_KEYS_BY_FOLLOW_UP[name])
            form[name].data = "" if value is None else str(value)
        form.version.data = str(current.get(state.VERSION, ""))
    elif request.method == "POST":
        if form.validate():
            if form.version.data != str(current.get(state.VERSION)):
                form.form_errors.append(str(messages.CHANGED_ELSEWHERE))
                form.version.data = str(current.get(state.VERSION))
            else:
                updated: dict[str, object] = {
                    k: v for k, v in current.items() if k not in _FACT_KEYS_BY_FOLLOW_UP.values()
                }
                for name in relevant:
                    raw = form[name].data or ""
                    key = _FACT_KEYS_BY_FOLLOW_UP[name]
                    if name in ("grams", "concentrate"):
                        updated[key] = float(raw.replace(",", ".")) if raw else None
                    elif name == "plants":
                        updated[key] = int(raw) if raw else None
                    else:
                        updated[key] = raw if raw in ("y", "n") else None
                try:
                    state.update_conviction(conviction_id, state.conviction_from(updated))
                except state.AnswersTooLarge:
                    form.form_errors.append(str(messages.ANSWERS_TOO_LARGE))
                else:
                    return redirect(url_for(".convictions"))
    return render_form(
        "interview/details.html",
        form,
        conviction_id=conviction_id,
        number=number_of(conviction_id),
        item=current,
        section_label=_section_label,
    )


@bp.route("/convictions/<int:conviction_id>/remove", methods=["GET", "POST"])
def remove(conviction_id: int) -> str | Response:
    """Remove asks first (a page, so it works without JavaScript), then removes by id and
    version: a page left open in another tab never removes another conviction."""
    current = state.find(conviction_id)
    form = VersionForm()
    if request.method == "POST":
        if current is None:
            flash(str(messages.CONVICTION_GONE))
            return redirect(url_for(".convictions"))
        if form.validate_on_submit():
            if form.version.data != str(current.get(state.VERSION)):
                flash(str(messages.CHANGED_ELSEWHERE_REMOVE))
                return redirect(url_for(".remove", conviction_id=conviction_id))
            state.remove_conviction(conviction_id)
            flash(str(messages.CONVICTION_REMOVED))
        return redirect(url_for(".convictions"))
    if current is None:
        abort(404)
    form.version.data = str(current.get(state.VERSION, ""))
    return render_template(
        "interview/remove.html",
        form=form,
        item=current,
        conviction_id=conviction_id,
        number=number_of(conviction_id),
        section_label=_section_label,
    )


@bp.route("/check")
def check() -> str:
    """Check your answers: every answer in words (dates as "March 27, 2014" in the person's
    language), each with a link to the page that changes it, before the results."""
    from webapp.forms import LEVEL_CHOICES, STATUS_CHOICES, TRI_CHOICES

    def words(choices: Any) -> dict[str, str]:
        return {str(c.value): str(c.label) for c in choices}

    return render_template(
        "interview/check.html",
        person=state.person(),
        items=state.convictions(),
        tri=words(TRI_CHOICES),
        levels=words(LEVEL_CHOICES),
        statuses=words(STATUS_CHOICES),
        section_label=_section_label,
        fact_keys=_FACT_KEYS_BY_FOLLOW_UP,
        fact_labels={f.name: str(f.label.text) for f in DetailsForm(formdata=None)},
        follow_ups_for=follow_ups_for,
        code_section=eligibility.code_section,
    )


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
        question_link=question_link,
        any_fileable=bool(rows and eligibility.cases(rows)),
    )


# The page, and the box on it, that asks each fact a question can name (rules.model.Fact).
_FACT_PLACES: dict[str, tuple[str, str]] = {
    "date_of_birth": ("about_you", "dob_month"),
    "offense_date": ("conviction", "offense_month"),
    "level": ("conviction", "level-0"),
    "code_section": ("conviction", "section"),
    "sentence_status": ("conviction", "status-0"),
    "cannabis_grams": ("details", "grams"),
    "concentrate_grams": ("details", "concentrate"),
    "plant_count": ("details", "plants"),
    "sold": ("details", "sold-0"),
    "minor_involved": ("details", "minors-0"),
    "interstate": ("details", "interstate-0"),
    "environmental_violation": ("details", "environment-0"),
    "superstrike_prior": ("about_you", "superstrike-0"),
    "pc290_prior": ("about_you", "pc290-0"),
}


def question_link(row: eligibility.Row, question: Any) -> str:
    """Where the person answers ``question`` about ``row``: the page that asks that fact."""
    conviction_id = row.answers.get(state.ID, row.index)
    page, box = _FACT_PLACES.get(str(question.fact), ("conviction", "county"))
    if page == "details":
        wanted = box.split("-")[0]
        if wanted not in follow_ups_for(eligibility.code_section(row.answers)):
            page, box = "conviction", "section"
    if page == "about_you":
        return url_for(".about_you", _anchor=box)
    return url_for(f".{page}", conviction_id=conviction_id, _anchor=box)


@bp.route("/petition", methods=["GET", "POST"])
def petition() -> str | Response:
    draft = draft_data()
    form = PetitionForm() if request.method == "POST" else PetitionForm(formdata=draft)
    saved = state.filer()
    if request.method == "GET" and draft is None:
        for field, key in _FILER_FIELDS.items():
            form[field].data = saved.get(key, form[field].data)
        if not saved:
            form.state.data = "CA"
    elif request.method == "POST":
        if form.validate():
            try:
                state.set_filer(
                    state.filer_from(
                        {key: form[field].data for field, key in _FILER_FIELDS.items()}
                    )
                )
            except state.AnswersTooLarge:
                form.form_errors.append(str(messages.ANSWERS_TOO_LARGE))
            else:
                return redirect(url_for(".download"))
    return render_form("interview/petition.html", form)


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


def _papers_or_page(
    number: int | None = None,
) -> tuple[packets.Papers | tuple[str, bytes] | None, str | Response | None]:
    """Every PDF of the download, built before any link is shown (or, with ``number``, that
    case's packet only); else the page to show instead: the details page when the name or the
    mailing address is missing, or a page in the person's language saying what to change (the
    answers are kept in the session)."""
    rows = _rows()
    groups = eligibility.cases(rows) if rows else []
    filer = state.filer()
    if not groups:
        return None, render_template("interview/download.html", groups=[], filer=filer)
    if not filer.get("n") or not (filer.get("a") and filer.get("ci") and filer.get("z")):
        return None, redirect(url_for(".petition"))
    if number is not None and not 0 <= number < len(groups):
        abort(404)
    try:
        if number is not None:
            return packets.case_packet(groups, filer, today(), number), None
        return packets.papers(groups, filer, today()), None
    except packets.PacketError as e:
        current_app.logger.warning("packet failed (%s)", type(e).__name__)  # no answers logged
        fix = packets.FIELD_WORDS.get(e.field, messages.PACKET_FIX_OTHER)
        page = render_template("interview/packet_failed.html", fix=fix)
        return None, current_app.response_class(page, status=422, mimetype="text/html")


@bp.route("/download")
def download() -> str | Response:
    papers, page = _papers_or_page()
    if not isinstance(papers, packets.Papers):
        assert page is not None
        return page
    rows = _rows()
    groups = eligibility.cases(rows)
    return render_template(
        "interview/download.html",
        groups=groups,
        filer=state.filer(),
        offices=courts.offices,
        names=[n for n, _pdf in papers.cases],
        combined_name=papers.combined_name,
    )


def _pdf(data: bytes, name: str) -> Response:
    response = current_app.response_class(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{_safe_filename(name)}"'
    return response


@bp.route("/download/<int:number>/packet.pdf")
def packet(number: int) -> str | Response:
    built, page = _papers_or_page(number)
    if not isinstance(built, tuple):
        assert page is not None
        return page
    name, pdf = built
    return _pdf(pdf, name)


@bp.route("/download/all.pdf")
def combined() -> str | Response:
    papers, page = _papers_or_page()
    if not isinstance(papers, packets.Papers):
        assert page is not None
        return page
    return _pdf(papers.combined, papers.combined_name)


def _group_or_404(number: int) -> list[eligibility.Row]:
    rows = _rows()
    groups = eligibility.cases(rows) if rows else []
    if not 0 <= number < len(groups):
        abort(404)
    return groups[number]


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
