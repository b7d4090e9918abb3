"""Retention: consult requests older than KIOSK_RETENTION_DAYS are deleted, also from the database file."""
from __future__ import annotations

import datetime as dt
import logging

from flask import Flask, current_app
from sqlalchemy import delete, select

from . import db
from .records import audit
from .records.consults import ConsultRequest
from .records.reception import ContactAttempt, MailMessage
from .records.staff import IDLE, ConsultEvent, LoginFailure, StaffSession, utcnow
from .workers import Worker

log = logging.getLogger(__name__)
DAY = 24 * 3600


def purge(older_than_days: int | None = None) -> int:
    """Delete consult requests (and their history) older than the given days; return how many went."""
    days = older_than_days if older_than_days is not None else current_app.config["RETENTION_DAYS"]
    cutoff = utcnow() - dt.timedelta(days=days)
    with db.transaction() as session:
        ids = select(ConsultRequest.id).where(ConsultRequest.created_at < cutoff)
        session.execute(delete(ConsultEvent).where(ConsultEvent.consult_id.in_(ids)))
        session.execute(delete(ContactAttempt).where(ContactAttempt.consult_id.in_(ids)))
        session.execute(delete(MailMessage).where(MailMessage.created_at < cutoff))
        removed = session.execute(delete(ConsultRequest).where(ConsultRequest.created_at < cutoff)).rowcount
        audit.purge(session, cutoff)  # who viewed what is kept no longer than what was viewed
        # Ended-by-idleness sessions and stale failure counters carry no use either.
        session.execute(delete(StaffSession).where(StaffSession.last_seen < utcnow() - IDLE))
        session.execute(delete(LoginFailure).where(LoginFailure.locked_until.is_(None)
                                                   | (LoginFailure.locked_until < utcnow())))
    if removed:
        db.scrub()
    return removed


def _purge_and_log() -> int:
    removed = purge()
    log.info("retention: %d consult request(s) deleted", removed)
    return removed


def start_daily_purge(app: Flask) -> Worker:
    """Purge now and then once a day, in a background worker of `kiosk serve`."""
    return Worker(app, "retention", _purge_and_log, DAY).start()
