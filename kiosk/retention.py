"""Retention: consult requests older than KIOSK_RETENTION_DAYS are deleted, also from the database file."""
from __future__ import annotations

import datetime as dt
import logging
import threading

from flask import Flask, current_app
from sqlalchemy import delete, select, text

from . import db
from .consults.models import ConsultRequest
from .staff.accounts import IDLE
from .staff.models import ConsultEvent, LoginFailure, StaffSession, utcnow

log = logging.getLogger(__name__)
DAY = 24 * 3600


def purge(older_than_days: int | None = None) -> int:
    """Delete consult requests (and their history) older than the given days; return how many went."""
    days = older_than_days if older_than_days is not None else current_app.config["RETENTION_DAYS"]
    cutoff = utcnow() - dt.timedelta(days=days)
    with db.transaction() as session:
        ids = select(ConsultRequest.id).where(ConsultRequest.created_at < cutoff)
        session.execute(delete(ConsultEvent).where(ConsultEvent.consult_id.in_(ids)))
        removed = session.execute(delete(ConsultRequest).where(ConsultRequest.created_at < cutoff)).rowcount
        # Ended-by-idleness sessions and stale failure counters carry no use either.
        session.execute(delete(StaffSession).where(StaffSession.last_seen < utcnow() - IDLE))
        session.execute(delete(LoginFailure).where(LoginFailure.locked_until.is_(None)
                                                   | (LoginFailure.locked_until < utcnow())))
    if removed and db.engine().dialect.name == "sqlite":
        _scrub_sqlite()
    return removed


def _scrub_sqlite() -> None:
    """secure_delete zeroes the freed bytes in the main file; the WAL still holds old page images until a
    checkpoint copies the zeroed pages back and truncates it."""
    with db.engine().connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(text("SELECT 1"))


def start_daily_purge(app: Flask) -> threading.Thread:
    """Purge now and then once a day, in a daemon thread of `kiosk serve`."""
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                with app.app_context():
                    removed = purge()
                log.info("retention: %d consult request(s) deleted", removed)
            except Exception as error:  # a locked or missing database must not stop the server
                log.warning("retention purge failed: %s", type(error).__name__)
            stop.wait(DAY)

    thread = threading.Thread(target=run, name="kiosk-retention", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
