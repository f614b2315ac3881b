"""Every validation and eligibility message the site shows, as lazy translations.

One place for them so that translators see them together and the forms, views and templates
share one wording. ``_l`` is resolved when the message is rendered, in the person's language.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from rules.model import N_, Outcome, Track

# --- fields -----------------------------------------------------------------------------------
REQUIRED_COUNTY = _l("Choose the county where the case was heard.")
REQUIRED_CHOICE = _l("Choose one answer.")
REQUIRED_SECTION = _l("Choose the code section, or choose “I'm not sure”.")
REQUIRED_TYPED_SECTION = _l("Type the code section as it is written on your record.")
REQUIRED_NAME = _l("Enter your full name.")
REQUIRED_SIGNATURE = _l("Choose how you will sign the forms.")
REQUIRED_YEAR = _l("Enter at least the year.")
REQUIRED_FILE = _l("Choose the file you saved before.")


def too_long(maximum: int) -> str:
    return str(
        lazy_ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", maximum)
    )


NO_MARKUP = _l("Remove the characters < and >: they cannot be used here.")
NO_CONTROL_CHARACTERS = _l(
    "This contains invisible control characters (such as text-direction marks) that cannot be"
    " used here. Type it again without copying and pasting."
)
CASE_NUMBER_CHARACTERS = _l("Use only letters, numbers, spaces, dashes and dots.")
SECTION_CHARACTERS = _l("Use only the characters of a code section, for example 11357(b).")
NUMBER_INVALID = _l("Enter a number, for example 28.5, or leave it empty if you don't know.")
WHOLE_NUMBER_INVALID = _l(
    "Enter a whole number, for example 12, or leave it empty if you don't know."
)
EMAIL_INVALID = _l("Enter an email address like name@example.com, or leave it empty.")
ZIP_INVALID = _l("Enter a ZIP code of 5 digits, for example 94612.")
PHONE_INVALID = _l("Enter a phone number using digits, spaces, dashes, dots, brackets or +.")
NOT_PRINTABLE = _l(
    "The court forms cannot print some of these characters. Type this in Latin letters (A to Z)."
)
BAR_NUMBER_INVALID = _l("Enter the State Bar number using digits only.")

# --- dates ------------------------------------------------------------------------------------
DATE_NUMBERS_US = _l(
    "Enter the month, day and year as numbers, for example 3, 27 and 1985 for March 27, 1985."
)
DATE_MONTH_INVALID = _l(
    "Enter the month as a number from 1 to 12 or as its name, for example 3 or March."
)
DATE_NOT_REAL = _l("This date does not exist. Check the day and the month.")
DATE_YEAR_FOUR_DIGITS = _l("Enter the year with 4 digits, for example 1985.")
DATE_IN_FUTURE = _l("This date is in the future. Check the year.")
DATE_DAY_WITHOUT_MONTH = _l("You gave a day but no month. Add the month, or leave both empty.")
DATE_OF_BIRTH_INCOMPLETE = _l("Enter the whole date of birth, or leave all three boxes empty.")
BIRTH_AFTER_OFFENSE = _l(
    "This date of birth is after the offense date of one of your convictions. Check both dates."
)
OFFENSE_BEFORE_BIRTH = _l("The offense date is before your date of birth. Check both dates.")
CONVICTION_BEFORE_OFFENSE = _l(
    "The conviction date is before the offense date. A conviction always comes after the offense: "
    "check both dates."
)

# --- the session and files -------------------------------------------------------------------
TOO_MANY_CONVICTIONS = _l("You have reached the most convictions this site can take at once.")
FILE_TOO_LARGE = _l("This file is too large to be a file of saved answers.")
FILE_INVALID = _l("This is not a file of answers saved from this site, or it is damaged.")
COUNT_INVALID = _l("Enter the count number as digits, for example 2 (or 1, 3 for several).")
REQUIRED_ADDRESS = _l(
    "Enter a mailing address: the court and the district attorney send notices about your "
    "request there."
)
REQUIRED_CITY = _l("Enter the city of your mailing address.")
REQUIRED_ZIP = _l("Enter the ZIP code of your mailing address.")
# --- the download page and the papers ----------------------------------------------------------
PACKET_PAGE_FAILED = _l("We could not make your court forms")
PACKET_FIX_NAME = _l(
    "Your name could not be printed on the court forms. Type it in Latin letters (A to Z, with "
    "accents if you need them) on the page with your details, then try again."
)
PACKET_FIX_ADDRESS = _l(
    "Your mailing address is missing or could not be printed. Check it on the page with your "
    "details, then try again."
)
PACKET_FIX_OTHER = _l(
    "This is a problem on our side, not in your answers. Your answers are kept: try again later, "
    "or ask a legal aid office for help."
)
COVER_INTRO = _l(
    "This page is for you. Take it out before you file: it is not part of the court forms that "
    "follow. The court forms are in English, as the court needs them."
)
COVER_TRACK_UNKNOWN = _l(
    "You did not say whether you have finished your sentence in this case, so both boxes of "
    "item 2 on the petition (CR-400) are empty. Before you file, tick one of them:"
)
COVER_TRACK_MIXED = _l(
    "Your answers about the sentence differ between the convictions of this case, so both boxes "
    "of item 2 on the petition (CR-400) are empty. Before you file, tick one of them:"
)
COVER_BOX_SERVING = _l(
    "if you are still serving the sentence (jail, probation, parole or other supervision)"
)
COVER_BOX_COMPLETED = _l("if you have finished the sentence")
COVER_TRACK_TITLE_BOX = _l(
    "Tick the matching box in the title of CR-400 and CR-403 too: 11361.8(b) for a petition, "
    "11361.8(f) for an application. On CR-403, write the convictions in item 1 (petition) or item "
    "2 (application)."
)
COVER_SIGN_HAND = _l(
    "Sign the petition (CR-400) by hand on the signature line at the bottom of the page, and "
    "write the date beside “Date”."
)
COVER_SIGN_TYPED = _l(
    "Your typed signature (/s/ and your name) is already on the petition (CR-400), with today's "
    "date. If the court does not accept typed signatures, sign by hand above it."
)
COVER_NOT_COVERED = _l("These convictions in this case are not in this packet:")
COVER_WHY_NO_RELIEF = _l("Proposition 64 gives no relief for it")
COVER_WHY_REVIEW = _l("a lawyer should look at it before you ask for relief")
COVER_WHY_JUVENILE = _l("juvenile court: ask for relief on form JV-744")
COVER_NO_CASE_NUMBER = _l(
    "The case number is blank. The clerk needs it. Ask the criminal clerk's office (court "
    "records) of this court to look up your case by your name and date of birth, or ask the "
    "California Department of Justice for your record (record review); then write the number in "
    "the case number box of every form."
)
COVER_COPIES = _l(
    "Make copies of the signed forms: one for the district attorney, one for the city attorney if "
    "one prosecuted the case, and one for you. Ask the clerk if the court wants more."
)
COVER_SERVE = _l(
    "Someone 18 or older who is not you mails or hands a copy to the district attorney, then "
    "fills in and signs the proof of service (CR-401). File CR-401 with the other forms."
)
COVER_FILL_COURT_ADDRESS = _l(
    "We could not confirm the court's address from an official source, so the address lines of "
    "the court box are empty on the forms. Check the address on the court's website and write it "
    "in on every form."
)
COVER_FILL_DA_ADDRESS = _l(
    "We have no complete address (with ZIP code) for the district attorney, so item 2b of the "
    "proof of service (CR-401) is empty. The person who serves the papers writes in the address "
    "used."
)
COVER_FOOTER = _l("Made by the Prop 64 Petition Assistant. Legal information, not legal advice.")

PACKET_FAILED = _l(
    "The forms for this case could not be filled in. Check your details, or ask a legal aid "
    "office for help."
)
ANSWERS_LOADED = _l("Your saved answers are back. Check them before you go on.")
ANSWERS_CLEARED = _l("Your answers have been cleared from this browser.")
ANSWERS_TOO_LARGE = _l(
    "This browser cannot keep more answers: nothing was changed. Shorten what you typed, or save"
    " your answers, remove a conviction and start a second set for the others."
)
ALREADY_SAVED = _l("You already saved this conviction. You can check or change it here.")
FORM_ALREADY_USED = _l(
    "This form was already used to add a conviction. Check your list of convictions first. If"
    " this is another conviction, press “Save this conviction” again to add it."
)
CONVICTION_GONE = _l(
    "That conviction was removed, perhaps in another tab or window. Nothing was changed."
)
CHANGED_ELSEWHERE = _l(
    "This conviction was changed in another tab or window after this page was opened, so"
    " nothing was saved. What you typed is below: check it and save again."
)
CHANGED_ELSEWHERE_REMOVE = _l(
    "This conviction was changed in another tab or window. Check it before you remove it."
)
CONVICTION_REMOVED = _l("The conviction was removed.")
CSRF_FAILED = _l(
    "This page was open for too long, or the form came from somewhere else. "
    "Go back, reload the page and try again."
)


def answers_expired(minutes: int) -> str:
    return str(
        lazy_ngettext(
            "Your answers were cleared because the site was not used for %(num)d minute.",
            "Your answers were cleared because the site was not used for %(num)d minutes.",
            minutes,
        )
    )


# --- eligibility words -----------------------------------------------------------------------
OUTCOME_TITLES = {
    Outcome.DISMISS: _l("Can be dismissed and sealed"),
    Outcome.REDUCE_TO_INFRACTION: _l("Can be reduced to an infraction"),
    Outcome.REDUCE_TO_MISDEMEANOR: _l("Can be reduced to a misdemeanor"),
    Outcome.NEEDS_REVIEW: _l("A lawyer should look at this one"),
    Outcome.NOT_ELIGIBLE: _l("Not eligible under Proposition 64"),
    Outcome.NOT_APPLICABLE: _l("Proposition 64 does not apply to this conviction"),
}
OUTCOME_EXPLANATIONS = {
    Outcome.DISMISS: _l(
        "What you did is legal today, so the court can dismiss the conviction and seal the record."
    ),
    Outcome.REDUCE_TO_INFRACTION: _l(
        "What you did is a less serious offense today, so the court can change the conviction"
        " to an infraction (like a ticket)."
    ),
    Outcome.REDUCE_TO_MISDEMEANOR: _l(
        "What you did is a less serious offense today, so the court can change a felony to a"
        " misdemeanor."
    ),
    Outcome.NEEDS_REVIEW: _l(
        "The answer depends on facts we do not know yet, or on a point of law that is not"
        " settled. The law presumes you are eligible, so you can still file; a lawyer or legal"
        " aid office can help you decide."
    ),
    Outcome.NOT_ELIGIBLE: _l(
        "Proposition 64 does not change this conviction. Other ways to clear a record may still "
        "help you."
    ),
    Outcome.NOT_APPLICABLE: _l(
        "This conviction is not one of the cannabis offenses that Proposition 64 covers"
        " (Health and Safety Code §§ 11357 to 11360)."
    ),
}
TRACK_WORDS = {
    Track.PETITION: _l(
        "Because you are still serving the sentence, you ask for this with a petition "
        "(Health and Safety Code § 11361.8(a))."
    ),
    Track.APPLICATION: _l(
        "Because you have finished the sentence, you ask for this with an application "
        "(Health and Safety Code § 11361.8(e))."
    ),
    Track.UNKNOWN: _l(
        "Tell us whether you are still serving the sentence to know whether you file a petition "
        "or an application."
    ),
}

# Problems the site gives the rules (as ``Conviction.input_errors``): English msgids marked for
# extraction, translated when shown.
PARTIAL_DATE_CHANGES_ANSWER = N_(
    "We only know part of the offense date, and the answer changes with the exact date. "
    "Find the date on your record and enter it."
)
