"""Reception's tables: each call to a patient (contact attempts) and the queue of mail to reception."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..db import Base

OUTCOMES = ("no_answer", "call_back", "booked", "not_interested", "wrong_number")



class ContactAttempt(Base):
    """One call to a patient: its outcome, an optional note, who called and when."""

    __tablename__ = "contact_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    consult_id: Mapped[int] = mapped_column(ForeignKey("consult_requests.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    staff_name: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    # For "call_back": when the patient asked to be called again.
    callback_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class MailMessage(Base):
    """A notification to reception waiting to be sent, written in the consult's own transaction.

    It holds only what the mail says (no name, phone or message). A worker claims a row by setting
    `claimed_until` (a lease), so that of several servers sharing the database only one sends it."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    consult_id: Mapped[int] = mapped_column(Integer, index=True)
    reference: Mapped[str] = mapped_column(String(12))
    branch: Mapped[str] = mapped_column(String(64))
    kiosk_id: Mapped[str] = mapped_column(String(64))
    preferred_language: Mapped[str] = mapped_column(String(2))
    preferred_time: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state: Mapped[str] = mapped_column(String(8), default="pending")  # pending, sent, failed
    tries: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str] = mapped_column(String(200), default="")
    last_error_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # "consult" (a new request), or a screen's alert: "screen_offline" / "screen_back", where kiosk_id is
    # the screen's name, about_at since when, and the consult columns are empty.
    kind: Mapped[str] = mapped_column(String(16), default="consult")
    about_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
