"""The consult-request form: fields, cleaning filters and rules, with messages in the page language."""
from __future__ import annotations

import re
import unicodedata

from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField, TelField, TextAreaField
from wtforms.validators import StopValidation

from .. import unpredictable
from ..config import LOCALES
from ..i18n.text import lazy_gettext as _l
from ..records.consults import TIMES
from . import phone as phones
from .cleaning import clean_line, clean_text
from .privacy import CONSENT_VERSION
from .store import Draft

NAME_MIN, NAME_MAX, MESSAGE_MAX, PHONE_MAX = 2, 80, 500, 32
NAME_MARKS = frozenset(" .'-\u2019")  # space, dot, apostrophe (typed or typographic), hyphen
_SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")


def new_submission_id() -> str:
    """128 unpredictable bits as 32 hex digits, never shared by two served forms: whoever could guess a
    patient's id could send it first and have the patient's request dropped as a duplicate."""
    return unpredictable.token_hex(16)


def _name_char(char: str) -> bool:
    return char.isalpha() or char in NAME_MARKS or unicodedata.category(char).startswith("M")


def check_name(form, field) -> None:
    name = field.data
    if not name:
        raise StopValidation(gettext("Please enter your name."))
    if any(unicodedata.category(char) == "Nd" for char in name):
        raise StopValidation(gettext("A name cannot contain digits. Please write your name in letters."))
    if not all(_name_char(char) for char in name) or not any(char.isalpha() for char in name):
        raise StopValidation(gettext(
            "Please use only letters, spaces, dots (.), apostrophes (') and hyphens (-)."))
    if len(name) < NAME_MIN:
        raise StopValidation(ngettext("Please enter at least %(num)d letter.",
                                      "Please enter at least %(num)d letters.", NAME_MIN))
    if len(name) > NAME_MAX:
        raise StopValidation(ngettext("Please shorten your name to at most %(num)d character.",
                                      "Please shorten your name to at most %(num)d characters.", NAME_MAX))


def check_phone(form, field) -> None:
    if not field.data:
        raise StopValidation(gettext("Please enter your mobile number."))
    try:
        if len(field.data) > PHONE_MAX:
            raise phones.PhoneError("invalid")
        form.e164 = phones.normalise(field.data)
    except phones.PhoneError as error:
        messages = {
            "not_saudi": gettext("We can only call Saudi mobile numbers. Please enter a number that "
                                 "starts with 05, for example 05X XXX XXXX."),
            "not_mobile": gettext("This looks like a landline number. Please enter a mobile number "
                                  "that starts with 05."),
        }
        raise StopValidation(messages.get(error.reason) or gettext(
            "Please enter a Saudi mobile number, for example 05X XXX XXXX.")) from None


def check_choice(allowed, message):
    def check(form, field) -> None:
        if field.data not in allowed:
            raise StopValidation(message)
    return check


def check_message(form, field) -> None:
    if len(field.data) > MESSAGE_MAX:
        raise StopValidation(ngettext(
            "Please shorten your message to at most %(num)d character (it now has %(count)d).",
            "Please shorten your message to at most %(num)d characters (it now has %(count)d).",
            MESSAGE_MAX, count=len(field.data)))


def check_consent(form, field) -> None:
    if not field.data:
        raise StopValidation(gettext("Please tick the box to let us call you about this request."))


def check_submission_id(form, field) -> None:
    if not _SUBMISSION_ID.fullmatch(field.data or ""):
        field.data = new_submission_id()  # the next try gets a good one
        raise StopValidation(gettext("This form could not be sent as it was. Please check your details "
                                     "and tap “Send request” again."))


class ConsultForm(FlaskForm):
    """SPEC §4; the HTML names of these fields are a contract with the kiosk's other parts."""

    class Meta:
        # No token: cross-site posts are refused by Fetch Metadata before any view runs (kiosk.crossorigin),
        # so patients carry no session cookie (SPEC §4).
        csrf = False

        def get_translations(self, form):
            return None  # every message here is our own, translated through the kiosk's catalogs

    name = StringField(_l("Your name"), filters=[clean_line], validators=[check_name])
    phone = TelField(_l("Mobile number"), filters=[clean_line], validators=[check_phone])
    preferred_language = RadioField(
        _l("Which language should we speak when we call?"),
        choices=[SelectChoice("ar", "العربية"), SelectChoice("en", "English")],
        validate_choice=False, validators=[check_choice(LOCALES, _l("Please choose Arabic or English."))])
    preferred_time = RadioField(
        _l("When is the best time to call you?"),
        choices=[SelectChoice("morning", _l("Morning")), SelectChoice("afternoon", _l("Afternoon")),
                 SelectChoice("evening", _l("Evening"))],
        validate_choice=False,
        validators=[check_choice(TIMES, _l("Please choose when we may call you."))])
    message = TextAreaField(_l("Anything you would like us to know (optional)"), filters=[clean_text],
                            validators=[check_message])
    consent = BooleanField(_l("I agree that the clinic may call me about this request, as described in "
                              "“How we use your details”."), validators=[check_consent])
    submission_id = HiddenField(validators=[check_submission_id])

    e164 = ""  # the phone number as stored, set when the phone is valid

    def start(self, page_language: str) -> None:
        """Fill a fresh form: the patient's language is preselected, a new submission_id issued."""
        self.preferred_language.data = page_language
        self.submission_id.data = new_submission_id()

    def use_page_language_if_missing(self, page_language: str) -> None:
        if not self.preferred_language.data:
            self.preferred_language.data = page_language

    def draft(self, page_language: str, kiosk_id: str) -> Draft:
        return Draft(submission_id=self.submission_id.data, page_language=page_language, kiosk_id=kiosk_id,
                     name=self.name.data, phone=self.e164, preferred_language=self.preferred_language.data,
                     preferred_time=self.preferred_time.data, message=self.message.data,
                     consent_version=CONSENT_VERSION)
