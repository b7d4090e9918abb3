"""The durable mail queue: claim due rows with a lease, send them, retry with backoff for 24 hours.

Several servers may share one database. A row is sent by whoever sets its lease first
(`UPDATE … WHERE claimed_until < now`): SQLite serialises writers, and PostgreSQL re-checks the WHERE
clause after the row lock, so the loser's UPDATE matches nothing. A server that dies mid-send leaves a
lease that runs out, and another sends the mail then (at least once, and once in every ordinary case).
"""
from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import func, or_, select, update

from .. import db, extensions
from ..records.reception import MailMessage, utcnow
from ..workers import Worker
from . import mail, screen_mail
from .intake import mail_enabled

log = logging.getLogger(__name__)
GIVE_UP = dt.timedelta(hours=24)
FIRST_RETRY = 30  # seconds; each later wait doubles, up to MAX_WAIT
MAX_WAIT = 15 * 60
BATCH = 20
_TABLE = MailMessage.__table__


def wait_after(tries: int) -> dt.timedelta:
    """How long to wait after the `tries`-th failed try: 30 s, 1 min, 2 min … at most 15 min."""
    return dt.timedelta(seconds=min(FIRST_RETRY * 2 ** max(tries - 1, 0), MAX_WAIT))


def lease_length(timeout: float) -> dt.timedelta:
    # Long enough for a slow server to time out at each step of a send, with room to record the result.
    return dt.timedelta(seconds=6 * timeout + 60)


def _due(now: dt.datetime):
    return ((_TABLE.c.state == "pending") & (_TABLE.c.next_try_at <= now)
            & or_(_TABLE.c.claimed_until.is_(None), _TABLE.c.claimed_until < now))


def claim(message_id: int, now: dt.datetime, lease: dt.timedelta) -> dt.datetime | None:
    """Take the row for `lease`; the lease's end when we got it, None when another server has it."""
    until = now + lease
    with db.write_connection() as connection:
        taken = connection.execute(update(_TABLE).where(_TABLE.c.id == message_id, _due(now))
                                   .values(claimed_until=until)).rowcount
    return until if taken == 1 else None


def _finish(message_id: int, until: dt.datetime, **values) -> None:
    """Record the outcome, only while our lease still holds (else the row is someone else's now)."""
    with db.write_connection() as connection:
        connection.execute(update(_TABLE).where(_TABLE.c.id == message_id, _TABLE.c.claimed_until == until)
                           .values(claimed_until=None, **values))


def _describe(error: BaseException) -> str:
    """The failure's kind and SMTP code: never its text, which might quote the message."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    # smtplib reports a socket timeout as "server disconnected": name the timeout underneath too.
    cause = error.__cause__ or error.__context__
    return (f"{type(error).__name__}" + (f" {code}" if code else "")
            + (f" ({type(cause).__name__})" if isinstance(cause, OSError) else ""))


def _notice(row) -> mail.Notice:
    return mail.Notice(row.consult_id, row.reference, row.branch, row.kiosk_id, row.preferred_language,
                       row.preferred_time)


def _message(row, config):
    """A new request's notice, or a screen's offline alert (which names the screen, never a patient)."""
    if row.kind in (screen_mail.OFFLINE, screen_mail.BACK):
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
        since = row.about_at if row.about_at.tzinfo else row.about_at.replace(tzinfo=dt.UTC)
        return screen_mail.compose(row.kind, row.branch, row.kiosk_id, since, created, config)
    return mail.compose(_notice(row), config)


def deliver_due(now: dt.datetime | None = None, limit: int = BATCH) -> int:
    """Send every due message this server can claim; return how many went out."""
    config = current_app.config
    if not mail_enabled(config):
        return 0
    now = now or utcnow()
    lease = lease_length(config["SMTP_TIMEOUT_SECONDS"])
    with db.reading() as session:
        rows = session.execute(select(_TABLE).where(_due(now)).order_by(_TABLE.c.id).limit(limit)).all()
    sent = 0
    for row in rows:
        until = claim(row.id, now, lease)
        if until is None:
            continue
        try:
            mail.send(_message(row, config), config["SMTP_URL"], config["SMTP_TIMEOUT_SECONDS"])
        except (smtplib.SMTPException, OSError, ValueError) as error:
            _failed(row, until, _describe(error))
            continue
        _finish(row.id, until, state="sent", sent_at=utcnow(), tries=row.tries + 1)
        sent += 1
    return sent


def _failed(row, until: dt.datetime, reason: str) -> None:
    now, tries = utcnow(), row.tries + 1
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    give_up = now - created >= GIVE_UP
    what = row.reference or f"screen {row.kiosk_id}"
    log.warning("mail for %s not sent (try %d): %s%s", what, tries, reason,
                "; giving up after 24 hours" if give_up else "")
    _finish(row.id, until, tries=tries, last_error=reason[:200], last_error_at=now,
            state="failed" if give_up else "pending", next_try_at=now + wait_after(tries))


@dataclass(frozen=True)
class MailHealth:
    """What staff see: messages waiting after a failure, messages given up, and the latest error."""

    retrying: int
    failed: int
    last_error: str
    last_error_at: dt.datetime | None


def health(since: dt.timedelta = dt.timedelta(days=7)) -> MailHealth:
    """Failures of the last week (a message given up stays visible that long)."""
    cutoff = utcnow() - since
    with db.reading() as session:
        counts = dict(session.execute(
            select(_TABLE.c.state, func.count()).where(_TABLE.c.last_error_at >= cutoff,
                                                        _TABLE.c.state.in_(("pending", "failed")))
            .group_by(_TABLE.c.state)).all())
        latest = session.execute(select(_TABLE.c.last_error, _TABLE.c.last_error_at)
                                 .where(_TABLE.c.last_error_at >= cutoff, _TABLE.c.state != "sent")
                                 .order_by(_TABLE.c.last_error_at.desc()).limit(1)).first()
    return MailHealth(counts.get("pending", 0), counts.get("failed", 0),
                      latest.last_error if latest else "", latest.last_error_at if latest else None)


def start_mail_worker(app: Flask) -> Worker:
    """Look for due mail every MAIL_INTERVAL_SECONDS, in a background worker of `kiosk serve`."""
    worker = Worker(app, "mail", deliver_due, app.config["MAIL_INTERVAL_SECONDS"])
    extensions.register(app, mail_worker=worker)
    return worker.start()
