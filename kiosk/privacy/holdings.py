"""Everything held about one phone number: requests, their calls and history, mail, spooled copies."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from .. import db, extensions
from ..consults.spool import Spool, Waiting
from ..records.consults import ConsultRequest
from ..records.reception import ContactAttempt, MailMessage
from ..records.staff import ConsultEvent, as_utc


@dataclass
class Held:
    """One consult request with its calls (newest first), its history (newest first) and its mail count."""

    consult: ConsultRequest
    calls: list[ContactAttempt] = field(default_factory=list)
    history: list[ConsultEvent] = field(default_factory=list)
    mails: int = 0


@dataclass
class Holdings:
    phone: str
    requests: list[Held]
    spooled: list[Waiting]

    @property
    def mails(self) -> int:
        return sum(held.mails for held in self.requests)

    @property
    def references(self) -> list[str]:
        """Every request's code, the spooled ones too (a spooled copy is a request not yet delivered)."""
        codes = [held.consult.reference for held in self.requests]
        return codes + [waiting.reference for waiting in self.spooled if waiting.reference not in codes]

    def described(self) -> str:
        """For the audit log: counts and reference codes, never the number or a name."""
        return (f"requests={len(self.references)} mails={self.mails} spooled={len(self.spooled)}"
                + (f" refs={','.join(self.references)}" if self.references else ""))


@contextmanager
def local_spool() -> Iterator[Spool | None]:
    """This server's spool: the outbox's own, or a spool file left in the instance folder, or None."""
    kept = extensions.outbox()
    if kept is not None:
        yield kept
        return
    leftover = Spool(Path(current_app.instance_path))
    if not leftover.path.exists():
        yield None
        return
    try:
        yield leftover
    finally:
        leftover.close()


def find(phone: str) -> Holdings:
    """What is held for an E.164 number, oldest request first."""
    with db.reading() as session:
        consults = session.scalars(select(ConsultRequest).where(ConsultRequest.phone == phone)
                                   .order_by(ConsultRequest.created_at, ConsultRequest.id)).all()
        ids = [consult.id for consult in consults]
        held = {consult.id: Held(consult) for consult in consults}
        if ids:
            for call in session.scalars(select(ContactAttempt).where(ContactAttempt.consult_id.in_(ids))
                                        .order_by(ContactAttempt.at.desc(), ContactAttempt.id.desc())):
                held[call.consult_id].calls.append(call)
            for event in session.scalars(select(ConsultEvent).where(ConsultEvent.consult_id.in_(ids))
                                         .order_by(ConsultEvent.at.desc(), ConsultEvent.id.desc())):
                held[event.consult_id].history.append(event)
            for consult_id, mails in session.execute(
                    select(MailMessage.consult_id, func.count()).where(MailMessage.consult_id.in_(ids))
                    .group_by(MailMessage.consult_id)):
                held[consult_id].mails = mails
    with local_spool() as spool:
        spooled = spool.naming(phone) if spool is not None else []
    return Holdings(phone, list(held.values()), spooled)


def _time(moment: dt.datetime | None) -> str | None:
    return as_utc(moment).isoformat() if moment is not None else None


def as_json(holdings: Holdings, now: dt.datetime) -> dict:
    """The patient's copy (PDPL art. 4): every field of every request; staff members' names are left out."""
    requests = []
    for held in holdings.requests:
        consult = held.consult
        requests.append({
            "reference": consult.reference, "created_at": _time(consult.created_at), "status": consult.status,
            "name": consult.name, "phone": consult.phone, "preferred_language": consult.preferred_language,
            "preferred_time": consult.preferred_time, "message": consult.message,
            "page_language": consult.page_language, "kiosk_id": consult.kiosk_id, "branch": consult.branch,
            "consent_version": consult.consent_version, "consented_at": _time(consult.consented_at),
            "staff_notes": consult.staff_notes, "queued_mails": held.mails,
            "calls": [{"at": _time(call.at), "outcome": call.outcome, "note": call.note,
                       "callback_at": _time(call.callback_at)} for call in reversed(held.calls)],
            "history": [{"at": _time(event.at), "kind": event.kind, "from": event.old_value,
                         "to": event.new_value} for event in reversed(held.history)],
        })
    spooled = [{"reference": waiting.reference, "spooled_at": _time(waiting.spooled_at),
                **{key: value for key, value in waiting.payload.items() if key != "submission_id"}}
               for waiting in holdings.spooled]
    return {"phone": holdings.phone, "generated_at": _time(now), "requests": requests,
            "queued_mails": holdings.mails, "spooled": spooled}
