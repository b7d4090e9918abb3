"""When a patient can expect the call, from the opening hours and the target, for the confirmation page."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.dates import format_date, format_time
from flask_babel import gettext, ngettext

from .. import hours
from ..records.reception import utcnow
from . import intake


@dataclass(frozen=True)
class Expectation:
    """`within` the target while open; else the next opening `today`, `tomorrow` or on a `weekday`."""

    kind: str
    target_minutes: int
    opening: dt.datetime | None = None  # Riyadh time


def expect(config: Mapping[str, Any], now: dt.datetime | None = None) -> Expectation:
    now = hours.local(now or utcnow())
    schedule, target = intake.opening_hours(config), intake.target(config)
    minutes = int(target.total_seconds() // 60)
    if hours.is_open(schedule, now) and hours.add(schedule, now, target) - now <= target:
        return Expectation("within", minutes)
    opening = hours.next_opening(schedule, now)
    days = (opening.date() - now.date()).days
    return Expectation("today" if days == 0 else "tomorrow" if days == 1 else "weekday", minutes, opening)


def sentence(expectation: Expectation, locale: str) -> str:
    """The promise in the page's language: "within 2 hours", "tomorrow, from 9:00 AM", "on Saturday, …"."""
    if expectation.kind == "within":
        minutes = expectation.target_minutes
        if minutes % 60 == 0:
            return ngettext("We will call you within %(num)d hour.", "We will call you within %(num)d hours.",
                            minutes // 60)
        return ngettext("We will call you within %(num)d minute.", "We will call you within %(num)d minutes.",
                        minutes)
    # Patients read a clock in 12-hour form, «9:00 ص» in Arabic (as the staff pages show times too).
    time = format_time(expectation.opening, "h:mm a", locale=locale)
    if expectation.kind == "today":
        return gettext("We will call you today, from %(time)s.", time=time)
    if expectation.kind == "tomorrow":
        return gettext("We will call you tomorrow, from %(time)s.", time=time)
    day = format_date(expectation.opening.date(), "EEEE", locale=locale)
    return gettext("We will call you on %(day)s, from %(time)s.", day=day, time=time)
