"""Database engine and sessions (SQLAlchemy 2), schema migrations (Alembic) and `kiosk db …`."""
from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

import click
from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g
from flask.cli import with_appcontext
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from . import dbguard, extensions, paths
from .private import private_file, private_sqlite

log = logging.getLogger(__name__)


class Base(DeclarativeBase):
    """Declarative base of every table; Alembic migrations under kiosk/migrations create them."""


def make_engine(url: str) -> Engine:
    # Statement parameters are patients' data: keep them out of SQLAlchemy's logs and error messages.
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:"):
            private_sqlite(Path(path))  # before SQLite creates it with the umask's mode
        engine = create_engine(url, connect_args={"timeout": 15, "check_same_thread": False},
                               hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A server that does not answer fails a request in seconds (a calm 503), instead of hanging its thread;
    # request paths connect under a shorter deadline, and kiosk.dbguard's breaker stops trying at all.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10, hide_parameters=True,
                         connect_args={"connect_timeout": 5})


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged request survives power loss
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")  # purged personal data is overwritten in the file
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A writing transaction takes the write lock when it starts, not at its first write: a
    # read-then-write transaction then waits its turn instead of failing with "database is locked".
    immediate = connection.get_execution_options().get("write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """The app's engine and its two kinds of session: writing (lock up front) and reading."""

    def __init__(self, url: str):
        self.engine = make_engine(url)
        self.write_engine = self.engine.execution_options(write=True)
        self.writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self.reader = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time. Threads of this process queue for it here, woken the moment it
        # is free, instead of in SQLite's busy handler, which polls with sleeps of up to 100 ms and made
        # the slowest submits under load take seconds. Other processes still meet BEGIN IMMEDIATE.
        self.write_turn = threading.RLock() if url.startswith("sqlite") else nullcontext()
        self.breaker: dbguard.Breaker | None = None
        if not url.startswith("sqlite"):
            self.breaker = dbguard.Breaker()
            dbguard.guard(self.engine, self.breaker)


REQUEST_SILENCE = 3  # a request that hears nothing from the central database this long stops waiting


def init_app(app: Flask) -> None:
    database = Database(app.config["DATABASE_URL"])
    extensions.register(app, database=database)
    if database.breaker is not None:
        app.before_request(_bound_request)
        app.teardown_request(_unbound_request)


def _bound_request() -> None:
    # A page whose database stops answering fails in seconds instead of holding its thread for good (and
    # opens the breaker, so the next ones do not wait at all).
    g.kiosk_db_deadline = stack = ExitStack()
    stack.enter_context(dbguard.patience(REQUEST_SILENCE))


def _unbound_request(_error: BaseException | None) -> None:
    stack = g.pop("kiosk_db_deadline", None)
    if stack is not None:
        stack.close()


def engine() -> Engine:
    return extensions.database().engine


def breaker() -> dbguard.Breaker | None:
    """The central database's breaker (kiosk.dbguard); None for SQLite, which is never away."""
    return extensions.database().breaker


def probe(seconds: float) -> str | None:
    """Ask the central database whether it answers, even while the breaker is open; None when it does."""
    guard = breaker()
    return None if guard is None else dbguard.probe(engine(), guard, seconds)


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of writing work: committed when the block ends, rolled back (and re-raised) on error."""
    database = extensions.database()
    with database.write_turn, database.writer.begin() as session:
        yield session


@contextmanager
def within(session: Session | None) -> Iterator[Session]:
    """The caller's session when given (its transaction commits this work with its own, or neither), else
    a transaction of its own."""
    if session is not None:
        yield session
    else:
        with transaction() as own:
            yield own


@contextmanager
def write_connection() -> Iterator[Connection]:
    """Like transaction(), on a bare Core connection: for the hot path that needs no ORM (consult saves)."""
    database = extensions.database()
    with database.write_turn, database.write_engine.begin() as connection:
        yield connection


@contextmanager
def reading() -> Iterator[Session]:
    """A read-only unit of work (no write lock taken)."""
    with extensions.database().reader() as session:
        yield session


def scrub() -> None:
    """After personal data is deleted or overwritten in SQLite: secure_delete has zeroed the freed bytes in
    the main file, but the WAL still holds the old page images until a checkpoint copies the zeroed pages
    back and truncates it. (PostgreSQL: nothing to do here; VACUUM reclaims dead rows in its own time.)"""
    if engine().dialect.name == "sqlite":
        with engine().connect() as connection:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
        if busy:  # a reader held on past the busy timeout
            log.warning("scrub: the WAL checkpoint could not finish; old pages stay until the WAL is reset")


def ping() -> str | None:
    """None when the database answers with our schema, else a short reason (no personal data)."""
    try:
        with engine().connect() as connection:
            connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except Exception as error:  # any driver error means "not ready"
        return type(error).__name__
    return None


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(paths.MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    command.upgrade(alembic_config(url), "heads")


def backup_sqlite(url: str, target: Path) -> None:
    """A consistent copy while the kiosk runs, through SQLite's online backup API."""
    source_path = url.split("///", 1)[1]
    source = sqlite3.connect(source_path)
    try:
        private_file(target)  # a copy of patients' data: owner-only before a byte is written
        destination = sqlite3.connect(target)
        with destination:
            source.backup(destination)
        destination.close()
    finally:
        source.close()


@click.group("db")
def db_cli() -> None:
    """Database migrations and backups."""


@db_cli.command("upgrade")
@with_appcontext
def upgrade_command() -> None:
    """Apply every pending migration."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is up to date")
