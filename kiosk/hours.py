"""Opening hours (KIOSK_OPENING_HOURS) and time counted in them, in Riyadh time (UTC+3 all year).

The form is `DAYS HH:MM-HH:MM`, several parts separated by `;`. DAYS is one day (`fri`), a forward range
through the week (`sat-thu`; `sat-fri` is every day) or a comma list (`sat,mon,wed`). The end minute is
exclusive and `24:00` is allowed; a window that runs to 24:00 joins the next day's 00:00 window, so a night
shift is written as `thu 21:00-24:00; fri 00:00-02:00`.

Plain functions without Flask: config validates the variable with `parse`, and the reception code counts
"N minutes of opening hours after t" with `add` and "opening time between a and b" with `between`.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

RIYADH = dt.timezone(dt.timedelta(hours=3), "Asia/Riyadh")
# Index = Python's weekday(): Monday is 0.
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT = "sat-thu 09:00-21:00"
# Open round the clock never ends a period: such a stretch is handed out a week at a time.
_LONGEST = dt.timedelta(days=7)
_PART = re.compile(r"^([a-z,\-]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$", re.ASCII)


class HoursError(ValueError):
    """The text is not valid opening hours; the message says what is wrong (in English, for the log)."""


@dataclass(frozen=True)
class OpeningHours:
    """Open windows per weekday, as sorted, non-overlapping (start, end) minutes after local midnight."""

    week: tuple[tuple[tuple[int, int], ...], ...]

    def windows(self, day: dt.date) -> tuple[tuple[int, int], ...]:
        return self.week[day.weekday()]


def _days(text: str) -> list[int]:
    if "-" in text and "," not in text:
        first, _, last = text.partition("-")
        if first not in DAY_NAMES or last not in DAY_NAMES:
            raise HoursError(f"unknown day in {text!r} (use {', '.join(DAY_NAMES)})")
        start, end = DAY_NAMES.index(first), DAY_NAMES.index(last)
        return [(start + step) % 7 for step in range((end - start) % 7 + 1)]
    names = text.split(",")
    if any(name not in DAY_NAMES for name in names):
        raise HoursError(f"unknown day in {text!r} (use {', '.join(DAY_NAMES)})")
    return [DAY_NAMES.index(name) for name in names]


def _minute(hours: str, minutes: str) -> int:
    value = int(hours) * 60 + int(minutes)
    if int(minutes) > 59 or value > 24 * 60:
        raise HoursError(f"{hours}:{minutes} is not a time of day (00:00 to 24:00)")
    return value


@functools.lru_cache(maxsize=16)
def parse(text: str) -> OpeningHours:
    """`sat-thu 09:00-21:00; fri 16:00-21:00` → OpeningHours; raise HoursError on anything else."""
    week: list[list[tuple[int, int]]] = [[] for _ in range(7)]
    parts = [part.strip() for part in text.lower().split(";")]
    if not any(parts):
        raise HoursError("no opening hours given")
    for part in parts:
        match = _PART.match(part)
        if not match:
            raise HoursError(f"{part!r} is not of the form 'DAYS HH:MM-HH:MM'")
        start, end = _minute(*match.group(2, 3)), _minute(*match.group(4, 5))
        if start >= end:
            raise HoursError(f"{part!r}: the end must be after the start (the end minute is exclusive)")
        for day in _days(match.group(1)):
            week[day].append((start, end))
    return OpeningHours(tuple(_merged(windows) for windows in week))


def _merged(windows: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored time (UTC; naive from SQLite) in Riyadh time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(RIYADH)


def periods(hours: OpeningHours, moment: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Open periods (start, end) in Riyadh time that end after `moment`, in order, without end.

    Windows that touch across midnight are joined, so a period is one stretch of open time."""
    if not any(hours.week):
        return
    day = local(moment).date() - dt.timedelta(days=1)  # a period may have started yesterday
    pending: tuple[dt.datetime, dt.datetime] | None = None
    while True:
        midnight = dt.datetime.combine(day, dt.time(), RIYADH)
        for start, end in hours.windows(day):
            begins, ends = midnight + dt.timedelta(minutes=start), midnight + dt.timedelta(minutes=end)
            if pending and pending[1] == begins and pending[1] - pending[0] < _LONGEST:
                pending = (pending[0], ends)
                continue
            if pending and pending[1] > moment:
                yield pending
            pending = (begins, ends)
        day += dt.timedelta(days=1)


def is_open(hours: OpeningHours, moment: dt.datetime) -> bool:
    start, _end = next(periods(hours, moment))
    return start <= moment


def add(hours: OpeningHours, moment: dt.datetime, span: dt.timedelta) -> dt.datetime:
    """The moment when `span` of opening time has passed after `moment` (in Riyadh time)."""
    left = span
    moment = local(moment)
    if left <= dt.timedelta(0):
        return moment
    for start, end in periods(hours, moment):
        start = max(start, moment)
        if end - start >= left:
            return start + left
        left -= end - start
    raise AssertionError("unreachable: periods() never ends")  # pragma: no cover


def between(hours: OpeningHours, first: dt.datetime, last: dt.datetime) -> dt.timedelta:
    """How much opening time lies in [first, last); zero when last is not after first."""
    first, last = local(first), local(last)
    total = dt.timedelta(0)
    if last <= first:
        return total
    for start, end in periods(hours, first):
        if start >= last:
            break
        total += min(end, last) - max(start, first)
    return total


def next_opening(hours: OpeningHours, moment: dt.datetime) -> dt.datetime:
    """When the clinic next opens after `moment`: the start of the next period that begins later."""
    moment = local(moment)
    previous_end = None
    for start, end in periods(hours, moment):
        if start > moment and start != previous_end:  # not a week's stretch continuing (see _LONGEST)
            return start
        previous_end = end
        if end - moment > dt.timedelta(days=366):
            raise ValueError("the clinic never closes, so it never opens again")
    raise AssertionError("unreachable: periods() never ends")  # pragma: no cover
