"""The stored consult request: the form's fields plus what the clinic needs to work it."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..db import Base

STATUSES = ("new", "contacted", "booked", "closed")
OPEN_STATUSES = ("new", "contacted")  # a call may still be due
TIMES = ("morning", "afternoon", "evening")



class ConsultRequest(Base):
    __tablename__ = "consult_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    # Issued with the rendered form; a repeated POST with the same id finds this row instead of adding one.
    submission_id: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    page_language: Mapped[str] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(16), index=True)  # E.164, +9665XXXXXXXX
    preferred_language: Mapped[str] = mapped_column(String(2))
    preferred_time: Mapped[str] = mapped_column(String(10))
    message: Mapped[str] = mapped_column(Text, default="")
    consent_version: Mapped[str] = mapped_column(String(32))
    consented_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="new", index=True)
    staff_notes: Mapped[str] = mapped_column(Text, default="")
    # KIOSK_BRANCH of the server that took the request (several branches may share one database).
    branch: Mapped[str] = mapped_column(String(64), default="main", index=True)
    # When reception should have called (KIOSK_CALLBACK_MINUTES of opening hours after arrival, or the time
    # a "call back" attempt asked for); None once no call is due. Past it while still open: overdue.
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)

    __table_args__ = (Index("ix_consult_requests_status_created", "status", "created_at"),)
