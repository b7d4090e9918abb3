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


def add(session, actor: str, action: str, reference: str | None = None, detail: str = "") -> None:
    """Add an entry to `session` only: it commits with the change it records, or not at all."""
    session.add(AuditEntry(at=utcnow(), actor=actor[:64], action=action[:32],
                           reference=reference[:40] if reference else None, detail=detail[:500]))


def purge(session, cutoff: dt.datetime) -> int:
    """Delete entries older than the cutoff (the retention purge calls this in its transaction)."""
    return session.execute(delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount
