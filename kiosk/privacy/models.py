"""The privacy request log: each patient's request (access, correction, erasure), when it came and is due."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base
from ..staff.labels import PRIVACY_KIND as KIND_NAMES

KINDS = tuple(KIND_NAMES)  # access, correction, erasure
# PDPL implementing regulations: a data subject's request is answered within 30 days.
ANSWER_WITHIN = dt.timedelta(days=30)


class PrivacyRequest(Base):
    """One request as reception took it. It holds no name or phone: only a reference code, if the patient
    gave one, so the log outlives an erasure without keeping what was erased."""

    __tablename__ = "privacy_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    received_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reference: Mapped[str] = mapped_column(String(12), default="")
    logged_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    logged_by: Mapped[str] = mapped_column(String(64))
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    done_by: Mapped[str] = mapped_column(String(64), default="")
