"""Staff accounts, sign-in with a lockout per name and client (held across processes), server sessions."""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import db
from ..records.staff import IDLE, LoginFailure, StaffSession, StaffUser, as_utc, utcnow
from . import passwords
from .roles import DEFAULT_ROLE, ROLES

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
# last_seen is refreshed at most this often, so browsing the inbox is not a write per page.
TOUCH_EVERY = dt.timedelta(seconds=60)


class AccountError(Exception):
    """A staff account cannot be created, changed or removed; the message says why."""


@dataclass(frozen=True)
class Staff:
    """The signed-in staff member, as views and templates see them."""

    id: int
    username: str
    role: str = DEFAULT_ROLE


def clean_name(username: str) -> str:
    return unicodedata.normalize("NFC", username).strip()


def _failure_key(username: str, client: str) -> str:
    """Name and client address, hashed: the table then holds neither a typed name nor an IP address."""
    return hashlib.sha256(f"{clean_name(username).casefold()}\n{client}".encode()).hexdigest()


def _possible_name(username: str) -> bool:
    return 1 <= len(username) <= 64 and username.isprintable() and " " not in username


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"the role must be one of {', '.join(ROLES)}")


def add_user(username: str, password: str, role: str = DEFAULT_ROLE, *,
             session: Session | None = None) -> None:
    """Create a staff user (in the caller's `session` when given, with its audit entry)."""
    _check_role(role)
    username = clean_name(username)
    if not _possible_name(username):
        raise AccountError("the name must be 1-64 printable characters without spaces")
    reason = passwords.problem(password, username)
    if reason:
        raise AccountError(reason)
    with db.within(session) as session:
        if session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
            raise AccountError(f"a staff user named {username!r} already exists")
        session.add(StaffUser(username=username, password_hash=passwords.hash_password(password), role=role))


def set_role(username: str, role: str, *, session: Session | None = None) -> None:
    """A new role also ends every session of that user: their open pages were allowed by the old one."""
    _check_role(role)
    with db.within(session) as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == clean_name(username)))
        if user is None:
            raise AccountError(f"no staff user named {username!r}")
        user.role = role
        session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def set_password(username: str, password: str, *, session: Session | None = None) -> None:
    """A new password also ends every session of that user."""
    reason = passwords.problem(password, username)
    if reason:
        raise AccountError(reason)
    with db.within(session) as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == clean_name(username)))
        if user is None:
            raise AccountError(f"no staff user named {username!r}")
        user.password_hash = passwords.hash_password(password)
        session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))


def remove_user(username: str, *, session: Session | None = None) -> None:
    """Delete a staff user and end their sessions (in the caller's `session` when given, as the others)."""
    with db.within(session) as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == clean_name(username)))
        if user is None:
            raise AccountError(f"no staff user named {username!r}")
        session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
        session.delete(user)


def list_users() -> list[tuple[str, dt.datetime]]:
    return [(name, created) for name, _role, created in list_users_with_roles()]


def list_users_with_roles() -> list[tuple[str, str, dt.datetime]]:
    with db.reading() as session:
        rows = session.execute(select(StaffUser.username, StaffUser.role, StaffUser.created_at)
                               .order_by(StaffUser.username))
        return [(name, role, as_utc(created)) for name, role, created in rows]


def authenticate(username: str, password: str, client: str = "") -> tuple[Staff | None, int]:
    """(the staff member or None, seconds this client stays refused for this name; 0 when it is not).

    Failures count per name *and client address*, in the database (every process honours them): five for a
    name from one client refuse that client for that name for fifteen minutes, even with the right password,
    while the staff member at another desk signs in as usual. The per-client throttle across names is
    in kiosk.staff.throttle.
    """
    key, now = _failure_key(username, client), utcnow()
    with db.reading() as session:
        failure = session.get(LoginFailure, key)
        if failure and failure.locked_until and as_utc(failure.locked_until) > now:
            return None, _seconds_left(failure, now)
        name = clean_name(username)
        # A name no account can have (add_user's rule) is not looked up: a NUL byte, say, is an error in
        # PostgreSQL's text comparison, not a miss.
        user = (session.scalar(select(StaffUser).where(StaffUser.username == name))
                if _possible_name(name) else None)
    if user is not None and passwords.verify(user.password_hash, password):
        with db.transaction() as session:
            session.execute(delete(LoginFailure).where(LoginFailure.username == key))
            if passwords.needs_rehash(user.password_hash):
                session.get(StaffUser, user.id).password_hash = passwords.hash_password(password)
        return Staff(user.id, user.username, user.role), 0
    if user is None:
        passwords.verify(None, password)
    return None, _record_failure(key, now)


def _seconds_left(failure: LoginFailure, now: dt.datetime) -> int:
    return max(1, math.ceil((as_utc(failure.locked_until) - now).total_seconds()))


def _record_failure(key: str, now: dt.datetime) -> int:
    """Count one failure; the seconds of refusal it starts (or that still run), else 0."""
    with db.transaction() as session:
        failure = session.get(LoginFailure, key, with_for_update=True)
        if failure is None:
            failure = LoginFailure(username=key, failures=0)
            session.add(failure)
        if failure.locked_until and as_utc(failure.locked_until) > now:
            return _seconds_left(failure, now)
        failure.failures = (failure.failures or 0) + 1
        if failure.failures >= MAX_FAILURES:
            failure.failures, failure.locked_until = 0, now + LOCKOUT
            return _seconds_left(failure, now)
        failure.locked_until = None
        return 0


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def open_session(staff: Staff) -> str:
    """A new random session id for this sign-in; the cookie carries it, the DB keeps only its hash."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        session.add(StaffSession(token_hash=_token_hash(token), user_id=staff.id))
    return token


def resume_session(token: str, touch: bool = True) -> Staff | None:
    """The staff member behind a session token, or None when it is unknown, ended or idle too long.

    `touch=False` (the live inbox's background poll) does not count as activity, so a desk left with the
    inbox open still signs out after the idle time."""
    now, token_hash = utcnow(), _token_hash(token)
    with db.reading() as session:
        row = session.execute(select(StaffSession, StaffUser.username, StaffUser.role).join(StaffUser)
                              .where(StaffSession.token_hash == token_hash)).first()
    if row is None:
        return None
    stored, username, role = row
    idle = now - as_utc(stored.last_seen)
    if idle > IDLE:
        close_session(token)
        return None
    if touch and idle > TOUCH_EVERY:
        with db.transaction() as session:
            current = session.get(StaffSession, token_hash)
            if current is not None:
                current.last_seen = now
    return Staff(stored.user_id, username, role)


def close_session(token: str) -> None:
    with db.transaction() as session:
        session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))
