"""Reference codes a patient can read aloud over the phone: no 0/O or 1/I to confuse."""
from __future__ import annotations

import re

from .. import unpredictable

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: digits 2–9, letters without I and O
GROUP = 3
GROUPS = 2
_BITS = 5  # len(ALPHABET) == 2 ** _BITS: each symbol is five random bits, with no bias
_PATTERN = re.compile(rf"[{ALPHABET}]{{{GROUP}}}(-[{ALPHABET}]{{{GROUP}}}){{{GROUPS - 1}}}")


def new_reference() -> str:
    """A random code such as `K7Q-M4X`: 32⁶ ≈ 10⁹ codes, so a clash (retried by the store) is rare."""
    bits = unpredictable.randbits(_BITS * GROUP * GROUPS)
    symbols = [ALPHABET[(bits >> (_BITS * i)) & (len(ALPHABET) - 1)] for i in range(GROUP * GROUPS)]
    return "-".join("".join(symbols[i:i + GROUP]) for i in range(0, len(symbols), GROUP))


def is_reference(text: str) -> bool:
    return bool(_PATTERN.fullmatch(text))


def normalise(text: str) -> str:
    """What staff type when a patient reads a code aloud: case, spaces and dashes do not matter."""
    compact = re.sub(r"[\s\-]", "", text).upper()
    return "-".join(compact[i:i + GROUP] for i in range(0, len(compact), GROUP))
