"""Dates for staff: Riyadh time (UTC+3 all year, no daylight saving); the Umm al-Qura date in Arabic."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time
from hijridate import Gregorian

RIYADH = dt.timezone(dt.timedelta(hours=3), "Asia/Riyadh")


def riyadh(moment: dt.datetime) -> dt.datetime:
    """A stored time (UTC; naive from SQLite) as Riyadh local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(RIYADH)


def today() -> dt.date:
    return dt.datetime.now(RIYADH).date()


def hijri(day: dt.date) -> str:
    """The Umm al-Qura date in Arabic, e.g. '15 جمادى الآخرة 1448 هـ' (empty outside its range)."""
    try:
        date = Gregorian(day.year, day.month, day.day).to_hijri()
    except (ValueError, OverflowError):
        return ""
    return f"{date.day} {date.month_name('ar')} {date.year} {date.notation('ar')}"


def gregorian(day: dt.date, locale: str) -> str:
    return format_date(day, "d MMMM y", locale=locale)


def when(moment: dt.datetime, locale: str) -> dict[str, str]:
    """What a template shows for a stored time: ISO for <time>, Gregorian date and time, Hijri in Arabic."""
    local = riyadh(moment)
    return {"iso": local.isoformat(timespec="minutes"), "date": gregorian(local.date(), locale),
            "time": format_time(local, "h:mm a", locale=locale),
            "hijri": hijri(local.date()) if locale == "ar" else ""}
