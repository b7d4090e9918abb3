"""Saudi mobile numbers: every common spelling normalises to one E.164 form; other numbers are refused."""
import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kiosk.consults.phone import PhoneError, normalise

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


@pytest.mark.parametrize("spelling", [
    "0501234567", "501234567", "+966501234567", "00966501234567", "966501234567",
    "050 123 4567", "050-123-4567", "+966 50 123 4567", "(050) 123-4567", " 0 5 0 1 2 3 4 5 6 7 ",
    "٠٥٠١٢٣٤٥٦٧", "۰۵۰۱۲۳۴۵۶۷", "+٩٦٦٥٠١٢٣٤٥٦٧", "٠٠٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", "٠٥٠-١٢٣-٤٥٦٧",
])
def test_common_spellings_give_one_e164(spelling):
    assert normalise(spelling) == "+966501234567"


@pytest.mark.parametrize(("number", "reason"), [
    ("0112345678", "not_mobile"),       # Riyadh landline
    ("+966 11 234 5678", "not_mobile"),
    ("+44 7911 123456", "not_saudi"),    # a British mobile
    ("+971 50 123 4567", "not_saudi"),   # an Emirati mobile
    ("050123456", "invalid"),            # a digit short
    ("05012345678", "invalid"),          # a digit too many
    ("05O1234567", "invalid"),           # a letter O
    ("call me", "invalid"),
    ("", "invalid"),
    ("+", "invalid"),
    ("0501234567 ext 2", "invalid"),
    ("١" * 200, "invalid"),
])
def test_other_numbers_are_refused_with_a_reason(number, reason):
    with pytest.raises(PhoneError) as refused:
        normalise(number)
    assert refused.value.reason == reason


@st.composite
def saudi_mobile_spellings(draw):
    """A valid Saudi mobile (by the phonenumbers metadata) and one way a patient might type it."""
    subscriber = draw(st.from_regex(r"5[0-9]{8}", fullmatch=True))
    assume(phonenumbers.is_valid_number(phonenumbers.parse("+966" + subscriber)))
    prefix = draw(st.sampled_from(["0", "", "+966", "00966", "966", "+966 ", "00966 "]))
    digits = prefix + subscriber
    spelled = []
    for char in digits:
        if char.isdigit():
            char = draw(st.sampled_from([char, ARABIC_INDIC[int(char)], PERSIAN[int(char)]]))
        spelled.append(char)
        spelled.append(draw(st.sampled_from(["", "", "", " ", "-"])))
    return "+966" + subscriber, "".join(spelled).strip(" -")


@settings(max_examples=50, deadline=None)
@given(saudi_mobile_spellings())
def test_every_spelling_of_a_saudi_mobile_normalises_to_the_same_e164(case):
    e164, spelling = case
    assert normalise(spelling) == e164


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_normalise_never_raises_anything_but_phone_error(text):
    try:
        result = normalise(text)
    except PhoneError:
        return
    assert result.startswith("+9665") and len(result) == 13
