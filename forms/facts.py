"""The typed facts of one packet: every value a field map can place on a form.

Each field of :class:`PacketFacts` is one named fact; the TOML maps (``forms/maps/``) say which
form field shows it, per form and revision, and a test checks that every key of every map is a
field here (text facts are ``str``, checkbox facts ``bool``). :func:`forms.packet.packet_facts`
fills it from the person's answers; nothing else is printed in a form field.

Truth rule (issue 8): every value is the person's own answer at the precision given, or data with
a source (the courts file), or blank. Dates are printed as given: ``2015``, ``06/2015`` or
``06/01/2015``; an unknown stays blank.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field


def _t(label: str) -> str:
    return field(default="", metadata={"label": label})


@dataclass(frozen=True)
class PacketFacts:
    # --- Caption: who files (CR-400, CR-401, CR-403) ---
    filer_name: str = _t("name")
    bar_number: str = _t("state bar number")
    street: str = _t("street address")
    city: str = _t("city")
    state: str = _t("state")
    zip: str = _t("ZIP code")
    phone: str = _t("telephone")
    email: str = _t("email")
    attorney_for: str = _t("attorney for")
    # --- Caption: the court (courts data, high confidence only) ---
    court_county: str = _t("county")
    court_street: str = _t("court street address")
    court_mailing: str = _t("court mailing address")
    court_city_zip: str = _t("court city and ZIP code")
    # --- Caption: the case ---
    case_number: str = _t("case number")
    defendant: str = _t("defendant")
    page2_defendant: str = _t("defendant (page 2)")
    page2_case_number: str = _t("case number (page 2)")
    # --- CR-400 signature block ---
    sign_date: str = _t("date")
    sign_name: str = _t("typed name")
    # --- CR-401 proof of service ---
    server_name: str = _t("item 1a, name of server")
    server_address: str = _t("item 1b, address of server")
    served_name: str = _t("item 2a, person served")
    served_address: str = _t("item 2b, address where served")
    declarant_name: str = _t("printed name of declarant")
    # --- CR-403 proposed order: the relief asked for (the court decides) ---
    resentenced_crimes: str = _t("CR-403 item 1a, crimes to be resentenced")
    dismissed_crimes_b: str = _t("CR-403 item 1f, crimes to be dismissed")
    redesignated_crimes: str = _t("CR-403 item 2a, crimes to be redesignated")
    dismissed_crimes_f: str = _t("CR-403 item 2b, crimes to be dismissed")
    # --- Checkboxes ---
    title_b: bool = False  # § 11361.8(b) title box (CR-400, CR-403)
    title_f: bool = False  # § 11361.8(f) title box
    section_11357: bool = False  # CR-400 item 1
    section_11358: bool = False
    section_11359: bool = False
    section_11360: bool = False
    section_11362_1: bool = False
    track_petition: bool = False  # CR-400 item 2a
    track_application: bool = False  # CR-400 item 2b
    waive_judge: bool = False  # CR-400 item 3
    waive_appearance: bool = False  # CR-400 item 4
    method_personal: bool = False  # CR-401 title
    method_mail: bool = False
    item3_personal: bool = False  # CR-401 item 3a
    item3_mail: bool = False  # CR-401 item 3b
    resentence_as: bool = False  # CR-403 item 1a
    resentence_misdemeanor: bool = False
    resentence_infraction: bool = False
    dismiss_invalid_b: bool = False  # CR-403 item 1f
    redesignate_as: bool = False  # CR-403 item 2a
    redesignate_misdemeanor: bool = False
    redesignate_infraction: bool = False
    dismiss_invalid_f: bool = False  # CR-403 item 2b

    def text(self, name: str) -> str:
        value = getattr(self, name)
        assert isinstance(value, str), name
        return value.strip()

    def checked(self, name: str) -> bool:
        value = getattr(self, name)
        assert isinstance(value, bool), name
        return value


TEXT_FACTS: frozenset[str] = frozenset(
    f.name for f in dataclasses.fields(PacketFacts) if f.type in ("str", str)
)
CHECK_FACTS: frozenset[str] = frozenset(
    f.name for f in dataclasses.fields(PacketFacts) if f.type in ("bool", bool)
)
LABELS: dict[str, str] = {
    f.name: str(f.metadata["label"]) for f in dataclasses.fields(PacketFacts) if f.metadata
}


def label(name: str) -> str:
    return LABELS.get(name, name)


def show_partial_date(value: str) -> str:
    """An ISO partial date (``2015``, ``2015-06``, ``2015-06-01``) in US order at the precision
    given (``2015``, ``06/2015``, ``06/01/2015``); anything else unchanged; blank stays blank."""
    parts = value.strip().split("-")
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[1]}/{parts[0]}"
    if len(parts) == 3:
        return f"{parts[1]}/{parts[2]}/{parts[0]}"
    return value
