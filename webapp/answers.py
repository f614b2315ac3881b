"""The answers themselves: save to a file, resume from it, clear them, choose the language."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from werkzeug.wrappers import Response

from webapp import courts, i18n, messages, state
from webapp.forms import ActionForm, ResumeForm
from webapp.interview import today

bp = Blueprint("answers", __name__)


def _back(default: str = "interview.start") -> str:
    """Where the person was: a path on this site only (never another origin)."""
    target = request.values.get("next", "")
    if len(target) > 200 or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return url_for(default)  # a header cannot carry control characters (CR LF)
    parts = urlsplit(target)
    if (
        target.startswith("/")
        and not target.startswith("//")
        and not parts.netloc
        and "\\" not in target
    ):
        return target
    return url_for(default)


@bp.route("/save", methods=["POST"])
def save() -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    body = state.dump_save_file(state.portable_answers(), today())
    response = current_app.response_class(body, mimetype="application/json")
    response.headers["Content-Disposition"] = 'attachment; filename="prop64-answers.json"'
    return response


@bp.route("/resume", methods=["GET", "POST"])
def resume() -> str | Response:
    form = ResumeForm()
    if form.validate_on_submit():
        upload = form.answers_file.data
        if upload is None or not getattr(upload, "filename", ""):
            form.answers_file.errors.append(str(messages.REQUIRED_FILE))
        else:
            limit = current_app.config["SAVE_FILE_MAX_BYTES"]
            raw = upload.stream.read(limit + 1)
            if len(raw) > limit:
                form.answers_file.errors.append(str(messages.FILE_TOO_LARGE))
            else:
                try:
                    loaded = state.load_save_file(
                        raw, courts.counties(), current_app.config["MAX_CONVICTIONS"]
                    )
                except state.SaveFileError:
                    form.answers_file.errors.append(str(messages.FILE_INVALID))
                else:
                    try:
                        state.replace_answers(loaded)
                    except state.AnswersTooLarge:
                        form.answers_file.errors.append(str(messages.ANSWERS_TOO_LARGE))
                    else:
                        flash(str(messages.ANSWERS_LOADED))
                        return redirect(url_for("interview.convictions"))
    elif request.method == "POST" and not form.errors:
        form.answers_file.errors = [str(messages.REQUIRED_FILE)]
    return render_template("answers/resume.html", form=form)


@bp.route("/clear", methods=["GET", "POST"])
def clear() -> str | Response:
    """ "Clear my answers" asks first, on a page of its own (it works without JavaScript)."""
    form = ActionForm()
    if request.method == "POST":
        if form.validate_on_submit():
            state.clear_answers(until=time.time() + idle_seconds())
            flash(str(messages.ANSWERS_CLEARED))
        return redirect(url_for("interview.start"))
    return render_template("answers/clear.html", form=form, back=_back())


def idle_seconds() -> int:
    return int(current_app.config["IDLE_MINUTES"]) * 60 + 60


@bp.route("/language/<code>", methods=["GET", "POST"])
def language(code: str) -> Response:
    """Switch the language. From a form page the switcher's buttons submit the form here: what
    was typed is kept as a draft and the page comes back with it, in the new language."""
    if code not in i18n.BY_CODE:
        abort(404)
    session[i18n.SESSION_KEY] = code
    target = _back()
    if request.method == "POST":
        state.keep_draft(target, list(request.form.items(multi=True)))
    return redirect(target)
