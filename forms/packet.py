"""The court packet for one case: CR-400, its attachment, CR-401 and CR-403, as one PDF in memory.

What goes where (HSC § 11361.8; ../shared/law/prop64.md §§ 4-5; FIELDS.md §§ 3-5):

* one packet per case (county + case number) with at least one conviction that has relief: the
  petition is filed in "the trial court that entered the judgment of conviction"
  (§ 11361.8(a), (e));
* only true facts (issue 8): every value is the person's answer at the precision given, or data
  with a source, or blank (:mod:`forms.facts`); notes for the person never go on a court page;
* CR-400 caption: the filer's name and contact details (a mailing address is required), "In pro
  per" as "attorney for" when there is no attorney; court county, and the court's address lines
  when the caller has them from a source of high confidence (:class:`CourtAddress`); case number;
  defendant. Item 1: the sections of the case's relief
  convictions. Item 2a and title box § 11361.8(b) for the petition track (still serving,
  § 11361.8(a)-(b)); item 2b and title box § 11361.8(f) for the application track (completed,
  § 11361.8(e)-(f)); when the track is unknown or differs between convictions, both are left empty
  and :attr:`CasePlan.notes` (for the cover sheet and the batch summary) says the person must
  choose. Items 3-4: the waivers as chosen. Date and typed name; a typed "/s/ name" signature is
  drawn on the signature line, in the font the name needs (:mod:`forms.fonts`);
* the attachment (:mod:`forms.attachment`);
* CR-401: the same caption; the prosecuting agency as the party served; the server's name, address
  and method when given, otherwise blank for hand completion;
* CR-403 (proposed order): caption, track, and the relief asked for per conviction (items 1a/1f
  for a petition, 2a/2b for an application); the court's decision boxes are left for the court.

Nothing is written to disk or logged: the packet is built in memory and returned as bytes.
"""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from forms import attachment, registry
from forms.build_templates import TEMPLATE_DIR
from forms.facts import PacketFacts, label, show_partial_date
from forms.fieldmap import FieldMap, builtin_map, maps_of
from forms.filler import (
    SEE_ATTACHMENT,
    Base,
    FormMismatch,
    TextLayout,
    Update,
    as_array,
    as_dict,
    as_int,
    build_base,
    check_map,
    helvetica_stream,
    layout_text,
    open_pdf,
)
from forms.fonts import HELVETICA, UnsupportedText, font_for
from rules.engine import read_section
from rules.model import Conviction, Level, Outcome, Result, Track
from rules.registry import BY_NUMBER

ENV_OFFICIAL_DIR = "FORMS_OFFICIAL_DIR"
JUVENILE_FORM = "JV-744"


class PacketError(Exception):
    """A packet cannot be built; the message says why, in words a user can act on.

    ``field`` names the answer to change (a :class:`PacketFacts` field such as ``filer_name`` or
    ``street``), or is blank when the cause is not an answer (the site's own forms)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Filer:
    """Who files (the person, or their attorney) and who serves the prosecutor."""

    name: str
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phone: str = ""
    email: str = ""
    attorney_name: str = ""  # blank: the person files "in pro per"
    bar_number: str = ""
    signature: str = ""  # a typed "/s/ name", or blank to sign by hand
    waive_judge: bool = False  # CR-400 item 3
    waive_appearance: bool = False  # CR-400 item 4
    server_name: str = ""
    server_address: str = ""
    service_method: str | None = None  # "personal", "mail" or None (the server ticks it)
    prosecutor_name: str = ""  # the prosecuting agency served (CR-401 item 2a)
    prosecutor_address: str = ""  # its full address with ZIP, or blank
    sign_date: date | None = None  # default: today when signed "/s/", else blank for hand dating


@dataclass(frozen=True)
class Given:
    """A conviction's facts as the person gave them, for printing at their precision: dates as ISO
    partial dates (``2015``, ``2015-06``, ``2015-06-01``) and the court's count number, each
    blank when not given."""

    offense_date: str = ""
    conviction_date: str = ""
    count: str = ""


@dataclass(frozen=True)
class CourtAddress:
    """The court's address lines for the caption. Give it only from a source of high confidence
    (the courts file's ``confidence`` column); otherwise leave the caption blank."""

    street: str = ""
    mailing: str = ""
    city_zip: str = ""


@dataclass(frozen=True)
class CaseConvictions:
    """One case: its county, number, the defendant's name, and its evaluated convictions.

    ``given`` (optional, parallel to ``convictions``) holds the facts as given; without it the
    conviction's own (whole) dates are printed and no count."""

    county: str
    case_number: str
    defendant_name: str
    convictions: Sequence[tuple[Conviction, Result]]
    given: Sequence[Given] = ()
    court: CourtAddress | None = None


@dataclass(frozen=True)
class Entry:
    conviction: Conviction
    result: Result
    given: Given


@dataclass(frozen=True)
class CasePlan:
    """What :func:`group_cases` found about one case. The notes are for the person (the cover
    sheet, the batch summary), never printed on a court page."""

    case: CaseConvictions
    relief: tuple[Entry, ...]  # the convictions the packet covers
    track: Track  # PETITION, APPLICATION, or UNKNOWN (then both item-2 boxes stay empty)
    notes: tuple[str, ...]
    track_why: str = ""  # "status_unknown" or "mixed" when the track is UNKNOWN
    juvenile: tuple[Entry, ...] = ()  # relief to ask for on JV-744
    left_out: tuple[Entry, ...] = ()  # convictions of the case without relief

    @property
    def has_relief(self) -> bool:
        return bool(self.relief)

    @property
    def has_counts(self) -> bool:
        return any(e.given.count for e in self.relief)


#: The filer's answers printed on the forms, checked for printable characters before a build.
FILER_TEXT = (
    "name",
    "street",
    "city",
    "state",
    "zip",
    "phone",
    "email",
    "attorney_name",
    "bar_number",
    "signature",
    "server_name",
    "server_address",
    "prosecutor_name",
    "prosecutor_address",
)

TRACK_NOTE = (
    "Choose petition or application before filing: tick item 2a and the § 11361.8(b) title box if "
    "you are still serving the sentence in this case (custody, probation, parole or other "
    "supervision), or item 2b and the § 11361.8(f) title box if you have completed it. The packet "
    "left both empty because {why}."
)


def _given(conv: Conviction) -> Given:
    return Given(
        conv.offense_date.isoformat() if conv.offense_date else "",
        conv.conviction_date.isoformat() if conv.conviction_date else "",
    )


def plan_case(case: CaseConvictions) -> CasePlan:
    given = list(case.given) or [_given(c) for c, _r in case.convictions]
    entries = [Entry(c, r, g) for (c, r), g in zip(case.convictions, given, strict=True)]
    # A juvenile-court conviction with relief is asked for on form JV-744, not in this packet.
    relief = tuple(
        e for e in entries if e.result.outcome.has_relief and e.result.form != JUVENILE_FORM
    )
    tracks = {e.result.track for e in relief}
    notes: list[str] = []
    track = Track.UNKNOWN
    why = ""
    if len(tracks) == 1 and next(iter(tracks)) in (Track.PETITION, Track.APPLICATION):
        track = next(iter(tracks))  # type: ignore[assignment]
    elif relief:
        mixed = len(tracks - {None, Track.UNKNOWN}) > 1
        why = "mixed" if mixed else "status_unknown"
        notes.append(
            TRACK_NOTE.format(
                why="the convictions in this case do not share one track"
                if mixed
                else "we do not know whether the sentence is completed"
            )
        )
    juvenile = tuple(
        e for e in entries if e.result.outcome.has_relief and e.result.form == JUVENILE_FORM
    )
    if juvenile:
        notes.append(
            f"{len(juvenile)} conviction(s) in this case are from juvenile court: ask for relief "
            f"on form {JUVENILE_FORM}, not with this packet."
        )
    left_out = tuple(e for e in entries if not e.result.outcome.has_relief)
    if relief and left_out:
        notes.append(
            f"{len(left_out)} other conviction(s) in this case are not covered by this packet "
            "(no relief, or a lawyer should look at them first)."
        )
    return CasePlan(case, relief, track, tuple(notes), why, juvenile, left_out)


def group_cases(
    convictions: Iterable[tuple[Conviction, Result]],
    defendant_name: str,
    given: Sequence[Given] = (),
) -> list[CasePlan]:
    """Group a person's evaluated convictions by (county, case number), in first-seen order."""
    groups: dict[tuple[str, str], list[tuple[tuple[Conviction, Result], Given | None]]] = {}
    items = list(convictions)
    for i, (conv, res) in enumerate(items):
        key = ((conv.county or "").strip(), (conv.case_number or "").strip())
        groups.setdefault(key, []).append(((conv, res), given[i] if given else None))
    return [
        plan_case(
            CaseConvictions(
                county,
                number,
                defendant_name,
                tuple(cr for cr, _g in members),
                tuple(g for _cr, g in members if g is not None),
            )
        )
        for (county, number), members in groups.items()
    ]


# ------------------------------------------------------------------------------------------
# Blank forms (parsed once per process)


@cache
def _template_base() -> Base:
    forms = []
    for f in registry.FORMS:
        reader = PdfReader(str(TEMPLATE_DIR / f.template_file))
        fmap = builtin_map(f.current.map_name)
        check_map(reader, fmap, f"template {f.template_file}")
        forms.append((f.code, reader, fmap))
    return build_base(forms)


def choose_map(reader: PdfReader, form: str, label: str) -> FieldMap:
    """The newest map of ``form`` that matches the file, or :class:`FormMismatch`."""
    errors = []
    for name in maps_of(form):
        fmap = builtin_map(name)
        try:
            check_map(reader, fmap, label)
            return fmap
        except FormMismatch as e:
            errors.append(str(e))
    raise FormMismatch(errors[0])


@cache
def _official_base(directory: str, stamp: tuple[tuple[int, int], ...]) -> Base:
    forms = []
    for f in registry.FORMS:
        path = Path(directory) / f.official_file
        reader = open_pdf(path)
        forms.append((f.code, reader, choose_map(reader, f.code, str(path))))
    return build_base(forms)


def blank_base(official_dir: str | os.PathLike[str] | None = None) -> Base:
    """The merged blank forms: the official files when a folder is given (or named by
    ``FORMS_OFFICIAL_DIR``), else the project's templates."""
    directory = official_dir if official_dir is not None else os.environ.get(ENV_OFFICIAL_DIR)
    if not directory:
        return _template_base()
    d = Path(directory)
    files = [f.official_file for f in registry.FORMS]
    missing = [f for f in files if not (d / f).is_file()]
    if missing:
        raise PacketError(
            f"{ENV_OFFICIAL_DIR} is {d}, but it does not hold {', '.join(missing)}; download them "
            "from https://www.courts.ca.gov/documents/ (cr400.pdf, cr401.pdf, cr403.pdf)."
        )
    stamp = tuple((int((d / f).stat().st_mtime_ns), (d / f).stat().st_size) for f in files)
    try:
        return _official_base(str(d.resolve()), stamp)
    except FormMismatch as e:
        raise PacketError(str(e)) from None


# ------------------------------------------------------------------------------------------
# Facts → values

#: The relief asked for (§ 11361.8(a)-(b) petition: recall and resentence, or dismiss; (e)-(f)
#: application: redesignate, or dismiss and seal).
RELIEF_WORDS = {
    (Outcome.DISMISS, Track.PETITION): "Dismissal",
    (Outcome.DISMISS, Track.APPLICATION): "Dismissal and sealing",
    (Outcome.REDUCE_TO_MISDEMEANOR, Track.PETITION): "Resentencing as a misdemeanor",
    (Outcome.REDUCE_TO_MISDEMEANOR, Track.APPLICATION): "Redesignation as a misdemeanor",
    (Outcome.REDUCE_TO_INFRACTION, Track.PETITION): "Resentencing as an infraction",
    (Outcome.REDUCE_TO_INFRACTION, Track.APPLICATION): "Redesignation as an infraction",
}
GENERIC_RELIEF = {
    Outcome.DISMISS: "Dismissal",
    Outcome.REDUCE_TO_MISDEMEANOR: "Reduction to a misdemeanor",
    Outcome.REDUCE_TO_INFRACTION: "Reduction to an infraction",
}
#: The legal basis printed beside each conviction: the statute only (no advice).
BASIS = {
    Track.PETITION: "Health & Saf. Code, § 11361.8(a), (b)",
    Track.APPLICATION: "Health & Saf. Code, § 11361.8(e), (f)",
    Track.UNKNOWN: "Health & Saf. Code, § 11361.8(a), (b) or (e), (f)",
}
LEVEL_WORDS = {
    Level.FELONY: "Felony",
    Level.MISDEMEANOR: "Misdemeanor",
    Level.INFRACTION: "Infraction",
}


def section_facts(plan: CasePlan) -> set[str]:
    """The CR-400 item 1 boxes: the registry's box for each section as the rules read it."""
    out: set[str] = set()
    for e in plan.relief:
        sec = e.result.parsed_section or read_section(e.conviction.code_section)
        offense = BY_NUMBER.get(sec.number) if sec is not None else None
        if offense is not None and offense.cr400_field:
            out.add(offense.cr400_field)
    return out


def crime_label(e: Entry) -> str:
    """A conviction as the proposed order names it: the section as recorded, and its count."""
    section = e.conviction.code_section.strip() or "(section not given)"
    return f"{section}, count {e.given.count}" if e.given.count else section


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def packet_facts(plan: CasePlan, filer: Filer, today: date) -> PacketFacts:
    """Every value the maps can print, from the person's answers and sourced data only."""
    case = plan.case
    court = case.court or CourtAddress()
    signed = filer.signature.strip()
    when = filer.sign_date or (today if signed else None)
    checks = section_facts(plan)
    relief_b: dict[str, list[str]] = {"mis": [], "inf": [], "dis": []}
    if plan.track is Track.PETITION:
        checks |= {"title_b", "track_petition"}
    elif plan.track is Track.APPLICATION:
        checks |= {"title_f", "track_application"}
    for e in plan.relief:
        key = {
            Outcome.DISMISS: "dis",
            Outcome.REDUCE_TO_MISDEMEANOR: "mis",
            Outcome.REDUCE_TO_INFRACTION: "inf",
        }.get(e.result.outcome)
        if key:
            relief_b[key].append(crime_label(e))
    reduced = relief_b["mis"] + relief_b["inf"]
    both = bool(relief_b["mis"] and relief_b["inf"])
    reduced_text = "; ".join(
        [f"{c} (misdemeanor)" if both else c for c in relief_b["mis"]]
        + [f"{c} (infraction)" if both else c for c in relief_b["inf"]]
    )
    dismissed_text = "; ".join(relief_b["dis"])
    cr403: dict[str, str] = {}
    if plan.track is Track.PETITION:
        cr403 = {"resentenced_crimes": reduced_text, "dismissed_crimes_b": dismissed_text}
        if reduced:
            checks.add("resentence_as")
        if relief_b["mis"]:
            checks.add("resentence_misdemeanor")
        if relief_b["inf"]:
            checks.add("resentence_infraction")
        if dismissed_text:
            checks.add("dismiss_invalid_b")
    elif plan.track is Track.APPLICATION:
        cr403 = {"redesignated_crimes": reduced_text, "dismissed_crimes_f": dismissed_text}
        if reduced:
            checks.add("redesignate_as")
        if relief_b["mis"]:
            checks.add("redesignate_misdemeanor")
        if relief_b["inf"]:
            checks.add("redesignate_infraction")
        if dismissed_text:
            checks.add("dismiss_invalid_f")
    if filer.waive_judge:
        checks.add("waive_judge")
    if filer.waive_appearance:
        checks.add("waive_appearance")
    if filer.service_method == "personal":
        checks |= {"method_personal", "item3_personal"}
    elif filer.service_method == "mail":
        checks |= {"method_mail", "item3_mail"}
    elif filer.service_method:
        raise PacketError(
            f"service_method must be 'personal' or 'mail', not {filer.service_method!r}"
        )
    text = {
        "filer_name": filer.attorney_name or filer.name,
        "bar_number": filer.bar_number if filer.attorney_name else "",
        "street": filer.street,
        "city": filer.city,
        "state": filer.state,
        "zip": filer.zip,
        "phone": filer.phone,
        "email": filer.email,
        "attorney_for": filer.name if filer.attorney_name else "In pro per",
        "court_county": case.county,
        "court_street": court.street,
        "court_mailing": court.mailing,
        "court_city_zip": court.city_zip,
        "case_number": case.case_number,
        "defendant": case.defendant_name,
        "page2_defendant": case.defendant_name,
        "page2_case_number": case.case_number,
        "sign_date": when.strftime("%m/%d/%Y") if when else "",
        "sign_name": filer.attorney_name or filer.name,
        "server_name": filer.server_name,
        "server_address": filer.server_address,
        "declarant_name": filer.server_name,
        "served_name": filer.prosecutor_name,
        "served_address": filer.prosecutor_address,
        **cr403,
    }
    return PacketFacts(
        **{k: _clean(v) for k, v in text.items()},  # type: ignore[arg-type]
        **dict.fromkeys(checks, True),  # type: ignore[arg-type]
    )


def values_for(plan: CasePlan, filer: Filer, today: date) -> tuple[dict[str, str], set[str]]:
    """The text facts and the checked facts of a packet (the same names in every form's map)."""
    facts = packet_facts(plan, filer, today)
    text = {f.name: facts.text(f.name) for f in fields(facts) if f.type in ("str", str)}
    checks = {f.name for f in fields(facts) if f.type in ("bool", bool) and facts.checked(f.name)}
    return text, checks


def attachment_rows(plan: CasePlan) -> tuple[attachment.Row, ...]:
    rows = []
    for e in plan.relief:
        relief = RELIEF_WORDS.get((e.result.outcome, plan.track)) or GENERIC_RELIEF.get(
            e.result.outcome, ""
        )
        rows.append(
            attachment.Row(
                _clean(e.given.count),
                _clean(e.conviction.code_section),
                show_partial_date(e.given.offense_date),
                show_partial_date(e.given.conviction_date),
                LEVEL_WORDS.get(e.conviction.level, "") if e.conviction.level else "",
                relief,
                BASIS[plan.track],
            )
        )
    return tuple(rows)


# ------------------------------------------------------------------------------------------
# Building the packet


def build_packet(
    case: CaseConvictions | CasePlan,
    filer: Filer,
    *,
    flatten: bool = False,
    official_dir: str | os.PathLike[str] | None = None,
    today: date | None = None,
) -> bytes:
    """One PDF: CR-400, its attachment page(s), CR-401 and CR-403, for one case.

    Raises :class:`PacketError` when the case has no conviction with relief (no packet is made for
    it), when a name or address holds characters no font can print, or when an official form does
    not match its field map. ``official_dir`` (default: ``$FORMS_OFFICIAL_DIR``) names a folder with
    the official ``cr400.pdf``, ``cr401.pdf``, ``cr403.pdf``; without it the project's templates are
    used. ``flatten`` turns the fields into page content (nothing left to edit).
    """
    plan = case if isinstance(case, CasePlan) else plan_case(case)
    if not plan.has_relief:
        raise PacketError(
            f"case {plan.case.case_number or '(no number)'} has no conviction with relief under "
            "§ 11361.8, so there is no petition to file for it"
        )
    if not filer.name.strip():
        raise PacketError("the filer's name is required", field="filer_name")
    missing = [
        what
        for what, value in (
            ("street address or PO box", filer.street),
            ("city", filer.city),
            ("ZIP code", filer.zip),
        )
        if not value.strip()
    ]
    if missing:
        raise PacketError(
            f"the filer's mailing address is required (missing: {', '.join(missing)}): the court "
            "and the prosecutor send notices there",
            field="street",
        )
    for attr in FILER_TEXT:
        try:
            font_for(_clean(str(getattr(filer, attr))))
        except UnsupportedText as e:
            raise PacketError(str(e), field=attr) from None
    base = blank_base(official_dir)
    try:
        return _build(base, plan, filer, flatten, today or date.today())
    except UnsupportedText as e:
        raise PacketError(str(e)) from None


def _build(base: Base, plan: CasePlan, filer: Filer, flatten: bool, today: date) -> bytes:
    text, checks = values_for(plan, filer, today)
    sig_map = base.maps["CR-400"].signature
    signature = _clean(filer.signature)
    sig_layout: TextLayout | None = None
    if sig_map and signature:
        x0, y0, x1, y1 = sig_map[1]
        sig_layout = layout_text(signature, x1 - x0, y1 - y0)
        if sig_layout is None:
            raise PacketError(
                "the typed signature is too long for the signature line", field="filer_name"
            )
    upd = Update(base)
    helv_res = DictionaryObject(
        {
            NameObject("/Font"): DictionaryObject(
                {NameObject("/Helv"): IndirectObject(base.helv_num, 0, None)}
            )
        }
    )
    continued: list[tuple[str, str]] = []
    deferred: list[tuple[int, TextLayout, float, float]] = []  # widget num, layout, w, h
    changed: dict[int, DictionaryObject] = {}

    def obj(num: int) -> DictionaryObject:
        if num not in changed:
            changed[num] = upd.base_obj(num)
        return changed[num]

    for form in registry.CODES:
        fmap = base.maps[form]
        for fact, name in fmap.text.items():
            value = text.get(fact, "")
            if not value:
                continue
            info = base.fields[name]
            x0, y0, x1, y1 = info.rect
            w, h = x1 - x0, y1 - y0
            lay = layout_text(value, w, h, info.maxlen)
            if lay is None:
                continued.append((f"{form}, {label(fact)}", value))
                for marker in SEE_ATTACHMENT:
                    lay = layout_text(marker, w, h, info.maxlen)
                    if lay is not None:
                        break
                if lay is None:
                    continue
            obj(info.field_num)[NameObject("/V")] = TextStringObject(lay.text)
            for wnum in info.widgets:
                if lay.font == HELVETICA:
                    ap = upd.stream(helvetica_stream(lay, w, h), (w, h), helv_res)
                    obj(wnum)[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})
                else:
                    deferred.append((wnum, lay, w, h))
        for fact, cb in fmap.checkbox.items():
            if fact not in checks:
                continue
            info = base.fields[cb.field]
            obj(info.field_num)[NameObject("/V")] = NameObject("/" + cb.on)
            for wnum in info.widgets:
                obj(wnum)[NameObject("/AS")] = NameObject("/" + cb.on)

    content = attachment.AttachmentContent(
        plan.case.county,
        plan.case.case_number,
        _clean(plan.case.defendant_name),
        attachment_rows(plan),
        tuple(continued),
        plan.has_counts,
    )
    extra = [(lay, w, h) for _n, lay, w, h in deferred]
    if sig_layout is not None and sig_layout.font != HELVETICA and sig_map:
        x0, y0, x1, y1 = sig_map[1]
        extra.append((sig_layout, x1 - x0, y1 - y0))
    laid = attachment.pages(content)
    att_refs: list[IndirectObject] = []
    pdf: PdfReader | None = None
    if not extra and attachment.standard_fonts_only(laid):
        # Every text prints in Helvetica: the pages are written as PDF content directly.
        font_res = DictionaryObject(
            {
                NameObject(res): upd.add(_standard_font(name))
                for name, res in (("/Helvetica", "/F1"), ("/Helvetica-Bold", "/F2"))
            }
        )
        resources = DictionaryObject(
            {
                NameObject("/Font"): font_res,
                NameObject("/ProcSet"): ArrayObject([NameObject("/PDF"), NameObject("/Text")]),
            }
        )
        for ops in laid:
            page_dict = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Page"),
                    NameObject("/Parent"): IndirectObject(base.pages_num, 0, None),
                    NameObject("/MediaBox"): _LETTER_BOX,
                    NameObject("/Resources"): resources,
                    NameObject("/Contents"): upd.add(_stream(attachment.content_stream(ops))),
                }
            )
            att_refs.append(upd.add(page_dict))
    else:
        pdf = PdfReader(io.BytesIO(attachment.render(content, extra, laid)))
        src = id(pdf)
        n_att = len(pdf.pages) - len(extra)
        for i, (wnum, lay, w, h) in enumerate(deferred):
            page = pdf.pages[n_att + i]
            res = upd.import_(page.raw_get("/Resources"), src)
            contents = page.get_contents()
            ap = upd.stream(contents.get_data() if contents is not None else b"", (w, h), res)
            obj(wnum)[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})
            del lay
        for i in range(n_att):
            p = pdf.pages[i]
            num = upd.new_num()
            page_dict = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Page"),
                    NameObject("/Parent"): IndirectObject(base.pages_num, 0, None),
                    NameObject("/MediaBox"): upd.import_(p.raw_get("/MediaBox"), src),
                    NameObject("/Resources"): upd.import_(p.raw_get("/Resources"), src),
                    NameObject("/Contents"): upd.import_(p.raw_get("/Contents"), src),
                }
            )
            upd.put(num, page_dict)
            att_refs.append(IndirectObject(num, 0, None))

    # page tree: CR-400, attachment, CR-401, CR-403
    pages_obj = obj(base.pages_num)
    kids = [IndirectObject(n, 0, None) for n in base.page_nums]
    n400 = len(base.form_pages["CR-400"])
    all_kids = kids[:n400] + att_refs + kids[n400:]
    pages_obj[NameObject("/Kids")] = ArrayObject(all_kids)
    pages_obj[NameObject("/Count")] = NumberObject(len(all_kids))

    if sig_layout is not None and sig_map:
        pnum = base.page_nums[base.form_pages["CR-400"][sig_map[0] - 1]]
        x0, y0, x1, y1 = sig_map[1]
        place = f"q 1 0 0 1 {x0:.2f} {y0:.2f} cm ".encode()
        if sig_layout.font == HELVETICA:
            stream = (
                helvetica_stream(sig_layout, x1 - x0, y1 - y0)
                .replace(b"/Tx BMC ", b"")
                .replace(b" EMC", b"")
            )
            _append_content(upd, obj(pnum), place + stream + b" Q", helv_res)
        else:
            # The same rule as the name: an embedded font, drawn as a form XObject made from
            # the last page of the reportlab canvas.
            assert pdf is not None  # drawn by reportlab: its font is embedded
            page = pdf.pages[len(pdf.pages) - 1]
            src = id(pdf)
            contents = page.get_contents()
            xobj = upd.stream(
                contents.get_data() if contents is not None else b"",
                (x1 - x0, y1 - y0),
                upd.import_(page.raw_get("/Resources"), src),
            )
            res = DictionaryObject(
                {NameObject("/XObject"): DictionaryObject({NameObject("/SigTyped"): xobj})}
            )
            _append_content(upd, obj(pnum), place + b"/SigTyped Do Q", res)

    if flatten:
        _flatten(upd, base, obj, changed)
    for num, d in changed.items():
        upd.put(num, d)
    return upd.to_bytes()


def _append_content(
    upd: Update, page: DictionaryObject, data: bytes, resources: DictionaryObject
) -> None:
    """Draw ``data`` over a page (its own graphics state); merge ``resources`` into the page's."""
    contents = page.raw_get("/Contents")
    before = upd.add(_stream(b"q\n"))
    after = upd.add(_stream(b"\nQ\n" + data + b"\n"))
    existing: list[PdfObject] = []
    if contents is not None:
        target = contents.get_object()
        existing = list(target) if isinstance(target, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([before, *existing, after])
    res = (
        DictionaryObject(as_dict(page["/Resources"]))
        if "/Resources" in page
        else DictionaryObject()
    )
    for cat, entries in resources.items():
        merged = DictionaryObject(as_dict(res[cat])) if cat in res else DictionaryObject()
        merged.update(as_dict(entries))
        res[NameObject(cat)] = merged
    page[NameObject("/Resources")] = res


_LETTER_BOX = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(612), NumberObject(792)])


def _standard_font(base_font: str) -> DictionaryObject:
    """A standard PDF font (not embedded: every viewer has it) in WinAnsiEncoding."""
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject(base_font),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )


def _stream(data: bytes) -> StreamObject:
    s = StreamObject()
    s.set_data(data)
    return s


def _flatten(
    upd: Update,
    base: Base,
    get: Callable[[int], DictionaryObject],
    changed: dict[int, DictionaryObject],
) -> None:
    """Draw every widget's current appearance into its page, then remove the fields.

    ``get`` is the caller's copy-on-write accessor (a base object, copied once to be changed)."""
    for pnum in base.page_nums:
        page = get(pnum)
        annots = page.get("/Annots")
        if not annots:
            continue
        keep: list[PdfObject] = []
        draws: list[bytes] = []
        xobjs = DictionaryObject()
        for ref in as_array(annots):
            num = ref.idnum
            a = changed.get(num) or as_dict(base.reader.get_object(num))
            if a.get("/Subtype") != "/Widget":
                keep.append(ref)
                continue
            parent = as_dict(a["/Parent"]) if "/Parent" in a else DictionaryObject()
            ft = a.get("/FT") or parent.get("/FT")
            ff = as_int(a.get("/Ff") or parent.get("/Ff") or NumberObject(0))
            ap = a.get("/AP")
            if ap is None or (ft == "/Btn" and ff & (1 << 16)):
                continue  # pushbuttons (Print/Save/Clear) are not drawn
            ap_d = as_dict(ap)
            nref = ap_d.raw_get("/N") if "/N" in ap_d else None
            if nref is None:
                continue
            if not isinstance(nref, IndirectObject) or nref.pdf is not None:
                n = nref.get_object()
                if not isinstance(n, StreamObject):  # a checkbox: appearances by state
                    state = a.get("/AS")
                    if state is None or state not in n:
                        continue
                    nref = n.raw_get(state)
            if not isinstance(nref, IndirectObject):
                continue
            # our own appearance streams (not yet resolvable) have BBox [0 0 w h]
            rect = [float(x) for x in as_array(a["/Rect"])]
            if nref.pdf is None:
                bbox = [0.0, 0.0, abs(rect[2] - rect[0]), abs(rect[3] - rect[1])]
            else:
                stream = as_dict(nref)
                bbox = [float(x) for x in as_array(stream["/BBox"])] if "/BBox" in stream else []
                bbox = bbox or [0.0, 0.0, 1.0, 1.0]
            bw, bh = (bbox[2] - bbox[0]) or 1.0, (bbox[3] - bbox[1]) or 1.0
            rw, rh = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
            sx, sy = rw / bw, rh / bh
            x, y = min(rect[0], rect[2]) - bbox[0] * sx, min(rect[1], rect[3]) - bbox[1] * sy
            key = f"/Fl{num}"
            xobjs[NameObject(key)] = nref
            draws.append(f"q {sx:.4f} 0 0 {sy:.4f} {x:.2f} {y:.2f} cm {key} Do Q".encode())
        page[NameObject("/Annots")] = ArrayObject(keep)
        if draws:
            _append_content(
                upd, page, b"\n".join(draws), DictionaryObject({NameObject("/XObject"): xobjs})
            )
    root = get(base.root_num)
    if "/AcroForm" in root:
        del root["/AcroForm"]


__all__ = [
    "CaseConvictions",
    "CasePlan",
    "Filer",
    "PacketError",
    "blank_base",
    "build_packet",
    "group_cases",
    "plan_case",
]
