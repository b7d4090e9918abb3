"""Offline alerts (SPEC §3): during opening hours, an enrolled screen silent for KIOSK_SCREEN_ALERT_MINUTES
queues one mail in the durable mail queue, and one more when it is back. Nothing at night: a screen still
silent when the clinic opens counts from the opening.

Several servers may run the check on one database: each alert is claimed by moving the enrolment's
alert_state (`UPDATE … WHERE alert_state = old`) in the transaction that queues its mail, so it goes once.
"""
from __future__ import annotations

import datetime as dt

from flask import Flask, current_app
from sqlalchemy import and_, insert, select, update

from .. import db, extensions, hours
from ..records.reception import MailMessage, utcnow
from ..screens.models import Enrolment, Screen
from ..screens.overview import as_utc
from ..workers import Worker
from . import screen_mail
from .intake import mail_enabled, opening_hours

CHECK_SECONDS = 60


def _opened(config, now: dt.datetime) -> dt.datetime | None:
    """When the current opening period began; None while the clinic is closed."""
    open_hours = opening_hours(config)
    if not any(open_hours.week):
        return None
    start, end = next(hours.periods(open_hours, now))
    return start.astimezone(dt.UTC) if start <= now < end else None


def _switch(row: Enrolment, old: str, new: str, kind: str, since: dt.datetime, now: dt.datetime) -> bool:
    """Move the alert state and queue its mail in one transaction; False when another server did."""
    with db.transaction() as session:
        moved = session.execute(update(Enrolment).where(
            Enrolment.branch == row.branch, Enrolment.name == row.name, Enrolment.alert_state == old)
            .values(alert_state=new, alert_since=since if new else None)).rowcount
        if moved != 1:
            return False  # another server took it, or the screen was removed
        session.execute(insert(MailMessage.__table__).values(
            kind=kind, consult_id=0, reference="", branch=row.branch, kiosk_id=row.name,
            preferred_language="", preferred_time="", about_at=since, created_at=now, state="pending",
            tries=0, next_try_at=now,
            last_error=""))
    return True


def check(now: dt.datetime | None = None) -> int:
    """Queue the alerts due at `now`; how many were queued."""
    config = current_app.config
    now = now or utcnow()
    opened = _opened(config, now)
    if opened is None or not mail_enabled(config):
        return 0
    silence = dt.timedelta(minutes=config["SCREEN_ALERT_MINUTES"])
    with db.reading() as session:
        beat = and_(Screen.branch == Enrolment.branch, Screen.name == Enrolment.name,
                    Screen.enrolled.is_(True))
        rows = session.execute(select(Enrolment, Screen.last_seen).outerjoin(Screen, beat)).all()
    queued = 0
    for row, last_seen in rows:
        # Never reported: silent since it was enrolled.
        last = as_utc(last_seen) if last_seen is not None else as_utc(row.added_at)
        if row.alert_state == "" and now - max(last, opened) >= silence:
            queued += _switch(row, "", "offline", screen_mail.OFFLINE, last, now)
        # alert_since: the last beat before the silence; any later beat means it is back.
        elif row.alert_state == "offline" and row.alert_since and last > as_utc(row.alert_since):
            queued += _switch(row, "offline", "", screen_mail.BACK, as_utc(row.alert_since), now)
    if queued:
        worker = extensions.mail_worker()
        if worker is not None:
            worker.wake()
    return queued


def start_screen_alerts(app: Flask) -> Worker:
    """Look for silent screens every minute, in a background worker of `kiosk serve`."""
    interval = app.config.get("SCREEN_ALERT_CHECK_SECONDS", CHECK_SECONDS)
    return Worker(app, "screen-alerts", check, interval).start()
