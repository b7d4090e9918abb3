"""Saudi mobile numbers in any common spelling, normalised to E.164 (+9665XXXXXXXX)."""
from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

REGION = "SA"
# Arabic-Indic (U+0660–0669) and Persian (U+06F0–06F9) digits, as Arabic keyboards type them.
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)}})
# What people put between digits; anything else (letters, other symbols) is not a phone number.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212.()/]")
_SHAPE = re.compile(r"\+?[0-9]{6,15}")
_MOBILE_TYPES = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


class PhoneError(ValueError):
    """Why a number was refused: `invalid`, `not_saudi` or `not_mobile` (no digits in the message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


def normalise(raw: str) -> str:
    """The E.164 form of a Saudi mobile number, or PhoneError saying why it is not one."""
    compact = _SEPARATORS.sub("", ascii_digits(raw or ""))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if not _SHAPE.fullmatch(compact):
        raise PhoneError("invalid")
    if compact.startswith("5") and len(compact) == 9:
        compact = "0" + compact  # written without the trunk 0
    try:
        number = phonenumbers.parse(compact, REGION)
    except phonenumbers.NumberParseException:
        raise PhoneError("invalid") from None
    if phonenumbers.region_code_for_number(number) != REGION:
        raise PhoneError("not_saudi" if phonenumbers.is_valid_number(number) else "invalid")
    if not phonenumbers.is_valid_number(number):
        raise PhoneError("invalid")
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise PhoneError("not_mobile")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
