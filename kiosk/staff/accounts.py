"""Staff accounts and sign-in with a lockout per name and client (held across processes)."""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import unicodedata

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import db
from ..records.staff import LoginFailure, StaffSession, StaffUser, as_utc, utcnow
from . import passwords
from .roles import DEFAULT_ROLE, ROLES
from .sessions import (  # noqa: F401  (importable from here too)
    IDLE,
    TOUCH_EVERY,
    Staff,
    close_session,
    open_session,
    resume_session,
)

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)


class AccountError(Exception):
    """A staff account cannot be created, changed or removed; the message says why."""


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


def authenticate(username: str, password: str, client: str = "",
                 forgive: bool = True) -> tuple[Staff | None, int]:
    """(the staff member or None, seconds this client stays refused for this name; 0 when it is not).

    Failures count per name *and client address*, in the database (every process honours them): five for a
    name from one client refuse that client for that name for fifteen minutes, even with the right password,
    while the staff member at another desk signs in as usual. The per-client throttle across names is
    in kiosk.staff.throttle. `forgive=False` keeps the count when a second factor is still to come
    (forgive() clears it then): a password alone must not reset the count of wrong codes.
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
            if forgive:
                session.execute(delete(LoginFailure).where(LoginFailure.username == key))
            if passwords.needs_rehash(user.password_hash):
                session.get(StaffUser, user.id).password_hash = passwords.hash_password(password)
        return Staff(user.id, user.username, user.role), 0
    if user is None:
        passwords.verify(None, password)
    return None, _record_failure(key, now)


def seconds_refused(username: str, client: str) -> int:
    """How long this client stays refused for this name (0: not refused)."""
    now = utcnow()
    with db.reading() as session:
        failure = session.get(LoginFailure, _failure_key(username, client))
    if failure and failure.locked_until and as_utc(failure.locked_until) > now:
        return _seconds_left(failure, now)
    return 0


def count_failure(username: str, client: str) -> int:
    """A wrong second factor counts as a wrong password; the seconds of refusal it starts, else 0."""
    return _record_failure(_failure_key(username, client), utcnow())


def forgive(username: str, client: str) -> None:
    """A complete sign-in clears this name's and client's failures."""
    with db.transaction() as session:
        session.execute(delete(LoginFailure).where(LoginFailure.username == _failure_key(username, client)))


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
