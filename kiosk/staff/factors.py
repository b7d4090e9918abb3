"""A staff member's second factors (app, passkeys, recovery codes): each change with its audit entry, in
one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select

from .. import db
from ..records import audit
from ..records.staff import Passkey, RecoveryCode, StaffSession, StaffUser, as_utc, utcnow
from . import recovery

NAME_MAX = 64


@dataclass(frozen=True)
class PasskeyInfo:
    """One passkey as the account page lists it."""

    id: int
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None


@dataclass(frozen=True)
class Factors:
    """What a staff member has set up."""

    app: bool
    passkeys: list[PasskeyInfo]
    codes_left: int

    @property
    def any(self) -> bool:
        return self.app or bool(self.passkeys)


def _record(session, actor: str, action: str, detail: str = "") -> None:
    """The audit entry of a change, added to the change's own transaction."""
    audit.add(session, actor, action, None, detail)


def _has_any(session, user_id: int) -> bool:
    user = session.get(StaffUser, user_id)
    return bool(user.totp_secret) or session.scalar(
        select(Passkey.id).where(Passkey.user_id == user_id).limit(1)) is not None


def of(user_id: int) -> Factors:
    """This staff member's factors."""
    with db.reading() as session:
        user = session.get(StaffUser, user_id)
        keys = session.scalars(select(Passkey).where(Passkey.user_id == user_id).order_by(Passkey.id)).all()
        listed = [PasskeyInfo(key.id, key.name, as_utc(key.created_at),
                              as_utc(key.last_used_at) if key.last_used_at else None) for key in keys]
        return Factors(bool(user and user.totp_secret), listed, recovery.remaining(session, user_id))


def enrol_app(user_id: int, actor: str, secret: str, step: int) -> list[str]:
    """Keep the app's secret (its first code's step spent); new recovery codes when it is the first factor."""
    with db.transaction() as session:
        first = not _has_any(session, user_id)
        user = session.get(StaffUser, user_id)
        user.totp_secret, user.totp_last_step = secret, step
        _record(session, actor, "mfa_setup", "app")
        return recovery.replace(session, user_id) if first else []


def add_passkey(user_id: int, actor: str, credential_id: str, public_key: bytes, sign_count: int,
                name: str) -> list[str]:
    """Keep a new passkey; new recovery codes when it is the first factor."""
    with db.transaction() as session:
        first = not _has_any(session, user_id)
        session.add(Passkey(user_id=user_id, credential_id=credential_id, public_key=public_key,
                            sign_count=sign_count, name=name[:NAME_MAX], created_at=utcnow()))
        _record(session, actor, "mfa_setup", "passkey")
        return recovery.replace(session, user_id) if first else []


def remove_app(user_id: int, actor: str) -> bool:
    """Forget the app's secret; False when there was none."""
    with db.transaction() as session:
        user = session.get(StaffUser, user_id)
        if user is None or not user.totp_secret:
            return False
        user.totp_secret = user.totp_last_step = None
        _record(session, actor, "mfa_remove", "app")
        _drop_codes_if_none_left(session, user_id)
        return True


def remove_passkey(user_id: int, actor: str, passkey_id: int) -> bool:
    """Forget one of this user's passkeys; False when it is not theirs."""
    with db.transaction() as session:
        key = session.get(Passkey, passkey_id)
        if key is None or key.user_id != user_id:
            return False
        session.delete(key)
        session.flush()
        _record(session, actor, "mfa_remove", "passkey")
        _drop_codes_if_none_left(session, user_id)
        return True


def _drop_codes_if_none_left(session, user_id: int) -> None:
    # Recovery codes recover a factor: with none left they would be a password-strength back door.
    if not _has_any(session, user_id):
        session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


def rename_passkey(user_id: int, passkey_id: int, name: str) -> bool:
    """A new name for one of this user's passkeys; False when it is not theirs."""
    with db.transaction() as session:
        key = session.get(Passkey, passkey_id)
        if key is None or key.user_id != user_id:
            return False
        key.name = name[:NAME_MAX]
        return True


def new_recovery_codes(user_id: int, actor: str) -> list[str]:
    """Ten new codes in place of the old ones (only for a user with a factor)."""
    with db.transaction() as session:
        if not _has_any(session, user_id):
            return []
        _record(session, actor, "recovery_codes")
        return recovery.replace(session, user_id)


def reset(username: str, actor: str = "cli") -> bool:
    """`kiosk staff mfa-reset`: every second factor and every session of this user goes; False when no
    such user."""
    with db.transaction() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == username))
        if user is None:
            return False
        user.totp_secret = user.totp_last_step = None
        for table in (Passkey, RecoveryCode, StaffSession):
            session.execute(delete(table).where(table.user_id == user.id))
        _record(session, actor, "mfa_reset", user.username)
        return True


def has_any(user_id: int) -> bool:
    """Whether this user has an app or a passkey."""
    with db.reading() as session:
        return _has_any(session, user_id)
