"""Recovery codes: ten single-use codes for a lost phone or passkey, stored as argon2id hashes."""
from __future__ import annotations

import secrets

from sqlalchemy import delete, func, select, update

from .. import db
from ..records.staff import RecoveryCode, utcnow
from . import passwords

COUNT = 10
# No 0/o, 1/i/l: read aloud or copied from paper, no two characters look alike. 12 of 31: 59 bits.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
LENGTH = 12


def _normal(raw: str) -> str:
    return "".join(ch for ch in raw[:64].lower() if ch not in " -\u00a0")


def looks_like(raw: str) -> bool:
    """Whether a typed code is shaped like a recovery code (an app code is six digits)."""
    code = _normal(raw)
    return len(code) == LENGTH and all(ch in ALPHABET for ch in code)


def _new_code() -> str:
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(code[i:i + 4] for i in range(0, LENGTH, 4))


def replace(session, user_id: int) -> list[str]:
    """Ten new codes for this user in the caller's transaction (the old ones stop working); the codes in
    clear, to be shown once."""
    codes = [_new_code() for _ in range(COUNT)]
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    session.add_all(RecoveryCode(user_id=user_id, code_hash=passwords.hash_password(_normal(code)))
                    for code in codes)
    return codes


def use(user_id: int, raw: str) -> bool:
    """True, and the code is spent, when `raw` is one of this user's unused codes."""
    if not looks_like(raw):
        return False
    code = _normal(raw)
    with db.reading() as session:
        rows = session.execute(select(RecoveryCode.id, RecoveryCode.code_hash)
                               .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))).all()
    matched = next((row_id for row_id, code_hash in rows if passwords.verify(code_hash, code)), None)
    if matched is None:
        return False
    with db.transaction() as session:
        # Conditional: two requests racing with one code cannot both spend it.
        spent = session.execute(update(RecoveryCode)
                                .where(RecoveryCode.id == matched, RecoveryCode.used_at.is_(None))
                                .values(used_at=utcnow()))
    return spent.rowcount == 1


def remaining(session, user_id: int) -> int:
    """How many unused codes this user has."""
    return session.scalar(select(func.count(RecoveryCode.id))
                          .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))) or 0
