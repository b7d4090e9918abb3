"""Helpers for the privacy-request tests: one patient's data in every table, and posts with the CSRF token."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from staffkit import add_consult, csrf_token

from kiosk import db
from kiosk.reception import calls
from kiosk.reception.models import MailMessage
from kiosk.staff import audit, queries

PHONE = "+966551234567"
TYPED = "055 123 4567"
NAME = "Zubaida Qasim-Unforgettable"
ARABIC_NAME = "زبيدة القاسمية"


def seed_patient(app, phone: str = PHONE) -> list[str]:
    """Two requests of one patient (calls, notes, history, mail) and one of someone else; their references."""
    first = add_consult(app, name=NAME, phone=phone, page_language="en", message="Evenings are best",
                        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    second = add_consult(app, name=ARABIC_NAME, phone=phone, message="أفضل الاتصال مساءً")
    add_consult(app, name="Someone Else", phone="+966559990000", reference="OTH-ER2")
    with app.app_context():
        queries.change(first, "alice", status="contacted", note=f"{NAME} asked for a call after work")
        calls.record(second, "alice", "no_answer", "rang twice, no answer")
        with db.transaction() as session:
            for consult_id in (first, second):
                session.add(MailMessage(consult_id=consult_id, reference=f"ref-{consult_id}", branch="main",
                                        kiosk_id="kiosk-1", preferred_language="ar",
                                        preferred_time="morning", state="sent"))
        with db.reading() as session:
            from kiosk.consults.models import ConsultRequest

            return list(session.scalars(select(ConsultRequest.reference)
                                        .where(ConsultRequest.id.in_((first, second)))
                                        .order_by(ConsultRequest.id)))


def post(client, url: str, data: dict, **kwargs):
    """A staff form post with this session's CSRF token, as the privacy page itself sends it."""
    return client.post(url, data={"csrf_token": csrf_token(client, "/staff/privacy?ui=en"), **data}, **kwargs)


def entries(app, action: str | None = None) -> list[audit.AuditEntry]:
    with app.app_context():
        rows, _total = audit.page_of(1)
    return [row for row in rows if action is None or row.action == action]
