"""Durable, idempotent storage of consult requests: one record per submission_id, answered after commit."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import select
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


def _insert(dialect: str):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def save(draft: Draft, now: dt.datetime | None = None) -> str:
    """Store `draft` unless its submission_id is already stored; return the request's reference code."""
    now = now or utcnow()
    for _attempt in range(ATTEMPTS):
        try:
            with db.transaction() as session:
                values = {**asdict(draft), "reference": new_reference(), "created_at": now,
                          "consented_at": now, "status": "new", "staff_notes": ""}
                insert = (_insert(session.get_bind().dialect.name)(ConsultRequest).values(values)
                          .on_conflict_do_nothing(index_elements=["submission_id"])
                          .returning(ConsultRequest.reference))
                reference = session.execute(insert).scalar()
                if reference is None:  # a double tap or a retry: the first one's record stands
                    reference = session.scalar(select(ConsultRequest.reference)
                                               .where(ConsultRequest.submission_id == draft.submission_id))
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
