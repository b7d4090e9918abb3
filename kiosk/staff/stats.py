"""Figures for the dashboard: requests per day, by status and language, and the usage counters."""
from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import func, select

from .. import db
from ..records.consults import STATUSES, ConsultRequest
from ..records.staff import UsageCount
from .dates import riyadh, today
from .queries import day_start

DAYS = 30


def last_days(days: int = DAYS) -> list[dt.date]:
    end = today()
    return [end - dt.timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def requests_per_day(days: int = DAYS) -> list[tuple[dt.date, int]]:
    """Requests per Riyadh day, oldest first, zero days included."""
    span = last_days(days)
    with db.reading() as session:
        moments = session.scalars(select(ConsultRequest.created_at)
                                  .where(ConsultRequest.created_at >= day_start(span[0]))).all()
    counts = Counter(riyadh(moment).date() for moment in moments)
    return [(day, counts.get(day, 0)) for day in span]


def by_column(column) -> dict[str, int]:
    with db.reading() as session:
        return dict(session.execute(select(column, func.count()).group_by(column)).all())


def by_status() -> list[tuple[str, int]]:
    counts = by_column(ConsultRequest.status)
    return [(status, counts.get(status, 0)) for status in STATUSES]


def by_language() -> list[tuple[str, int]]:
    counts = by_column(ConsultRequest.page_language)
    return [(lang, counts.get(lang, 0)) for lang in ("ar", "en")]


def usage(days: int = DAYS) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """({(event, lang): total}, {step slug: times reached}) over the last `days` days."""
    since = last_days(days)[0]
    with db.reading() as session:
        rows = session.execute(select(UsageCount.event, UsageCount.lang, UsageCount.detail,
                                      func.sum(UsageCount.count))
                               .where(UsageCount.day >= since)
                               .group_by(UsageCount.event, UsageCount.lang, UsageCount.detail)).all()
    totals: Counter = Counter()
    steps: Counter = Counter()
    for event, lang, detail, count in rows:
        totals[(event, lang)] += int(count or 0)
        if event == "explainer_step":
            steps[detail] += int(count or 0)
    return dict(totals), dict(steps)
