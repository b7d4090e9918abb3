"""Input cleaning: NFC, trimmed, no bidi controls, zero-width or control characters; ZWNJ/ZWJ in text."""
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.consults.cleaning import BIDI_CONTROLS, JOINERS, ZERO_WIDTH, clean_line, clean_text

FORBIDDEN = BIDI_CONTROLS | ZERO_WIDTH
bounded = settings(max_examples=50, deadline=None)
# Text rich in the characters that matter: bidi controls, zero-width, joiners, controls, combining marks.
tricky = st.text(st.one_of(st.characters(),
                           st.sampled_from(sorted(FORBIDDEN | JOINERS) + ["\x00", "\x7f", "\x85", "\r", "\n",
                                                                         "\t", "\u0301", "\u064b", " "])),
                 max_size=60)


@pytest.mark.parametrize(("raw", "clean"), [
    ("  Sara  ", "Sara"),
    ("\u202eسارة\u202c", "سارة"),
    ("Sa\u200bra", "Sara"),
    ("\ufeffAli", "Ali"),
    ("Ali\u2066 Hassan\u2069", "Ali Hassan"),
    ("e\u0301", "\u00e9"),             # NFC
    ("Ali\x00\x07", "Ali"),
    ("Ali\t\tHassan", "Ali Hassan"),
    ("Ali\nHassan", "Ali Hassan"),     # a one-line field has no line breaks
    ("می\u200cخواهم", "میخواهم"),      # ZWNJ only survives in the free-text message
    (None, ""),
])
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


def test_clean_text_keeps_joiners_and_line_breaks():
    assert clean_text("می\u200cخواهم\r\n\r\n\r\n\r\nشكرًا 👨\u200d⚕️") == "می\u200cخواهم\n\nشكرًا 👨\u200d⚕️"
    assert clean_text("\u200f  hello\u202e  \x1b[31m ") == "hello [31m"


@bounded
@given(tricky)
def test_cleaning_is_idempotent_and_never_raises(text):
    assert clean_line(clean_line(text)) == clean_line(text)
    assert clean_text(clean_text(text)) == clean_text(text)


@bounded
@given(tricky)
def test_cleaned_text_has_no_invisible_controls_and_is_nfc(text):
    for cleaned in (clean_line(text), clean_text(text)):
        assert not FORBIDDEN & set(cleaned)
        assert not any(unicodedata.category(char) == "Cc" and char != "\n" for char in cleaned)
        assert unicodedata.is_normalized("NFC", cleaned)
        assert cleaned == cleaned.strip()
    assert "\n" not in clean_line(text) and not JOINERS & set(clean_line(text))
