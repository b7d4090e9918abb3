"""Every kiosk screen of the clinic group at a glance (SPEC §5 Screens), updating itself like the inbox."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_timedelta
from flask import current_app, g

from .. import extensions
from ..screens import overview
from . import bp
from .auth import staff_page
from .dates import when

REFRESH_SECONDS = 10


def _context() -> dict:
    interval = current_app.config["HEARTBEAT_SECONDS"]
    now = dt.datetime.now(dt.UTC)
    data = overview.read(extensions.catalogs().version, interval, now)
    locale = g.ui_locale
    return {"overview": data, "when": lambda moment: when(moment, locale),
            "duration": lambda moment: format_timedelta(now - overview.as_utc(moment), locale=locale),
            # "2 minutes ago" / «قبل دقيقتين»: Babel puts the duration in the case its direction needs.
            "ago": lambda moment: format_timedelta(overview.as_utc(moment) - now, add_direction=True,
                                                   locale=locale),
            "clock": lambda moment: _clock(moment, now, locale),
            "refresh_seconds": min(REFRESH_SECONDS, interval)}


def _clock(moment: dt.datetime, now: dt.datetime, locale: str) -> str:
    """The time of day, with the date in front when it was not today (Riyadh days)."""
    shown, today = when(moment, locale), when(now, locale)
    return shown["time"] if shown["date"] == today["date"] else f"{shown['date']} {shown['time']}"


@bp.get("/screens")
def screens():
    """One row per screen: branch, name, online or offline since when, page, versions, latest problems."""
    return staff_page("staff/screens.html", **_context())


@bp.get("/screens/table")
def screens_table():
    """The same tables alone, for the page's script to swap in every few seconds."""
    return staff_page("staff/_screens_table.html", **_context())
