"""The one list of the court forms in a packet, their revisions, files and field maps.

Everything the project knows about *which* forms exist lives here; *where* each fact goes on a
form lives only in the TOML field maps (``forms/maps/*.toml``, one per form and revision), and
*what* the facts are is :class:`forms.facts.PacketFacts`. Sources: ../shared/forms/FIELDS.md and
SOURCES.md; ../shared/law/prop64.md §§ 4-5 (why each form is in the packet).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Revision:
    label: str  # as printed in the form's footer, e.g. "Rev. January 1, 2024"
    map_name: str  # file stem in forms/maps/


@dataclass(frozen=True)
class CourtForm:
    code: str  # "CR-400"
    title: str  # in the project's own words, printed on the project's template
    pages: int  # pages of the current revision
    official_file: str  # the Judicial Council's download name, looked for in FORMS_OFFICIAL_DIR
    template_file: str  # the project's own template in forms/templates/
    revisions: tuple[Revision, ...]  # newest first; an official file is filled by the first match

    @property
    def current(self) -> Revision:
        return self.revisions[0]


CURRENT = "Rev. January 1, 2024"

#: The packet's forms, in the order they are bound (CR-400, then its attachment, CR-401, CR-403).
FORMS: tuple[CourtForm, ...] = (
    CourtForm(
        "CR-400",
        "PETITION/APPLICATION UNDER HEALTH AND SAFETY CODE SECTION 11361.8 (ADULT CRIMES)",
        1,
        "cr400.pdf",
        "cr400.pdf",
        (Revision(CURRENT, "cr400_2024"), Revision("New July 1, 2017", "cr400_2017")),
    ),
    CourtForm(
        "CR-401",
        "PROOF OF SERVICE OF PETITION/APPLICATION UNDER HEALTH AND SAFETY CODE § 11361.8",
        1,
        "cr401.pdf",
        "cr401.pdf",
        (Revision(CURRENT, "cr401_2024"),),
    ),
    CourtForm(
        "CR-403",
        "ORDER AFTER PETITION/APPLICATION UNDER HEALTH AND SAFETY CODE § 11361.8",
        2,
        "cr403.pdf",
        "cr403.pdf",
        (Revision(CURRENT, "cr403_2024"),),
    ),
)
BY_CODE: dict[str, CourtForm] = {f.code: f for f in FORMS}
CODES: tuple[str, ...] = tuple(f.code for f in FORMS)


def form(code: str) -> CourtForm:
    return BY_CODE[code]
