"""Calls to patients: recording a contact attempt (the status follows) and which requests are overdue."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from .. import db
from ..records.consults import OPEN_STATUSES, ConsultRequest
from ..records.reception import OUTCOMES, ContactAttempt, utcnow
from ..records.staff import ConsultEvent

NOTE_MAX = 1000
# The status a request takes after a call with this outcome.
STATUS_AFTER = {"booked": "booked", "not_interested": "closed", "wrong_number": "closed",
                "no_answer": "contacted", "call_back": "contacted"}
assert set(STATUS_AFTER) == set(OUTCOMES)


def overdue(now: dt.datetime) -> ColumnElement[bool]:
    """A request still open whose call was due before `now`."""
    return (ConsultRequest.due_at.is_not(None) & (ConsultRequest.due_at <= now)
            & ConsultRequest.status.in_(OPEN_STATUSES))


def overdue_count(now: dt.datetime | None = None, branch: str = "") -> int:
    query = select(func.count()).select_from(ConsultRequest).where(overdue(now or utcnow()))
    if branch:
        query = query.where(ConsultRequest.branch == branch)
    with db.reading() as session:
        return session.scalar(query) or 0


def is_overdue(consult: ConsultRequest, now: dt.datetime | None = None) -> bool:
    if consult.due_at is None or consult.status not in OPEN_STATUSES:
        return False
    due = consult.due_at if consult.due_at.tzinfo else consult.due_at.replace(tzinfo=dt.UTC)
    return due <= (now or utcnow())


def record(consult_id: int, staff_name: str, outcome: str, note: str = "",
           callback_at: dt.datetime | None = None, now: dt.datetime | None = None, *,
           session: Session | None = None) -> tuple[str, str, str] | None:
    """Store one call and move the request's status and due time.

    Returns (reference code, status before, status after) for the audit log, or None if the request is gone.

    A "call back" is due again at the time the patient asked for; any other outcome leaves no call due."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if (outcome == "call_back") != (callback_at is not None):
        raise ValueError("a call back needs its time, and only a call back has one")
    now = now or utcnow()
    with db.within(session) as session:  # the caller's, when its audit entry is to commit with the call
        consult = session.get(ConsultRequest, consult_id, with_for_update=True)
        if consult is None:
            return None
        session.add(ContactAttempt(consult_id=consult_id, at=now, staff_name=staff_name, outcome=outcome,
                                   note=note, callback_at=callback_at))
        status, before = STATUS_AFTER[outcome], consult.status
        if status != consult.status:
            session.add(ConsultEvent(consult_id=consult_id, at=now, staff_name=staff_name, kind="status",
                                     old_value=consult.status, new_value=status))
            consult.status = status
        consult.due_at = callback_at
        return consult.reference, before, status


def attempts(consult_id: int) -> list[ContactAttempt]:
    """A request's calls, newest first."""
    with db.reading() as session:
        return list(session.scalars(select(ContactAttempt).where(ContactAttempt.consult_id == consult_id)
                                    .order_by(ContactAttempt.at.desc(), ContactAttempt.id.desc())))
