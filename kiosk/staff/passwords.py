"""Staff passwords: argon2id hashing with OWASP's parameters and a length-only policy (NIST 800-63B)."""
from __future__ import annotations

import unicodedata
from functools import cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from ..i18n.text import lazy_gettext as _l

MIN_LENGTH = 8
MAX_LENGTH = 128

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB of memory, 2 iterations, 1 lane.
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16,
                        type=Type.ID)

# The most common passwords of at least eight characters in public breach lists; refused outright.
COMMON = frozenset("""
password 12345678 123456789 1234567890 12345678910 123123123 qwertyuiop qwertyui 1q2w3e4r 1q2w3e4r5t
11111111 00000000 88888888 66666666 iloveyou password1 password123 passw0rd p@ssw0rd p@ssword abc12345
abcd1234 sunshine princess football baseball welcome1 welcome123 admin123 administrator letmein1
trustno1 starwars superman whatever computer internet asdfghjk asdfghjkl zxcvbnm1 qazwsx123 1qaz2wsx
q1w2e3r4 q1w2e3r4t5 87654321 987654321 12341234 11223344 aa123456 a1234567 1234qwer qwerty123
qwerty12 changeme changeme1 secret123 monkey123 dragon123 master123 shadow123 michael1 jennifer
liverpool chelsea1 arsenal1 barcelona realmadrid 123456789a 123456abc abc123456 pakistan hello123
hello1234 clinic123 kiosk123 reception reception1 riyadh123 saudi123 ksa12345 mohammed mohammad
muhammad ahmed123 123456789q passwordpassword
""".split())


def clean(password: str) -> str:
    """NFC, so the same word typed on two keyboards (composed or not) is the same password."""
    return unicodedata.normalize("NFC", password)


def problem(password: str, username: str = "") -> str | None:
    """Why a new password is refused (a translated sentence), or None when it is acceptable."""
    password = clean(password)
    if len(password) < MIN_LENGTH:
        return str(_l("The password needs at least %(count)d characters.", count=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("The password can have at most %(count)d characters.", count=MAX_LENGTH))
    folded = password.casefold()
    if folded in COMMON or folded == username.casefold() or len(set(folded)) < 3:
        return str(_l("This password is too common or too easy to guess. Choose another."))
    return None


@cache
def _dummy_hash() -> str:
    """Verified against when the name is unknown, so a wrong name costs as long as a wrong password."""
    return HASHER.hash("not a real password; only here to spend the same time")


def hash_password(password: str) -> str:
    return HASHER.hash(clean(password))


def verify(stored_hash: str | None, password: str) -> bool:
    """True when `password` matches; an unknown user (None) takes the same time and fails."""
    password = clean(password)
    if len(password) > MAX_LENGTH:
        return False
    try:
        return HASHER.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)
