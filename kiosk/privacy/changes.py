"""Correcting and erasing a patient's data, each with its audit entry in the same transaction."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select

from .. import db
from ..records.consults import ConsultRequest
from ..records.reception import ContactAttempt, MailMessage
from ..records.staff import ConsultEvent, utcnow
from ..staff import audit
from .holdings import local_spool


@dataclass(frozen=True)
class Correction:
    """What changed on one request: its reference and which fields (`name`, `phone`)."""

    reference: str
    fields: tuple[str, ...]


def correct(phone: str, reference: str, actor: str, name: str, new_phone: str) -> Correction | None:
    """Set the name and phone of the request `reference` of the number `phone` (already validated); None
    when that number has no such request. The history and the audit say which fields, never their values."""
    with db.transaction() as session:
        consult = session.scalar(select(ConsultRequest).where(ConsultRequest.reference == reference,
                                                              ConsultRequest.phone == phone)
                                 .with_for_update())
        if consult is None:
            return None
        fields = tuple(name for name, changed in (("name", consult.name != name),
                                                  ("phone", consult.phone != new_phone)) if changed)
        if fields:
            consult.name, consult.phone = name, new_phone
            session.add(ConsultEvent(consult_id=consult.id, at=utcnow(), staff_name=actor[:64],
                                     kind="correction", old_value="", new_value=" ".join(fields)))
            audit.record("privacy_correct", consult.reference, " ".join(fields), session=session)
    if fields:
        db.scrub()  # the old name or number leaves the WAL too
    return Correction(reference, fields)


@dataclass(frozen=True)
class Erasure:
    requests: int
    spooled: int
    references: list[str]


def erase(phone: str) -> Erasure:
    """Erase everything held for the number: its spooled copies first (a copy delivered after the erasure
    would bring the data back), then its requests with their calls, history and mail, and one audit entry
    (who, when, how many, reference codes only)."""
    with local_spool() as spool:
        waiting = spool.naming(phone) if spool is not None else []
        if waiting:
            spool.erase([row.id for row in waiting])
    with db.transaction() as session:
        rows = session.execute(select(ConsultRequest.id, ConsultRequest.reference)
                               .where(ConsultRequest.phone == phone).order_by(ConsultRequest.id)).all()
        ids = [row.id for row in rows]
        references = [row.reference for row in rows]
        references += [row.reference for row in waiting if row.reference not in references]
        mails = 0
        if ids:
            session.execute(delete(ConsultEvent).where(ConsultEvent.consult_id.in_(ids)))
            session.execute(delete(ContactAttempt).where(ContactAttempt.consult_id.in_(ids)))
            mails = session.execute(delete(MailMessage).where(MailMessage.consult_id.in_(ids))).rowcount
            session.execute(delete(ConsultRequest).where(ConsultRequest.id.in_(ids)))
        detail = f"requests={len(references)} mails={mails} spooled={len(waiting)}"
        audit.record("privacy_erase", None, detail + (f" refs={','.join(references)}" if references else ""),
                     session=session)
    db.scrub()
    return Erasure(len(references), len(waiting), references)
