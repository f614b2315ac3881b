"""Clinic mode (``/clinic``): a volunteer's spreadsheet of many clients, through the same rules.

**Nothing is kept after the response, nothing touches disk.** The upload is read into memory
(this blueprint gives Werkzeug an in-memory stream for file parts, so even a large upload is
never spooled to a temporary file), evaluated, and forgotten when the response is sent. The
results page needs the data again for its filters, downloads and "continue in the interview"
buttons, so it carries the file itself, compressed and sealed (AES-256-GCM under a key derived
from ``SECRET_KEY``) in a hidden field of its form: the browser sends it back with each button.
The seal names this browser's answers nonce and the time, so it is refused after the idle time
and after "Start the next client" (which clears the answers and so changes the nonce).

Limits (app config, README "Clinic mode"): ``CLINIC_MAX_BYTES`` (10 MB), ``CLINIC_MAX_ROWS``
(60,000), ``CLINIC_MAX_PEOPLE_WITH_PACKETS`` (500) and ``CLINIC_TABLE_ROWS`` (rows per page of
the table). Only this blueprint's upload routes take bodies that large; the rest of the site
keeps ``MAX_CONTENT_LENGTH``.
"""

from __future__ import annotations

import base64
import binascii
import csv
import functools
import io
import os
import re
import struct
import time
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_babel import force_locale, refresh
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from rules import doj
from rules.batch import ContractError, Evaluation, Header, check_text, evaluate_csv, open_text
from rules.csvsafe import SafeWriter
from rules.csvsafe import reader as safe_reader
from rules.model import Joined, Note, Outcome, Track
from rules.reasons import REASONS
from webapp import clinic_rows, courts, i18n, messages, state
from webapp.answer_types import Answers, ConvictionAnswers, FilerAnswers, PersonAnswers
from webapp.forms import ActionForm

bp = Blueprint("clinic", __name__)

DEFAULTS = {
    "CLINIC_MAX_BYTES": int(os.environ.get("PROP64_CLINIC_MAX_BYTES", 10 * 1024 * 1024)),
    "CLINIC_MAX_ROWS": int(os.environ.get("PROP64_CLINIC_MAX_ROWS", 60_000)),
    "CLINIC_MAX_PEOPLE_WITH_PACKETS": int(
        os.environ.get("PROP64_CLINIC_MAX_PEOPLE_WITH_PACKETS", 500)
    ),
    "CLINIC_TABLE_ROWS": int(os.environ.get("PROP64_CLINIC_TABLE_ROWS", 200)),
    # A person's rows are each other's record: the work per person grows with the square of
    # their rows (60,000 rows of one person take minutes), so one upload cannot hold the worker.
    "CLINIC_MAX_ROWS_PER_PERSON": int(os.environ.get("PROP64_CLINIC_MAX_ROWS_PER_PERSON", 200)),
}
UPLOAD_ENDPOINTS = {"clinic.upload", "clinic.person"}

OUTCOME_WORDS = {
    Outcome.DISMISS.value: _l("Dismiss"),
    Outcome.REDUCE_TO_MISDEMEANOR.value: _l("Reduce to a misdemeanor"),
    Outcome.REDUCE_TO_INFRACTION.value: _l("Reduce to an infraction"),
    Outcome.NEEDS_REVIEW.value: _l("A lawyer should look"),
    Outcome.NOT_ELIGIBLE.value: _l("Not eligible"),
    Outcome.NOT_APPLICABLE.value: _l("Not a Prop 64 offense"),
}
TRACK_SHORT = {
    Track.PETITION.value: _l("Petition (still serving)"),
    Track.APPLICATION.value: _l("Application (sentence finished)"),
    Track.UNKNOWN.value: _l("Petition or application: not known"),
}


def setting(name: str) -> int:
    return int(current_app.config.get(name, DEFAULTS[name]))


def _body_limit() -> int:
    # The file, or the sealed copy of it (base64 of the compressed file), plus the form's fields.
    return setting("CLINIC_MAX_BYTES") * 3 // 2 + 256 * 1024


def _memory_stream(*_args: Any, **_kwargs: Any) -> IO[bytes]:
    return io.BytesIO()


@bp.before_request
def _limits_and_csrf() -> None:
    """The upload routes take a larger body, parsed in memory only; then the CSRF token is
    checked (this blueprint is exempt from the automatic check, which would parse the body
    before these limits are set)."""
    from webapp import csrf

    if request.method != "POST":
        return
    if request.endpoint in UPLOAD_ENDPOINTS:
        limit = _body_limit()
        request.max_content_length = limit
        request.max_form_memory_size = limit
    request._get_file_stream = _memory_stream  # type: ignore[method-assign]
    csrf.protect()


def _exempt(state_: Any) -> None:
    from webapp import csrf

    csrf.exempt(bp)


bp.record_once(_exempt)


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    return _page(problem=too_large_message()), 413


def too_large_message() -> str:
    mb = setting("CLINIC_MAX_BYTES") / (1024 * 1024)
    return str(
        _(
            "This file is larger than %(size)s MB, the limit for one upload. Split it into smaller "
            "files and upload them one at a time.",
            size=format(mb, "g"),
        )
    )


# --- the sealed copy of the upload -------------------------------------------------------------

_AAD = b"prop64 clinic upload v1"


@functools.lru_cache(maxsize=4)
def _aead(secret: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"prop64-clinic", info=_AAD).derive(
        secret.encode("utf-8")
    )
    return AESGCM(key)


def _bound_to() -> bytes:
    nonce = session.get("n")
    return _AAD + b"|" + (nonce.encode("utf-8") if isinstance(nonce, str) else b"")


def seal(data: bytes) -> str:
    packed = struct.pack("<q", int(time.time())) + zlib.compress(data, 6)
    nonce = os.urandom(12)
    sealed = nonce + _aead(str(current_app.secret_key)).encrypt(nonce, packed, _bound_to())
    return base64.urlsafe_b64encode(sealed).decode("ascii")


def unseal(token: str) -> bytes | None:
    """The file sealed in ``token``; None when it is not ours, too old, or from another set of
    answers (after "Start the next client")."""
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
        plain = _aead(str(current_app.secret_key)).decrypt(raw[:12], raw[12:], _bound_to())
    except (InvalidTag, ValueError, binascii.Error, UnicodeEncodeError):
        return None
    (stamp,) = struct.unpack("<q", plain[:8])
    if time.time() - stamp > int(current_app.config["IDLE_MINUTES"]) * 60:
        return None
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(plain[8:], setting("CLINIC_MAX_BYTES") + 1)
    except zlib.error:
        return None
    if inflater.unconsumed_tail:
        return None
    return data


# --- reading an upload -------------------------------------------------------------------------


class UploadProblem(Exception):
    """The upload cannot be used at all: the message says why, in the page's language."""


@dataclass
class Upload:
    raw: bytes
    text: str
    is_doj: bool
    county: str = ""


def read_upload(raw: bytes, county: str = "") -> Upload:
    if len(raw) > setting("CLINIC_MAX_BYTES"):
        raise UploadProblem(too_large_message())
    if not raw.strip():
        raise UploadProblem(_("The file is empty. Choose a CSV file with a header row."))
    try:
        text = check_text(raw)
    except ContractError:
        raise UploadProblem(
            _(
                "This is not a CSV text file. Save the spreadsheet as “CSV UTF-8” and upload "
                "that file."
            )
        ) from None
    rows = text.count("\n") - 1
    if text and not text.endswith("\n"):
        rows += 1
    if rows > setting("CLINIC_MAX_ROWS"):
        exact = _count_rows(text)
        if exact > setting("CLINIC_MAX_ROWS"):
            raise UploadProblem(
                _(
                    "This file has %(rows)s rows; one upload can have at most %(limit)s. Split it "
                    "into smaller files.",
                    rows=format(exact, ","),
                    limit=format(setting("CLINIC_MAX_ROWS"), ","),
                )
            )
    try:
        first = next(csv.reader(io.StringIO(text[:65536], newline="")), [])
    except csv.Error:
        first = []
    is_doj = doj.looks_like_doj(first)
    if not is_doj:
        _check_people(text)
    return Upload(raw, text, is_doj, county.strip().upper())


def _check_people(text: str) -> None:
    """Refuse a file where one person has more rows than CLINIC_MAX_ROWS_PER_PERSON."""
    rows = safe_reader(io.StringIO(text, newline=""))
    try:
        h = Header.read(next(rows))
        i = h.position("person_id")
        per_person = Counter(row[i].strip() if i < len(row) else "" for row in rows)
    except StopIteration:
        return
    except csv.Error:
        return  # the evaluation reports it
    if not per_person:
        return
    pid, most = per_person.most_common(1)[0]
    limit = setting("CLINIC_MAX_ROWS_PER_PERSON")
    if most > limit:
        raise UploadProblem(
            _(
                "The person %(person)s has %(rows)s rows; one person can have at most %(limit)s "
                "in an upload.",
                person=pid[:40] or "(blank)",
                rows=format(most, ","),
                limit=format(limit, ","),
            )
        )


def _count_rows(text: str) -> int:
    try:
        return max(sum(1 for _row in csv.reader(io.StringIO(text, newline=""))) - 1, 0)
    except csv.Error:
        return text.count("\n")


# --- evaluating it -----------------------------------------------------------------------------


@dataclass
class Line:
    """One conviction of the results table."""

    line: int
    person_id: str
    name: str
    county: str
    case_number: str
    code_section: str
    outcome: str
    track: str
    reasons: tuple[str, ...]
    errors: str


@dataclass
class Overview:
    people: int = 0
    cases: int = 0
    convictions: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: list[tuple[int, str]] = field(default_factory=list)
    shown: list[Line] = field(default_factory=list)
    matching: int = 0
    people_with_relief: int = 0


def contract_lines(text: str) -> Iterator[Line]:
    evaluation = Evaluation(open_text(text))
    h = evaluation.header
    for ev in evaluation:
        r = ev.result
        yield Line(
            ev.line,
            ev.person_id,
            h.get(ev.cells, "name").strip(),
            (ev.conviction.county or "").strip(),
            (ev.conviction.case_number or "").strip(),
            h.get(ev.cells, "code_section").strip(),
            r.outcome.value,
            r.track.value if r.track else "",
            r.reason_codes,
            Joined(r.errors),
        )


def doj_output(upload: Upload) -> tuple[str, list[tuple[int, str]]]:
    """``prop64 evaluate`` of a DOJ extract: its output CSV and its problem lines."""
    from rules.county import evaluate_doj

    out = io.StringIO(newline="")
    summary = evaluate_doj(
        open_text(upload.text), out, county=upload.county or None, as_of=date.today()
    )
    return out.getvalue(), list(summary.bad_rows)


def doj_lines(output: str) -> Iterator[Line]:
    rows = safe_reader(io.StringIO(output, newline=""))
    names = next(rows)
    at = {n: i for i, n in reversed(list(enumerate(names)))}
    # The facts and results are the last columns (the extract's own come first).
    base = len(names) - len(doj.FACT_COLUMNS) - 8
    facts = {n: base + i for i, n in enumerate(doj.FACT_COLUMNS)}
    res = {
        n: base + len(doj.FACT_COLUMNS) + i
        for i, n in enumerate(
            (
                "outcome",
                "track",
                "reasons",
                "citations",
                "questions",
                "possible_outcome",
                "errors",
                "priors",
            )
        )
    }
    name_at = at.get("PRI_NAME")
    for n, row in enumerate(rows, start=2):
        if len(row) != len(names) or not row[res["outcome"]]:
            continue

        def cell(i: int, row: list[str] = row) -> str:
            return row[i].strip()

        yield Line(
            n,
            cell(facts["person_id"]),
            cell(name_at) if name_at is not None else "",
            cell(facts["county"]),
            cell(facts["case_number"]),
            cell(facts["code_section"]),
            cell(res["outcome"]),
            cell(res["track"]),
            tuple(c for c in cell(res["reasons"]).split(";") if c),
            cell(res["errors"]),
        )


def overview(upload: Upload, outcome: str, page: int) -> Overview:
    o = Overview()
    per_page = setting("CLINIC_TABLE_ROWS")
    first = page * per_page
    people: set[str] = set()
    relief: set[str] = set()
    cases: set[tuple[str, str, str]] = set()
    given: dict[int, str] = {}
    if upload.is_doj:
        output, bad = doj_output(upload)
        lines: Iterator[Line] = doj_lines(output)
        o.problems = bad
        # The table's errors as the engine gave them (translatable), not as the CSV spells them.
        given.update(bad)
    else:
        lines = contract_lines(upload.text)
    for line in lines:
        if upload.is_doj and line.errors and given.get(line.line) == line.errors:
            line.errors = given[line.line]
        o.convictions += 1
        o.outcomes[line.outcome] += 1
        people.add(line.person_id)
        cases.add((line.person_id, line.county, line.case_number))
        if line.outcome in RELIEF:
            relief.add(line.person_id)
        if line.errors and not upload.is_doj:
            o.problems.append((line.line, line.errors))
        if outcome in ("", line.outcome) or (outcome == "problems" and line.errors):
            if first <= o.matching < first + per_page:
                o.shown.append(line)
            o.matching += 1
    o.people, o.cases, o.people_with_relief = len(people), len(cases), len(relief)
    return o


RELIEF = {o.value for o in Outcome if o.has_relief}


# --- the results CSV ---------------------------------------------------------------------------


def results_csv(upload: Upload) -> bytes:
    if upload.is_doj:
        text, _bad = doj_output(upload)
    else:
        out = io.StringIO(newline="")
        evaluate_csv(open_text(upload.text), out, workers=1)
        text = out.getvalue()
    return ("\ufeff" + text).encode("utf-8")  # the BOM: spreadsheets read it as UTF-8


# --- a person's answers, and their papers ------------------------------------------------------


def person_rows(upload: Upload) -> Iterator[tuple[Header, str, list[list[str]]]]:
    """Each person's rows (contract CSV), in the order their first row comes in the file."""
    rows = safe_reader(io.StringIO(upload.text, newline=""))
    h = Header.read(next(rows))
    people: dict[str, list[list[str]]] = {}
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        people.setdefault(h.get(row, "person_id").strip(), []).append(row)
    for pid, person in people.items():
        yield h, pid, person


def note_text(note: str) -> str:
    """A row problem in the page's language (a :class:`rules.model.Note`; other text as it is)."""
    if isinstance(note, Note):
        return str(_(note.template, **note.values))
    return note


class PersonProblem(Exception):
    """The person's rows do not make answers the interview accepts (the message says why)."""


def person_answers(h: Header, rows: list[list[str]]) -> tuple[Answers, str]:
    """The person's rows as interview answers, through the save file and its checks."""
    try:
        raw_answers, language = clinic_rows.rows_to_answers(h, rows)
    except clinic_rows.RowProblem as e:
        raise PersonProblem(note_text(e.args[0])) from None
    if len(raw_answers.convictions) > current_app.config["MAX_CONVICTIONS"]:
        raise PersonProblem(
            _(
                "This person has more than %(limit)d convictions, the most the interview takes.",
                limit=current_app.config["MAX_CONVICTIONS"],
            )
        )
    from webapp.interview import today

    saved = state.save_file_bytes(raw_answers.to_json(), today())
    try:
        answers = state.load_save_file(
            saved, courts.counties(), current_app.config["MAX_CONVICTIONS"]
        )
    except state.SaveFileError as e:
        raise PersonProblem(
            _("The interview cannot take these rows as they are (%(why)s).", why=str(e))
        ) from None
    return answers, language


def name_slug(name: str, fallback: str) -> str:
    """A file-name-safe form of the name as given (not reordered), else of ``fallback``."""
    for text in (name, fallback):
        ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
        if slug:
            return slug
    return "person"


class _Chunks:
    """A write-only, unseekable stream for :mod:`zipfile` (which then writes each member's sizes
    after its data), emptied as the response sends it."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def papers_zip(upload: Upload) -> Iterator[bytes]:
    """Per person: the combined PDF and each case's court pages; and ``summary.csv``.

    The ZIP is sent as it is made, a person at a time: the first bytes leave within a second,
    so a proxy's time limit for the first byte (30 s on Heroku's router) is not reached even by
    500 people's papers, and only one person's papers are held in memory at a time."""
    from webapp import eligibility, packets
    from webapp.interview import today

    buf = _Chunks()
    used: set[str] = set()
    summary = io.StringIO(newline="")
    writer = SafeWriter(csv.writer(summary))
    writer.writerow(["person_id", "name", "language", "folder", "files", "note"])
    page_language = i18n.select_locale()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:  # type: ignore[call-overload]
        for h, pid, rows in person_rows(upload):
            name = h.get(rows[0], "name").strip()
            language = h.get(rows[0], "language").strip()
            folder = name_slug(name, pid)
            stem, i = folder, 1
            while folder in used:
                i += 1
                folder = f"{stem}-{i}"
            used.add(folder)
            note = ""
            files: list[str] = []
            try:
                answers, language = person_answers(h, rows)
                p, c, f = answers.person, list(answers.convictions), answers.filer
                groups = eligibility.cases(eligibility.assess(p, c)) if c else []
                if not groups:
                    note = _("No case with relief to ask for.")
                elif not (f.get("n") and f.get("a") and f.get("ci") and f.get("z")):
                    note = _("No papers: the name, street, city and ZIP code are needed.")
                else:
                    with force_locale(language or page_language):
                        made_papers = packets.papers(groups, f, today())
                    old = packets.person_slug(str(f.get("n", "")))
                    for case_name, pdf in made_papers.cases:
                        new_name = f"{folder}/{folder}{case_name[len(old) :]}"
                        zf.writestr(new_name, pdf)
                        files.append(new_name)
                    combined = f"{folder}/{folder}_prop64-papers.pdf"
                    zf.writestr(combined, made_papers.combined)
                    files.insert(0, combined)
            except PersonProblem as e:
                note = str(e)
            except packets.PacketError as e:
                note = _(
                    "No papers: %(why)s",
                    why=str(packets.FIELD_WORDS.get(e.field, messages.PACKET_FIX_OTHER)),
                )
            except Exception as e:
                # One person's failure must not cut the ZIP off. The log names the kind of
                # error only: its text could quote the person's answers.
                current_app.logger.error("clinic papers: unexpected %s", type(e).__name__)
                note = _("No papers: something went wrong while making them.")
            writer.writerow([pid, name, language, folder if files else "", " ".join(files), note])
            chunk = buf.take()
            if chunk:
                yield chunk
        zf.writestr("summary.csv", "\ufeff" + summary.getvalue())
    yield buf.take()


# --- the pages ---------------------------------------------------------------------------------


def _page(problem: str | None = None, **context: Any) -> str:
    return render_template(
        "clinic/clinic.html",
        problem=problem,
        columns=COLUMN_HELP,
        outcome_words=OUTCOME_WORDS,
        max_mb=f"{setting('CLINIC_MAX_BYTES') / (1024 * 1024):g}",
        max_rows=f"{setting('CLINIC_MAX_ROWS'):,}",
        max_people=f"{setting('CLINIC_MAX_PEOPLE_WITH_PACKETS'):,}",
        **context,
    )


@bp.route("/clinic")
def clinic() -> str:
    return _page()


def _the_upload() -> Upload:
    """The file of this request: a new upload, or the sealed copy a results page sent back."""
    county = request.form.get("county", "")[:40]
    sealed = request.form.get("sealed", "")
    upload = request.files.get("upload")
    if upload is not None and upload.filename:
        raw = upload.stream.read(setting("CLINIC_MAX_BYTES") + 1)
        return read_upload(raw, county)
    if sealed:
        raw_data = unseal(sealed)
        if raw_data is None:
            raise UploadProblem(
                _(
                    "This page has expired or was cleared (“Start the next client”). Upload the "
                    "file again."
                )
            )
        return read_upload(raw_data, county)
    raise UploadProblem(_("Choose a CSV file to upload."))


def _download(data: bytes, mimetype: str, name: str) -> Response:
    response = current_app.response_class(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.route("/clinic", methods=["POST"])
def upload() -> str | Response | tuple[str, int]:
    language = request.form.get("language", "")
    if language in i18n.BY_CODE:
        # The results page's language buttons: the same results, in that language (the header's
        # links would lead to an empty page, as the upload is kept only in this page's form).
        session[i18n.SESSION_KEY] = language
        refresh()
        g.pop("_p64_translations", None)
    action = request.form.get("action", "show")
    try:
        got = _the_upload()
        if action == "csv":
            return _download(results_csv(got), "text/csv", "prop64-clinic-results.csv")
        outcome = request.form.get("outcome", "")
        if outcome not in OUTCOME_WORDS and outcome not in ("", "problems"):
            outcome = ""
        asked = request.form.get("page")
        if asked is None and language in i18n.BY_CODE:
            asked = request.form.get("current_page")  # a language button: stay on this page
        try:
            page = max(int(asked or "0"), 0)
        except ValueError:
            page = 0
        if action == "zip":
            if got.is_doj:
                raise UploadProblem(
                    _(
                        "A DOJ extract has no mailing addresses, so no papers can be made from "
                        "it. Put the people in a spreadsheet of the columns above to make papers."
                    )
                )
            ov = overview(got, "", 0)
            limit = setting("CLINIC_MAX_PEOPLE_WITH_PACKETS")
            if ov.people_with_relief > limit:
                raise UploadProblem(
                    _(
                        "%(people)s people in this file have papers to make; one upload can make "
                        "papers for at most %(limit)s. Split the file.",
                        people=format(ov.people_with_relief, ","),
                        limit=format(limit, ","),
                    )
                )
            response = current_app.response_class(
                stream_with_context(papers_zip(got)), mimetype="application/zip"
            )
            response.headers["Content-Disposition"] = (
                'attachment; filename="prop64-clinic-papers.zip"'
            )
            return response
        ov = overview(got, outcome, page)
    except ContractError as e:
        return _page(problem=_("This file cannot be read: %(why)s", why=str(e))), 422
    except UploadProblem as e:
        return _page(problem=str(e)), 422
    per_page = setting("CLINIC_TABLE_ROWS")
    return _page(
        overview=ov,
        sealed=seal(got.raw),
        results_form=True,
        upload=got,
        outcome=outcome,
        page=page,
        pages=max(-(-ov.matching // per_page), 1),
        reason_text=reason_text,
        track_words=TRACK_SHORT,
    )


def reason_text(code: str) -> str:
    r = REASONS.get(code)
    if r is None:
        return code
    return f"{_(r.message)} ({r.citation})"


@bp.route("/clinic/person", methods=["POST"])
def person() -> str | Response | tuple[str, int]:
    """Continue in the interview with one person of the upload."""
    wanted = request.form.get("person", "")
    try:
        got = _the_upload()
        if got.is_doj:
            raise UploadProblem(_("People of a DOJ extract cannot be moved to the interview."))
        for h, pid, rows in person_rows(got):
            if pid == wanted:
                answers, _language = person_answers(h, rows)
                break
        else:
            raise UploadProblem(_("This person is not in the file."))
        state.replace_answers(answers)
    except (UploadProblem, PersonProblem) as e:
        return _page(problem=str(e)), 422
    except ContractError as e:
        return _page(problem=_("This file cannot be read: %(why)s", why=str(e))), 422
    except state.AnswersTooLarge:
        return _page(problem=str(messages.ANSWERS_TOO_LARGE)), 422
    flash(_("This person's answers are loaded. Check them before you go on."))
    return redirect(url_for("interview.convictions"))


@bp.route("/clinic/next-client", methods=["GET", "POST"])
def next_client() -> str | Response:
    """ "Start the next client": asks first (without JavaScript too), then clears everything."""
    form = ActionForm()
    if request.method == "POST":
        from webapp.answers import idle_seconds

        state.clear_answers(until=time.time() + idle_seconds())
        flash(_("Everything was cleared. You can start with the next client."))
        return redirect(url_for(".clinic"))
    return render_template("clinic/next_client.html", form=form)


# --- the sample, the template, and the interview's answers as rows -----------------------------


@dataclass(frozen=True)
class SamplePerson:
    """A made-up client of the sample spreadsheet."""

    language: str
    answers: Answers


SAMPLE_PEOPLE: tuple[SamplePerson, ...] = (
    SamplePerson(
        language="es",
        answers=Answers(
            person=PersonAnswers(b="1970-02-01", j="n", s="n", r="n"),
            convictions=(
                ConvictionAnswers(
                    {
                        "co": "Alameda",
                        "n": "A-1001",
                        "s": "HS 11357(b)",
                        "o": "2010-05-01",
                        "l": "M",
                        "t": "f",
                    }
                ),
                ConvictionAnswers(
                    {
                        "co": "Alameda",
                        "n": "A-1001",
                        "s": "HS 11359",
                        "o": "2012-05",
                        "l": "F",
                        "t": "f",
                    }
                ),
            ),
            filer=FilerAnswers(
                n="Maria Lopez", a="1 Main St", ci="Oakland", st="CA", z="94612", sg="hand"
            ),
        ),
    ),
    SamplePerson(
        language="vi",
        answers=Answers(
            person=PersonAnswers(b="1985-07-15"),
            convictions=(
                ConvictionAnswers(
                    {
                        "co": "Fresno",
                        "n": "F-2002",
                        "s": "HS 11358",
                        "o": "2014",
                        "l": "F",
                        "t": "p",
                        "pl": 4,
                    }
                ),
            ),
            filer=FilerAnswers(
                n="Nguyen Van An", a="22 Oak Ave", ci="Fresno", st="CA", z="93721", sg="typed"
            ),
        ),
    ),
)

COLUMN_HELP = [
    ("person_id", _l("Required. Any text; the rows with the same id are one person.")),
    ("code_section", _l("Required. The code section as on the record, such as HS 11359.")),
    ("name", _l("The person's name, as it goes on the forms.")),
    ("language", _l("The language of the person's papers: en, es, zh_Hant, vi, ko or fil.")),
    ("date_of_birth", _l("YYYY-MM-DD or MM/DD/YYYY.")),
    ("county, case_number, count", _l("Where and which case; count is the court's count number.")),
    (
        "offense_date, conviction_date",
        _l("YYYY-MM-DD or MM/DD/YYYY, or only the year or the month (YYYY, YYYY-MM, MM/YYYY)."),
    ),
    ("level", _l("F, M or I (felony, misdemeanor, infraction).")),
    ("sentence_status", _l("serving or completed.")),
    ("sentence_detail", _l("When serving: custody or supervision.")),
    ("cannabis_grams, concentrate_grams, plant_count", _l("Amounts, as numbers.")),
    (
        "sold, minor_involved, interstate, environmental_violation, superstrike_prior, pc290_prior",
        _l("yes or no."),
    ),
    ("court", _l("adult or juvenile.")),
    (
        "street, city, state, zip, phone, email",
        _l(
            "The person's mailing address and contact details: street, city and ZIP are needed "
            "for papers."
        ),
    ),
    (
        "attorney_name, bar_number, server_name, waive_judge, waive_appearance, signature",
        _l(
            "For the forms: waive_judge and waive_appearance are yes or no; signature is hand or "
            "typed."
        ),
    ),
    ("unknown_answers", _l("The columns answered “I don't know”, separated by semicolons.")),
]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = SafeWriter(csv.writer(out))
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sample_rows() -> list[list[str]]:
    rows: list[list[str]] = [list(clinic_rows.ROW_COLUMNS)]
    for n, person in enumerate(SAMPLE_PEOPLE, start=1):
        for row in clinic_rows.answers_to_rows(person.answers, person.language):
            row[0] = f"P{n:03d}"
            rows.append(row)
    return rows


@bp.route("/clinic/sample.csv")
def sample() -> Response:
    return _download(_csv_bytes(sample_rows()), "text/csv", "prop64-clinic-sample.csv")


@bp.route("/clinic/template.csv")
def template() -> Response:
    rows = sample_rows()[:2]
    return _download(_csv_bytes(rows), "text/csv", "prop64-clinic-template.csv")


@bp.route("/answers-rows.csv", methods=["POST"])
def rows_download() -> Response:
    """The interview's answers as a spreadsheet row set (the batch contract, one row per
    conviction), named after the person."""
    answers = state.portable_answers()
    rows = clinic_rows.answers_to_rows(answers, i18n.select_locale())
    name = str(answers.filer.get("n", ""))
    slug = name_slug(name, "answers") if name else "answers"
    return _download(
        _csv_bytes([list(clinic_rows.ROW_COLUMNS), *rows]), "text/csv", f"prop64-{slug}-rows.csv"
    )
