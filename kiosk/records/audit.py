"""The staff audit table: who did what, when; entries name requests by reference code only."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text, delete
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from .staff import utcnow


class AuditEntry(Base):
    __tablename__ = "staff_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(40), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


def purge(session, cutoff: dt.datetime) -> int:
    """Delete entries older than the cutoff (the retention purge calls this in its transaction)."""
    return session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount
