"""Server-side staff sessions: a random token in the cookie, its hash in the database, real logout."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select

from .. import db
from ..records.staff import IDLE, Passkey, StaffSession, StaffUser, as_utc, utcnow
from .roles import DEFAULT_ROLE

# A session that has only passed the password (the code or set-up still to come) ends sooner.
HALF_IDLE = dt.timedelta(minutes=10)
# last_seen is refreshed at most this often, so browsing the inbox is not a write per page.
TOUCH_EVERY = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member, as views and templates see them."""

    id: int
    username: str
    role: str = DEFAULT_ROLE
    # Whether this session has passed the second factor (False: only the code or set-up pages open),
    # and whether the user has a second factor at all.
    second_factor: bool = True
    has_factor: bool = False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(staff: Staff, second_factor: bool = True) -> str:
    """A new random session id for this sign-in; the cookie carries it, the DB keeps only its hash.

    `second_factor=False`: the password is right but the second factor is still to come (or to set up)."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        session.add(StaffSession(token_hash=_token_hash(token), user_id=staff.id,
                                 second_factor=second_factor))
    return token


def session_row(token: str) -> StaffSession | None:
    """The stored session behind a token (for the set-up pages' own columns)."""
    with db.reading() as session:
        return session.get(StaffSession, _token_hash(token))


def update_session(token: str, **values) -> None:
    """Set columns of this session's row (the secret being set up, codes to show once)."""
    with db.transaction() as session:
        row = session.get(StaffSession, _token_hash(token))
        if row is not None:
            for name, value in values.items():
                setattr(row, name, value)


def resume_session(token: str, touch: bool = True) -> Staff | None:
    """The staff member behind a session token, or None when it is unknown, ended or idle too long.

    `touch=False` (the live inbox's background poll) does not count as activity, so a desk left with the
    inbox open still signs out after the idle time."""
    now, token_hash = utcnow(), _token_hash(token)
    has_passkey = select(Passkey.id).where(Passkey.user_id == StaffUser.id).exists()
    with db.reading() as session:
        row = session.execute(select(StaffSession, StaffUser.username, StaffUser.role,
                                     StaffUser.totp_secret.is_not(None) | has_passkey).join(StaffUser)
                              .where(StaffSession.token_hash == token_hash)).first()
    if row is None:
        return None
    stored, username, role, has_factor = row
    idle = now - as_utc(stored.last_seen)
    if idle > (IDLE if stored.second_factor else HALF_IDLE):
        close_session(token)
        return None
    if touch and idle > TOUCH_EVERY:
        with db.transaction() as session:
            current = session.get(StaffSession, token_hash)
            if current is not None:
                current.last_seen = now
    return Staff(stored.user_id, username, role, bool(stored.second_factor), bool(has_factor))


def close_session(token: str) -> None:
    with db.transaction() as session:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
