"""How fast patients are called back: time from request to first contact attempt, in opening hours.

Per week (weeks start on Saturday, as the clinic's week does) and per branch: the median, the 90th
percentile (nearest rank) and the share called within the target. A request not called yet counts against
the share once its wait passed the target; until then it is simply "waiting".
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from .. import db, hours
from ..records.consults import ConsultRequest
from ..records.reception import OUTCOMES, ContactAttempt, utcnow
from . import intake

WEEKS = 8


@dataclass(frozen=True)
class Wait:
    created_at: dt.datetime
    branch: str
    waited: dt.timedelta  # opening time until the first call, or until now when not called yet
    called: bool


@dataclass(frozen=True)
class Summary:
    requests: int
    called: int
    median_minutes: int | None
    p90_minutes: int | None
    within_target: float | None  # 0..1; None when nothing is decided yet

    @property
    def within_percent(self) -> int | None:
        return None if self.within_target is None else round(100 * self.within_target)


def waits(config: Mapping[str, Any], since: dt.datetime, now: dt.datetime | None = None,
          branch: str = "") -> list[Wait]:
    """Every request since `since` with its wait for a first call, counted in opening hours."""
    now = now or utcnow()
    schedule = intake.opening_hours(config)
    first_call = (select(ContactAttempt.consult_id, func.min(ContactAttempt.at).label("first"))
                  .group_by(ContactAttempt.consult_id).subquery())
    query = (select(ConsultRequest.created_at, ConsultRequest.branch, first_call.c.first)
             .outerjoin(first_call, first_call.c.consult_id == ConsultRequest.id)
             .where(ConsultRequest.created_at >= since))
    if branch:
        query = query.where(ConsultRequest.branch == branch)
    with db.reading() as session:
        rows = session.execute(query).all()
    return [Wait(hours.local(created), name, hours.between(schedule, created, first or now),
                 first is not None) for created, name, first in rows]


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def summarise(items: Iterable[Wait], target: dt.timedelta) -> Summary:
    items = list(items)
    called = [item.waited.total_seconds() / 60 for item in items if item.called]
    late_waiting = sum(1 for item in items if not item.called and item.waited > target)
    decided = len(called) + late_waiting
    within = sum(1 for minutes in called if minutes <= target.total_seconds() / 60)
    return Summary(len(items), len(called),
                   round(statistics.median(called)) if called else None,
                   round(nearest_rank(called, 0.9)) if called else None,
                   within / decided if decided else None)


def week_start(moment: dt.datetime) -> dt.date:
    """The Saturday that starts the moment's week (Riyadh date)."""
    day = hours.local(moment).date()
    return day - dt.timedelta(days=(day.weekday() - 5) % 7)


def per_week(items: list[Wait], target: dt.timedelta, now: dt.datetime | None = None,
             weeks: int = WEEKS) -> list[tuple[dt.date, Summary]]:
    """The last `weeks` weeks, oldest first, empty weeks included."""
    newest = week_start(now or utcnow())
    starts = [newest - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    return [(start, summarise((item for item in items if week_start(item.created_at) == start), target))
            for start in starts]


def per_branch(items: list[Wait], target: dt.timedelta) -> list[tuple[str, Summary]]:
    names = sorted({item.branch for item in items})
    return [(name, summarise((item for item in items if item.branch == name), target)) for name in names]


def outcomes(since: dt.datetime, branch: str = "") -> list[tuple[str, int]]:
    """How calls went since `since`, every outcome listed."""
    query = (select(ContactAttempt.outcome, func.count()).where(ContactAttempt.at >= since)
             .group_by(ContactAttempt.outcome))
    if branch:
        query = query.join(ConsultRequest, ConsultRequest.id == ContactAttempt.consult_id).where(
            ConsultRequest.branch == branch)
    with db.reading() as session:
        counts = dict(session.execute(query).all())
    return [(outcome, counts.get(outcome, 0)) for outcome in OUTCOMES]
