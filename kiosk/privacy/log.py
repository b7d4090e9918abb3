"""The privacy request log: add a request (due 30 days after it came), list the open ones, close one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from .. import db
from ..consults import reference as references
from ..consults.phone import ascii_digits
from ..records.staff import utcnow
from ..staff import audit
from .models import ANSWER_WITHIN, KINDS, PrivacyRequest

EARLIEST = dt.date(2000, 1, 1)
REFERENCE_MAX = 40


class LogError(ValueError):
    """Why an entry was refused: `kind`, `received` or `reference`."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Entry:
    kind: str
    received: dt.date
    reference: str


def parse(kind: str, received: str, reference: str, today: dt.date) -> Entry:
    """A log entry from the form's text: a known kind, a real day not after today (empty: today), and an
    optional reference code in any case or spacing."""
    if kind not in KINDS:
        raise LogError("kind")
    day = today
    if received.strip():
        try:
            day = dt.date.fromisoformat(ascii_digits(received.strip())[:10])
        except ValueError:
            raise LogError("received") from None
        if not EARLIEST <= day <= today:
            raise LogError("received")
    code = ""
    if reference.strip():
        code = references.normalise(reference[:REFERENCE_MAX])
        if not references.is_reference(code):
            raise LogError("reference")
    return Entry(kind, day, code)


def add(entry: Entry, actor: str) -> int:
    """Log a request; it is due 30 days after it was received."""
    with db.transaction() as session:
        row = PrivacyRequest(kind=entry.kind, received_on=entry.received,
                             due_on=entry.received + ANSWER_WITHIN, reference=entry.reference,
                             logged_at=utcnow(), logged_by=actor[:64], done_by="")
        session.add(row)
        session.flush()
        audit.record("privacy_log", entry.reference or None,
                     f"kind={entry.kind} received={entry.received.isoformat()}", session=session)
        return row.id


def open_requests() -> list[PrivacyRequest]:
    """Every request not yet done, the soonest due first."""
    with db.reading() as session:
        return list(session.scalars(select(PrivacyRequest).where(PrivacyRequest.done_at.is_(None))
                                    .order_by(PrivacyRequest.due_on, PrivacyRequest.id)))


def mark_done(entry_id: int, actor: str) -> bool:
    """Close an open request; False when there is no such open request."""
    with db.transaction() as session:
        row = session.get(PrivacyRequest, entry_id, with_for_update=True)
        if row is None or row.done_at is not None:
            return False
        row.done_at, row.done_by = utcnow(), actor[:64]
        audit.record("privacy_done", row.reference or None, f"kind={row.kind} due={row.due_on.isoformat()}",
                     session=session)
        return True
