"""Submission ids and reference codes: unpredictable, never repeated, evenly spread, and different in a forked
process (kiosk.unpredictable draws its key from the OS once per process)."""
import os
import sys
from collections import Counter

import pytest

from kiosk import unpredictable
from kiosk.consults.forms import _SUBMISSION_ID, new_submission_id
from kiosk.consults.reference import ALPHABET, is_reference, new_reference


def test_ids_have_the_form_and_never_repeat():
    ids = [new_submission_id() for _ in range(100_000)]
    assert all(_SUBMISSION_ID.fullmatch(value) for value in ids[:1000])
    assert len(set(ids)) == len(ids)


def test_every_bit_and_every_symbol_is_evenly_spread():
    draws = [unpredictable.randbits(30) for _ in range(20_000)]
    for bit in range(30):
        ones = sum(draw >> bit & 1 for draw in draws)
        assert 9_400 < ones < 10_600, bit  # 20,000 fair coins: more than 8 standard deviations of room
    assert max(draws) < 2 ** 30
    symbols = Counter()
    for _ in range(20_000):
        code = new_reference()
        assert is_reference(code)
        symbols.update(code.replace("-", ""))
    assert set(symbols) == set(ALPHABET)
    assert all(3_300 < count < 4_200 for count in symbols.values())  # 3,750 expected for each


@pytest.mark.skipif(sys.platform == "win32", reason="no fork on Windows")
def test_a_forked_process_does_not_repeat_its_parents_values():
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # the child: its next values, then leave at once
        os.write(writing, "".join(new_submission_id() for _ in range(3)).encode())
        os._exit(0)
    os.close(writing)
    os.waitpid(child, 0)
    with os.fdopen(reading) as pipe:
        theirs = pipe.read()
    ours = "".join(new_submission_id() for _ in range(3))
    assert len(theirs) == len(ours) == 96 and theirs != ours
    assert not {theirs[i:i + 32] for i in range(0, 96, 32)} & {ours[i:i + 32] for i in range(0, 96, 32)}
