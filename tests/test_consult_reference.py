"""Reference codes: short, easy to read aloud (no 0/O or 1/I), unique enough, forgiving when typed back."""
from kiosk.consults.reference import ALPHABET, is_reference, new_reference, normalise


def test_alphabet_has_no_easily_confused_symbols():
    assert not set("0O1I") & set(ALPHABET) and len(set(ALPHABET)) == 32


def test_codes_are_short_groups_and_rarely_repeat():
    codes = {new_reference() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(is_reference(code) and len(code) == 7 and code[3] == "-" for code in codes)


def test_a_code_typed_back_any_way_is_found():
    assert normalise(" k7q m4x ") == normalise("K7Q-M4X") == "K7Q-M4X"
    assert not is_reference("K7Q-M4O") and not is_reference("k7q-m4x")
