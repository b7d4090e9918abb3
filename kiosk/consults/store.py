"""Durable, idempotent storage of consult requests: one record per submission_id, answered after commit."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from .. import db
from .models import ConsultRequest, utcnow
from .reference import new_reference

ATTEMPTS = 5  # reference codes are random: retry the rare clash with a new one


class StorageUnavailable(Exception):
    """The database is locked, gone or failing; `reason` is safe to log (no personal data)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


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
    """INSERT … ON CONFLICT (submission_id) DO NOTHING RETURNING reference, built once per dialect:
    the values come as parameters, so SQLAlchemy reuses its compiled form on every request."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(_TABLE).on_conflict_do_nothing(index_elements=[_TABLE.c.submission_id])
            .returning(_TABLE.c.reference))


_FIND = select(_TABLE.c.reference).where(_TABLE.c.submission_id == bindparam("submission_id"))


def save(draft: Draft, now: dt.datetime | None = None) -> str:
    """Store `draft` unless its submission_id is already stored; return the request's reference code."""
    now = now or utcnow()
    for _attempt in range(ATTEMPTS):
        # Everything but the statement is ready before the transaction takes SQLite's write lock (vars, not
        # asdict: the fields are plain strings and asdict's deep copy cost more than the insert itself).
        values = {**vars(draft), "reference": new_reference(), "created_at": now, "consented_at": now,
                  "status": "new", "staff_notes": ""}
        try:
            with db.transaction() as session:
                connection = session.connection()
                reference = connection.execute(_insert_once(connection.dialect.name), values).scalar()
                if reference is None:  # a double tap or a retry: the first one's record stands
                    reference = connection.execute(_FIND, {"submission_id": draft.submission_id}).scalar()
            return reference
        except IntegrityError:
            continue  # the random reference code is taken
        except SQLAlchemyError as error:
            raise StorageUnavailable(describe(error)) from None
    raise StorageUnavailable("no free reference code")


def count(submission_id: str | None = None) -> int:
    """How many requests are stored (for one submission_id): for tests and benchmarks."""
    from sqlalchemy import func

    query = select(func.count()).select_from(ConsultRequest)
    if submission_id is not None:
        query = query.where(ConsultRequest.submission_id == submission_id)
    with db.reading() as session:
        return session.scalar(query)
