"""The outbox (SPEC §5): requests the central database cannot take wait in the local spool, then go on.

`save` is what the form calls instead of store.save: while the spool is empty it stores directly; when the
database cannot be reached (not merely locked or refusing: that stays a calm 503), or while older requests
still wait, the request is spooled instead, with the reference code and created time the patient is given.
`deliver` (the sender, a kiosk.workers.Worker) hands the spool to store.save oldest first — the same
function and transaction as the form, idempotent by submission_id — and removes a row only after its
commit. It never gives up on a request; a failure is counted and shown by `kiosk outbox`. While the
database's breaker is open (kiosk.dbguard: it stopped answering) `save` spools at once, and the sender
probes the database every SEND_SECONDS until it answers, then delivers.

Only a server whose database is elsewhere (PostgreSQL) has an outbox: a SQLite database lives in the same
instance folder as the spool would.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sqlite3

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from .. import db, dbguard, extensions
from ..records.consults import utcnow
from ..workers import Worker
from . import store
from .reference import new_reference
from .spool import Spool

SEND_SECONDS = 2.0  # how often the sender looks for the database while requests wait (or probes)
SAVE_SECONDS = 1.5  # a patient's submit waits at most this long for the database before it is spooled
PROBE_SECONDS = 2.0  # one probe of the database while its breaker is open
DELIVER_SECONDS = 10.0  # the sender, not a patient, waits: longer, but never for good
BATCH = 50

log = logging.getLogger(__name__)


def enabled(app: Flask) -> bool:
    return not app.config["DATABASE_URL"].startswith("sqlite")


def spool() -> Spool:
    """This server's spool (only where the outbox is on)."""
    found = extensions.outbox()
    if found is None:
        raise RuntimeError("the outbox is off: the database is SQLite")
    return found


def save(draft: store.Draft) -> str:
    """store.save, or the spool when the database cannot be reached; the reference code either way."""
    if extensions.outbox() is None:
        return store.save(draft)
    waiting, breaker = spool(), db.breaker()
    # The reference and time are drawn first and given to both: if a commit went through unanswered, the
    # spooled copy (delivered idempotently by submission_id) holds the same code the patient was shown.
    now, reference = utcnow(), new_reference()
    # While requests wait, new ones queue behind them: the database then receives them in order of arrival.
    # While the breaker is open (kiosk.dbguard) nothing is sent to the database at all.
    if waiting.depth() == 0 and not breaker.open:
        try:
            with dbguard.deadline(SAVE_SECONDS):
                return store.save(draft, now=now, reference=reference)
        except store.StorageUnavailable as error:
            if not (error.away or breaker.open):
                raise  # the database answered (a lock, a refusal): a calm 503, nothing spooled
    try:
        reference = waiting.put(draft.submission_id, reference, dataclasses.asdict(draft), now)
    except (sqlite3.Error, OSError) as error:
        raise store.StorageUnavailable(f"spool: {type(error).__name__}") from None
    log.warning("consult request spooled: the database cannot be reached")
    return reference


def deliver() -> int:
    """Send waiting requests to the database, oldest first; stop at the first failure. Returns how many.
    While the breaker is open, first probe whether the database answers again."""
    waiting, delivered = spool(), 0
    if db.breaker().open:
        problem = db.probe(PROBE_SECONDS)
        if problem is not None:
            if rows := waiting.oldest(1):
                waiting.failed(rows[0].id, f"probe: {problem}")
            return 0
    while rows := waiting.oldest(BATCH):
        for row in rows:
            payload = dict(row.payload)
            fields = {field.name for field in dataclasses.fields(store.Draft)}
            draft = store.Draft(**{name: value for name, value in payload.items() if name in fields})
            try:
                with dbguard.deadline(DELIVER_SECONDS):
                    store.save(draft, now=row.spooled_at, reference=row.reference)
            except store.StorageUnavailable as error:
                waiting.failed(row.id, error.reason)
                if delivered:
                    log.info("outbox: %d request(s) delivered, the rest wait", delivered)
                return delivered
            waiting.remove(row.id)
            delivered += 1
    if delivered:
        log.info("outbox: %d request(s) delivered", delivered)
    return delivered


def age_in_words(since: dt.datetime | None, now: dt.datetime | None = None) -> str:
    if since is None:
        return "none"
    seconds = int(((now or utcnow()) - since).total_seconds())
    return f"{seconds // 3600} h {seconds % 3600 // 60} min {seconds % 60} s"


def init_app(app: Flask) -> None:
    if enabled(app):
        extensions.register(app, outbox=Spool(app.instance_path))


def start_sender(app: Flask) -> Worker | None:
    if "kiosk_outbox" not in app.extensions:
        return None
    return Worker(app, "outbox", deliver, SEND_SECONDS).start()


@click.command("outbox")
@with_appcontext
def outbox_command() -> None:
    """How many consult requests wait in this server's spool, the oldest's age, the last delivery error."""
    status = Spool(current_app.instance_path).status()
    click.echo(f"{status.depth} waiting")
    click.echo(f"oldest: {age_in_words(status.oldest)}" + (" ago" if status.oldest else ""))
    click.echo(f"last error: {status.last_error or 'none'}")
