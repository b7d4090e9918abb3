"""Durable, idempotent storage of consult requests: one record per submission_id, answered after commit."""
from __future__ import annotations

import datetime as dt
import functools
import threading
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError

from .. import db, extensions
from ..reception import intake
from ..records.consults import ConsultRequest, utcnow
from .reference import new_reference

ATTEMPTS = 5  # reference codes are random: retry the rare clash with a new one


class StorageUnavailable(Exception):
    """The database is locked, gone or failing; `reason` is safe to log (no personal data). `away`: it
    could not be reached or dropped the connection, rather than answering with a refusal or a lock."""

    def __init__(self, reason: str, away: bool = False):
        super().__init__(reason)
        self.reason, self.away = reason, away


@dataclass(frozen=True)
class Draft:
    """A validated, cleaned request as the form produced it."""

    submission_id: str
    page_language: str
    kiosk_id: str
    name: str
    phone: str
    preferred_language: str
    preferred_time: str
    message: str
    consent_version: str


def describe(error: BaseException) -> str:
    """The error's kind and driver code only: its text may quote the statement's parameters."""
    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorname", None) or getattr(original, "sqlstate", None)
    return f"{type(error).__name__}/{type(original).__name__}" + (f" {code}" if code else "")


_TABLE = ConsultRequest.__table__


@functools.cache
def _insert_once(dialect: str):
    """INSERT … ON CONFLICT (submission_id) DO NOTHING RETURNING reference, id, built once per dialect:
    the values come as parameters, so SQLAlchemy reuses its compiled form on every request."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(_TABLE).on_conflict_do_nothing(index_elements=[_TABLE.c.submission_id])
            .returning(_TABLE.c.reference, _TABLE.c.id))


_FIND = select(_TABLE.c.reference).where(_TABLE.c.submission_id == bindparam("submission_id"))


class _Entry:
    """One request waiting to be written; `outcome` is its reference code or the exception to raise."""

    __slots__ = ("values", "outcome")

    def __init__(self, values: dict):
        self.values = values
        self.outcome: str | StorageUnavailable | None = None


class _GroupCommit:
    """Group commit: whoever gets the turn writes every request waiting at that moment in one transaction.

    SQLite makes one commit (one fsync) at a time. Writing the waiting requests together costs one fsync
    for the group instead of one each, and every request is still answered only after its own commit.
    """

    BATCH = 64

    def __init__(self):
        self.queue_lock = threading.Lock()
        self.turn = threading.Lock()
        self.waiting: list[_Entry] = []

    def save(self, entry: _Entry) -> str:
        with self.queue_lock:
            self.waiting.append(entry)
        with self.turn:
            if entry.outcome is None:  # no one wrote it while we waited for the turn: write the group
                with self.queue_lock:
                    group, self.waiting = self.waiting[:self.BATCH], self.waiting[self.BATCH:]
                try:
                    _write_group(group)
                except Exception as error:  # never leave a waiting request without an answer
                    failure = StorageUnavailable(type(error).__name__,
                                                 away=getattr(error, "connection_invalidated", False))
                    for unanswered in group:
                        unanswered.outcome = unanswered.outcome or failure
        if not isinstance(entry.outcome, str):
            raise entry.outcome or StorageUnavailable("not written")
        return entry.outcome


def _write_group(group: list[_Entry]) -> None:
    """Write `group` in one transaction; a group the database refuses is written one by one, so that one
    bad request cannot fail the others; a database that is locked or gone fails them all at once."""
    for _attempt in range(ATTEMPTS):
        try:
            with db.write_connection() as connection:
                insert = _insert_once(connection.dialect.name)
                references = []
                for entry in group:
                    inserted = connection.execute(insert, entry.values).first()
                    if inserted is None:  # a double tap or a retry: the first one's record stands
                        reference = connection.execute(_FIND, entry.values).scalar()
                    else:
                        reference = inserted.reference
                        # Reception's mail, in this same transaction: acknowledged means queued.
                        intake.queue_mail(connection, current_app.config, inserted.id, entry.values)
                    references.append(reference)
            for entry, reference in zip(group, references, strict=True):
                entry.outcome = reference
            return
        except IntegrityError:
            for entry in group:  # a random reference code is taken: draw new ones
                entry.values["reference"] = new_reference()
        except (OperationalError, InterfaceError) as error:
            failure = StorageUnavailable(describe(error), away=error.connection_invalidated)
            for entry in group:
                entry.outcome = failure
            return
        except SQLAlchemyError as error:
            if len(group) == 1:
                group[0].outcome = StorageUnavailable(describe(error))
                return
            for entry in group:
                _write_group([entry])
            return
    for entry in group:
        entry.outcome = StorageUnavailable("no free reference code")


_groups_lock = threading.Lock()


def save(draft: Draft, now: dt.datetime | None = None, reference: str | None = None) -> str:
    """Store `draft` unless its submission_id is already stored; return the request's reference code.

    Returns only after the commit that holds the record; raises StorageUnavailable otherwise. The outbox
    (kiosk.consults.outbox) passes the created time and reference code the patient was given when spooled."""
    now = now or utcnow()
    # vars, not asdict: the fields are plain strings, and asdict's deep copy cost more than the insert.
    entry = _Entry({**vars(draft), "reference": reference or new_reference(), "created_at": now,
                    "consented_at": now, "status": "new", "staff_notes": "",
                    **intake.fields(current_app.config, now)})
    with _groups_lock:  # one group per app (and so per database)
        group = extensions.consult_group_commit(current_app, _GroupCommit)
    return group.save(entry)


def count(submission_id: str | None = None) -> int:
    """How many requests are stored (for one submission_id): for tests and benchmarks."""
    from sqlalchemy import func

    query = select(func.count()).select_from(ConsultRequest)
    if submission_id is not None:
        query = query.where(ConsultRequest.submission_id == submission_id)
    with db.reading() as session:
        return session.scalar(query)
