"""The staff area's tables: users, server-side sessions, login failures, consult history, usage counts."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..db import Base

# A session unused this long has ended (kiosk.staff.accounts; the retention purge deletes it).
IDLE = dt.timedelta(minutes=30)



def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default="reception")  # admin, reception or translator
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The authenticator app's base32 secret, and the last 30-second step a code was accepted for: a code is
    # accepted once, in every process (kiosk.staff.totp).
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    totp_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # WebAuthn's user handle (random, never the name), given to every passkey of this user.
    webauthn_handle: Mapped[str | None] = mapped_column(String(100), nullable=True)


class StaffSession(Base):
    """A signed-in browser. The cookie holds a random token; only its SHA-256 is stored, so logout is real."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # False between the password and the second factor: such a session opens only the code or set-up pages.
    second_factor: Mapped[bool] = mapped_column(Boolean, default=True)
    # An authenticator app secret being set up in this browser, until its first code is given.
    setup_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # New recovery codes between the POST that made them and the one page that shows them (then cleared).
    new_codes: Mapped[str | None] = mapped_column(Text, nullable=True)


class RecoveryCode(Base):
    """A single-use recovery code, stored as an argon2id hash; `used_at` is set when it is spent."""

    __tablename__ = "staff_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Passkey(Base):
    """A WebAuthn credential (a passkey) of a staff user: its id, public key and signature counter."""

    __tablename__ = "staff_passkeys"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    credential_id: Mapped[str] = mapped_column(String(1400), unique=True)  # base64url
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    sign_count: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SpentChallenge(Base):
    """A WebAuthn challenge already answered (its SHA-256), kept while it could still be replayed."""

    __tablename__ = "staff_webauthn_spent"

    challenge_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    spent_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class LoginFailure(Base):
    """Failed sign-ins per name and client (`username` holds a SHA-256 of both), in the database so a
    lockout holds across processes."""

    __tablename__ = "staff_login_failures"

    username: Mapped[str] = mapped_column(String(150), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConsultEvent(Base):
    """Who changed a consult request's status or added a note, and when."""

    __tablename__ = "consult_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    consult_id: Mapped[int] = mapped_column(ForeignKey("consult_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    staff_name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10))  # "status" or "note"
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")


class UsageCount(Base):
    """Anonymous usage figures: one counter per day, language, event and detail (an explainer step)."""

    __tablename__ = "usage_counts"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    lang: Mapped[str] = mapped_column(String(2), primary_key=True)
    event: Mapped[str] = mapped_column(String(20), primary_key=True)
    detail: Mapped[str] = mapped_column(String(40), primary_key=True, default="")
    count: Mapped[int] = mapped_column(Integer, default=0)
