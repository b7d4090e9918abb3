"""Opening hours as a staff member reads them: day names and 12-hour times in their language."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_time, get_day_names

from .. import hours

# The Saudi week starts on Saturday; Python's weekday() has Monday as 0.
WEEK_FROM_SATURDAY = (5, 6, 0, 1, 2, 3, 4)


def _clock(minute: int, locale: str) -> str:
    return format_time(dt.time((minute // 60) % 24, minute % 60), "h:mm a", locale=locale)


def _span(first: str, last: str, locale: str) -> str:
    # Arabic says «من … إلى …»; a dash between two Arabic words also breaks the line there.
    return f"من {first} إلى {last}" if locale == "ar" else f"{first}–{last}"


def described(text: str, locale: str) -> str:
    """`sat-thu 09:00-21:00` as «من السبت إلى الخميس: من 9:00 ص إلى 9:00 م» (days with the same hours run
    together)."""
    week = hours.parse(text).week
    names = get_day_names("wide", locale=locale)
    groups: list[list[int]] = []
    for day in WEEK_FROM_SATURDAY:
        if not week[day]:
            continue
        if groups and week[groups[-1][-1]] == week[day] and WEEK_FROM_SATURDAY.index(groups[-1][-1]) + 1 == \
                WEEK_FROM_SATURDAY.index(day):
            groups[-1].append(day)
        else:
            groups.append([day])
    parts = []
    for group in groups:
        days = names[group[0]] if len(group) == 1 else _span(names[group[0]], names[group[-1]], locale)
        comma = "، و" if locale == "ar" else ", "
        times = comma.join(_span(_clock(start, locale), _clock(end, locale), locale)
                           for start, end in week[group[0]])
        parts.append(f"{days}: {times}")
    return ("؛ " if locale == "ar" else "; ").join(parts)
