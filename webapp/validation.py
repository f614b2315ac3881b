"""One standard for every answer, whether typed in a form or read from a save file.

The forms (webapp.forms) and the save-file reader (webapp.state) both use these limits,
character sets and date rules, so a save file cannot hold what the forms would refuse.
"""

from __future__ import annotations

import re
import unicodedata

# Characters never accepted in typed text: C0/C1 control characters (NUL, CR, LF, ESC...) and
# the Unicode bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E/F, U+061C), which
# can make a name or case number display differently from what it is ("Trojan Source").
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069<>]")

CASE_NUMBER = (40, r"[A-Za-z0-9 .\-/]+")
SECTION_TYPED = (60, r"[A-Za-z0-9 .()&/\-]+")
ZIP = (10, r"\d{5}(-\d{4})?")
PHONE = (30, r"[0-9 +().\-]+")
EMAIL = (120, r"[^@\s]+@[^@\s]+\.[^@\s]+")
BAR_NUMBER = (20, r"\d+")

# Free text (names, addresses): the length only; the characters are checked by text_problem.
NAME = 100
STREET = 120
CITY = 60
STATE = 30
SERVER = 100
ATTORNEY = 100

# The biggest amounts a form accepts (7 digits, 3 decimals).
MAX_AMOUNT = 9_999_999
MAX_PLANTS = 9_999_999
EARLIEST_YEAR = 1900


def text_problem(value: str, maximum: int, pattern: str | None = None) -> str | None:
    """What is wrong with ``value``: "length", "markup", "characters", "pattern" or None."""
    if len(value) > maximum:
        return "length"
    if "<" in value or ">" in value:
        return "markup"
    if _FORBIDDEN.search(value) or any(unicodedata.category(ch) == "Cs" for ch in value):
        return "characters"
    if value and pattern and not re.fullmatch(pattern, value):
        return "pattern"
    return None
