"""The inbox's filter (status, dates, name or phone), its query, and changes that record who and when."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Select, case, func, or_, select
from sqlalchemy.orm import Session

from .. import db
from ..consults.cleaning import clean_line
from ..consults.phone import PhoneError, ascii_digits, normalise
from ..reception import calls
from ..records.consults import STATUSES, ConsultRequest
from ..records.staff import ConsultEvent, utcnow
from ..routing import whole_number
from .dates import RIYADH

PAGE_SIZE = 25
MAX_PAGE = 99_999


@dataclass(frozen=True)
class InboxFilter:
    status: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    page: int = 1
    bad_dates: bool = False
    branch: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> InboxFilter:
        """Read the filter from a query string; unknown or malformed values are ignored, never a 500."""
        status = args.get("status", "")
        date_from, bad_from = _date(args.get("from", ""))
        date_to, bad_to = _date(args.get("to", ""))
        page = whole_number(args.get("page", "1"), largest=MAX_PAGE) or 1
        return cls(status=status if status in STATUSES else "", date_from=date_from, date_to=date_to,
                   q=clean_line(args.get("q", ""))[:80],
                   page=page,
                   bad_dates=bad_from or bad_to, branch=clean_line(args.get("branch", ""))[:64])

    def args(self) -> dict[str, str]:
        """The filter as query arguments (without the page), for links and the CSV export."""
        values = {"status": self.status, "q": self.q, "branch": self.branch,
                  "from": self.date_from.isoformat() if self.date_from else "",
                  "to": self.date_to.isoformat() if self.date_to else ""}
        return {key: value for key, value in values.items() if value}


def _date(raw: str) -> tuple[dt.date | None, bool]:
    """(the day, False), or (None, True) for a malformed day or one whose Riyadh bounds leave the calendar."""
    if not raw:
        return None, False
    try:
        day = dt.date.fromisoformat(ascii_digits(raw))
        # The query needs the day's start and the next day's start in UTC: 0001-01-01 and 9999-12-31 have
        # none (OverflowError), so they are refused here, once, for the inbox, the export and any later user.
        day_start(day), day_start(day + dt.timedelta(days=1))
    except (ValueError, OverflowError):
        return None, True
    return day, False


def phone_digits(query: str) -> tuple[str, bool] | None:
    """A phone-like query as (E.164, True) when the kiosk form would accept it, (digits, False) for part of
    a number, or None when it is not a phone query at all."""
    try:
        return normalise(query), True
    except PhoneError:
        pass
    digits = re.sub(r"\D", "", ascii_digits(query))
    if len(digits) < 3 or re.search(r"[^\d\s+()\-.\u0660-\u0669\u06f0-\u06f9]", query):
        return None
    for prefix in ("00966", "966", "0"):  # a partial number typed with its country or trunk prefix
        if digits.startswith(prefix) and len(digits) > len(prefix) + 2:
            return digits[len(prefix):], False
    return digits, False


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def statement(flt: InboxFilter, now: dt.datetime | None = None) -> Select:
    """The filtered requests: overdue calls first (longest overdue first), then newest first."""
    late = calls.overdue(now or utcnow())
    query = select(ConsultRequest).order_by(case((late, 0), else_=1), case((late, ConsultRequest.due_at)),
                                            ConsultRequest.created_at.desc(), ConsultRequest.id.desc())
    if flt.branch:
        query = query.where(ConsultRequest.branch == flt.branch)
    if flt.status:
        query = query.where(ConsultRequest.status == flt.status)
    if flt.date_from:
        query = query.where(ConsultRequest.created_at >= day_start(flt.date_from))
    if flt.date_to:
        query = query.where(ConsultRequest.created_at < day_start(flt.date_to + dt.timedelta(days=1)))
    if flt.q:
        phone = phone_digits(flt.q)
        if phone and phone[1]:
            query = query.where(ConsultRequest.phone == phone[0])
        elif phone:
            query = query.where(ConsultRequest.phone.like(_like(phone[0]), escape="\\"))
        else:
            pattern = _like(flt.q.casefold())
            query = query.where(or_(func.lower(ConsultRequest.name).like(pattern, escape="\\"),
                                    ConsultRequest.reference == flt.q.upper()))
    return query


def day_start(day: dt.date) -> dt.datetime:
    """Midnight in Riyadh, as UTC (stored times are UTC)."""
    return dt.datetime.combine(day, dt.time(), RIYADH).astimezone(dt.UTC)


def page_of(flt: InboxFilter) -> tuple[list[ConsultRequest], int]:
    """One page of the filtered list and the total number of matches."""
    query = statement(flt)
    with db.reading() as session:
        total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
        rows = session.scalars(query.limit(PAGE_SIZE).offset((flt.page - 1) * PAGE_SIZE)).all()
    return list(rows), total


def branches() -> list[str]:
    """Every branch that has requests, for the filter."""
    with db.reading() as session:
        return list(session.scalars(select(ConsultRequest.branch).distinct().order_by(ConsultRequest.branch)))


def latest_id() -> int:
    """The newest request's id (ids only grow): the live inbox compares it with what it has shown."""
    with db.reading() as session:
        return session.scalar(select(func.max(ConsultRequest.id))) or 0


def newer_than(known_id: int, branch: str = "") -> int:
    """How many requests (of one branch) were stored after `known_id`."""
    query = select(func.count()).where(ConsultRequest.id > known_id)
    if branch:
        query = query.where(ConsultRequest.branch == branch)
    with db.reading() as session:
        return session.scalar(query) or 0


def all_of(flt: InboxFilter) -> list[ConsultRequest]:
    with db.reading() as session:
        return list(session.scalars(statement(flt)).all())


def detail(consult_id: int) -> tuple[ConsultRequest | None, list[ConsultEvent]]:
    with db.reading() as session:
        consult = session.get(ConsultRequest, consult_id)
        events = session.scalars(select(ConsultEvent).where(ConsultEvent.consult_id == consult_id)
                                 .order_by(ConsultEvent.at.desc(), ConsultEvent.id.desc())).all()
    return consult, list(events)


def change(consult_id: int, staff_name: str, status: str = "", note: str = "", *,
           session: Session | None = None) -> bool:
    """Set a new status and/or add a note, recording each change; False when the request is gone."""
    with db.within(session) as session:
        consult = session.get(ConsultRequest, consult_id, with_for_update=True)
        if consult is None:
            return False
        now = utcnow()
        if status in STATUSES and status != consult.status:
            session.add(ConsultEvent(consult_id=consult_id, at=now, staff_name=staff_name, kind="status",
                                     old_value=consult.status, new_value=status))
            consult.status = status
        if note:
            session.add(ConsultEvent(consult_id=consult_id, at=now, staff_name=staff_name, kind="note",
                                     old_value="", new_value=note))
            consult.staff_notes = f"{consult.staff_notes}\n{note}".strip() if consult.staff_notes else note
    return True
