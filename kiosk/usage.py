"""Anonymous usage figures (SPEC §3): counters per day × language × event, batched in memory.

No personal data: an event name, the page language and, for the explainer, the step's slug. Counting a page
view touches only memory; the counts reach the database every FLUSH_SECONDS or FLUSH_EVENTS, and at exit.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from collections import Counter

from flask import Blueprint, Flask, Response, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from . import extensions
from .config import LOCALES
from .content import STEPS
from .records.staff import UsageCount
from .staff.dates import today

EVENTS = ("page_view", "explainer_step", "form_started", "form_sent", "idle_reset")
# Events the kiosk's script reports; page views and sent forms are counted by the server itself, except the
# view of a prerendered page: its request is not a visit, so the page reports the view once it is shown.
CLIENT_EVENTS = ("page_view", "explainer_step", "form_started", "idle_reset")
STEP_SLUGS = frozenset(step.slug for step in STEPS)
FLUSH_SECONDS = 10.0
FLUSH_EVENTS = 10_000  # a bound on what a crash could lose; under load time decides, not this

log = logging.getLogger(__name__)
bp = Blueprint("usage", __name__)


class UsageCounter:
    """Thread-safe in-memory counts of one process, added to the database's counters in batches."""

    def __init__(self, database, flush_seconds: float = FLUSH_SECONDS, flush_events: int = FLUSH_EVENTS):
        self.database = database
        self.flush_seconds, self.flush_events = flush_seconds, flush_events
        self.pending: Counter[tuple] = Counter()
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()

    def count(self, event: str, lang: str, detail: str = "") -> None:
        with self._lock:
            self.pending[(today(), lang, event, detail)] += 1
            due = (self.pending.total() >= self.flush_events
                   or time.monotonic() - self._last_flush >= self.flush_seconds)
        if due:
            self.flush()

    def flush(self) -> None:
        """Add the pending counts to the database; on a database error keep them for the next try."""
        with self._lock:
            batch, self.pending = self.pending, Counter()
            self._last_flush = time.monotonic()
        if not batch:
            return
        try:
            with self.database.writer.begin() as session:
                _add_counts(session, batch)
        except SQLAlchemyError as error:
            log.warning("usage counts not saved yet (%s); will retry", type(error).__name__)
            with self._lock:
                self.pending.update(batch)

    def flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception:  # at interpreter exit nothing is left to report to
            pass


def _add_counts(session, batch: Counter) -> None:
    """Add to existing rows; create the missing ones (one process or several: the lock is the DB's)."""
    for (day, lang, event, detail), added in sorted(batch.items()):
        row = session.scalar(select(UsageCount).where(
            UsageCount.day == day, UsageCount.lang == lang, UsageCount.event == event,
            UsageCount.detail == detail).with_for_update())
        if row is None:
            session.add(UsageCount(day=day, lang=lang, event=event, detail=detail, count=added))
            session.flush()
        else:
            row.count += added


def counter() -> UsageCounter:
    return extensions.usage()


@bp.post("/usage")
def beacon() -> Response | tuple[str, int]:
    """The kiosk script's navigator.sendBeacon: event, lang, detail. 204 when counted, 400 otherwise."""
    event, lang = request.form.get("event", ""), request.form.get("lang", "")
    detail = request.form.get("detail", "")
    valid_detail = detail in STEP_SLUGS if event == "explainer_step" else detail == ""
    if event not in CLIENT_EVENTS or lang not in LOCALES or not valid_detail:
        return "bad usage event\n", 400
    counter().count(event, lang, detail)
    return Response(status=204)


def _not_a_visit() -> bool:
    """A prerender or prefetch (Sec-Purpose) or the service worker filling its cache: nobody saw the page."""
    environ = request.environ
    return bool(environ.get("HTTP_SEC_PURPOSE") or environ.get("HTTP_KIOSK_PURPOSE"))


def _count_response(response: Response) -> Response:
    lang = (request.view_args or {}).get("lang")
    if lang in LOCALES and not _not_a_visit():
        if request.method == "GET" and response.status_code == 200:
            counter().count("page_view", lang)
        elif request.method == "POST" and request.endpoint == "consult.form" and response.status_code == 303:
            counter().count("form_sent", lang)
    return response


def init_app(app: Flask) -> None:
    usage = UsageCounter(extensions.database(app))
    extensions.register(app, usage=usage)
    app.after_request(_count_response)
    app.register_blueprint(bp)
    if not app.testing:
        atexit.register(usage.flush_quietly)
