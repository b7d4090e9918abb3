"""What `kiosk serve` starts before serving: migrations, then the background workers.

With a central PostgreSQL away at start the kiosk serves anyway — patients' requests go to the outbox — and
a worker applies the migrations as soon as the database answers. A local SQLite database that cannot be
migrated is a real fault and stops the start as before.
"""
from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from . import backups, db, screens
from .consults import outbox
from .reception.mailqueue import start_mail_worker
from .reception.screen_alerts import start_screen_alerts
from .retention import start_daily_purge
from .workers import Worker

MIGRATE_SECONDS = 5.0

log = logging.getLogger(__name__)


class _Migration:
    """A job that applies the migrations until they succeed once, then does nothing."""

    def __init__(self, url: str):
        self.url, self.done = url, False

    def __call__(self) -> None:
        if not self.done:
            db.upgrade(self.url)
            self.done = True
            log.info("database answered: migrations applied")


def start(app: Flask) -> list[Worker]:
    """Migrate (or keep trying in the background), then start every worker of the running kiosk."""
    workers = []
    url = app.config["DATABASE_URL"]
    try:
        db.upgrade(url)
    except SQLAlchemyError as error:
        if not outbox.enabled(app):
            raise
        log.warning("database unreachable at start (%s): serving, requests go to the outbox",
                    type(error).__name__)
        workers.append(Worker(app, "migrations", _Migration(url), MIGRATE_SECONDS).start())
    workers.append(start_daily_purge(app))
    daily_backup = backups.start_daily_backup(app)
    if daily_backup is not None:
        workers.append(daily_backup)
    workers.append(screens.start_flush(app))
    workers.append(start_mail_worker(app))
    workers.append(start_screen_alerts(app))
    sender = outbox.start_sender(app)
    if sender is not None:
        workers.append(sender)
    return workers
