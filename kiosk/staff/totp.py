"""The authenticator app: TOTP per RFC 6238 (SHA-1, 6 digits, 30 s), one step either side, each code once."""
from __future__ import annotations

import hmac
import time
import unicodedata

import pyotp
from sqlalchemy import or_, update

from .. import db
from ..records.staff import StaffUser

STEP_SECONDS = 30
DIGITS = 6
# The step before and the step after the current one are accepted too: a phone's clock a little off.
WINDOW = 1


def new_secret() -> str:
    """A random base32 secret (160 bits, as RFC 4226 recommends)."""
    return pyotp.random_base32(32)


def uri(secret: str, username: str, issuer: str) -> str:
    """The `otpauth://totp/…?secret=…&issuer=…` URI that authenticator apps read from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=username, issuer_name=issuer)


def clean_code(raw: str) -> str:
    """The digits of what was typed, as ASCII (spaces and dashes dropped; Arabic-Indic digits count)."""
    return "".join(str(unicodedata.decimal(ch)) for ch in raw[:64] if ch.isdecimal())


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The step (of now-1, now, now+1) whose code this is, or None."""
    code = clean_code(code)
    if len(code) != DIGITS:
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    found = None
    for step in range(current - WINDOW, current + WINDOW + 1):
        # Every step is compared (no early exit), in constant time.
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            found = step
    return found


def check(user_id: int, code: str, now: float | None = None) -> bool:
    """True when `code` is this user's current app code and no code of that step (or a later one) was
    accepted before; the step is then spent, in the database, so every process refuses it again."""
    with db.reading() as session:
        user = session.get(StaffUser, user_id)
        secret = user.totp_secret if user is not None else None
    if not secret:
        return False
    step = matching_step(secret, code, now)
    if step is None:
        return False
    with db.transaction() as session:
        # One conditional UPDATE: two requests racing with the same code cannot both win.
        spent = session.execute(
            update(StaffUser)
            .where(StaffUser.id == user_id, StaffUser.totp_secret == secret,
                   or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step))
            .values(totp_last_step=step))
    return spent.rowcount == 1
