"""The database breaker (SPEC §9): once the central PostgreSQL stops answering, stop waiting for it.

A branch's link that drops packets, or a server that accepts connections and never answers, made every
request wait for timeouts — one connection attempt after another — until all request threads waited and
every screen froze. So every wait for PostgreSQL is bounded (`deadline`), and after the first connection
attempt that fails or times out, or the first statement left unanswered past its deadline, the breaker
opens: while it is open no thread sends the database anything (new connections and statements fail at
once, so consult requests are spooled and other pages answer at once). The outbox's sender probes in the
background (`probe`) until the database answers, which closes the breaker. SQLite never has a breaker.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy import Engine, event, text

CONNECT_SECONDS = 2  # libpq's least connect_timeout: a connection attempt under a deadline gives up here
# libpq (Linux TCP_USER_TIMEOUT): a connection whose sent bytes stay unacknowledged this long is dead.
TCP_USER_TIMEOUT_MS = 5000
SILENT_SECONDS = 60  # by default (workers, commands): a database silent this long while we wait is away

log = logging.getLogger(__name__)
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("kiosk_db_deadline", default=None)
_silence: contextvars.ContextVar[float] = contextvars.ContextVar("kiosk_db_silence", default=SILENT_SECONDS)
_probing: contextvars.ContextVar[bool] = contextvars.ContextVar("kiosk_db_probing", default=False)


class Away(psycopg.OperationalError):
    """Nothing was sent: the breaker is open, or the database did not answer before the deadline."""


class Breaker:
    """Open while the database is away; `since` and `reason` say since when and why (no personal data)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.since: dt.datetime | None = None
        self.reason = ""

    @property
    def open(self) -> bool:
        """True while the database is taken to be away."""
        return self.since is not None

    def trip(self, reason: str) -> None:
        """Open the breaker (once: a second trip keeps the first time and reason)."""
        with self._lock:
            if self.since is None:
                self.since, self.reason = dt.datetime.now(dt.UTC), reason
                log.warning("database away (%s): spooling at once, probing in the background", reason)

    def close(self) -> None:
        """The database answered: let every thread use it again."""
        with self._lock:
            if self.since is not None:
                self.since, self.reason = None, ""
                log.info("database answers again")


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every wait for the database in this block ends `seconds` from now at the latest."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


@contextmanager
def patience(seconds: float) -> Iterator[None]:
    """In this block, a database that sends nothing for `seconds` while we wait for it is away."""
    token = _silence.set(seconds)
    try:
        yield
    finally:
        _silence.reset(token)


class _Guarded(psycopg.Connection):
    """A psycopg connection whose every wait honours the breaker, the caller's deadline and patience."""

    breaker: Breaker

    def wait(self, gen, *args, **kwargs):
        end = _deadline.get()
        if (self.breaker.open and not _probing.get()) or (end is not None and end <= time.monotonic()):
            self.pgconn.finish()  # nothing sent yet; a connection from before an outage is not trusted
            raise Away("the database is away" if self.breaker.open else "deadline passed")
        try:
            return super().wait(self._watched(gen, end, _silence.get()), *args, **kwargs)
        except Away:
            # Mid-statement, the connection's state is unknown: close it so that it is never reused.
            self.pgconn.finish()
            raise

    def _watched(self, gen, end: float | None, silence: float):
        """`gen`, asked on each of psycopg's idle ticks (every 0.1 s) whether waiting is still worth it:
        not past the deadline, nor silent for `silence`, nor once another thread opened the breaker."""
        heard = time.monotonic()
        try:
            state = next(gen)
            while True:
                ready = yield state
                now = time.monotonic()
                if ready:
                    heard = now
                elif self.breaker.open and not _probing.get():
                    raise Away("the database is away")
                elif now - heard >= silence or (end is not None and now >= end):
                    self.breaker.trip("no answer in time")
                    raise Away("the database did not answer in time")
                state = gen.send(ready)
        except StopIteration as done:
            return done.value


def guard(engine: Engine, breaker: Breaker) -> None:
    """Open `engine`'s connections through the breaker, with short timeouts under a deadline."""

    @event.listens_for(engine, "do_connect")
    def connect(_dialect, _record, cargs, cparams):
        if breaker.open and not _probing.get():
            raise Away("the database is away")
        params = {"tcp_user_timeout": TCP_USER_TIMEOUT_MS, **cparams}
        end = _deadline.get()
        if end is not None:
            if end <= time.monotonic():
                raise Away("deadline passed")
            params["connect_timeout"] = CONNECT_SECONDS
        try:
            connection = _Guarded.connect(*cargs, **params)
        except psycopg.OperationalError as error:
            breaker.trip(f"connect: {type(error).__name__}")
            raise
        connection.breaker = breaker
        return connection


def probe(engine: Engine, breaker: Breaker, seconds: float) -> str | None:
    """Does the database answer now? Closes the breaker if so (None); else a short reason."""
    engine.dispose()  # a connection pooled before or during the outage may hang: probe on a new one
    token = _probing.set(True)
    try:
        with deadline(seconds), engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means "still away"
        return type(getattr(error, "orig", None) or error).__name__
    finally:
        _probing.reset(token)
    breaker.close()
    return None
