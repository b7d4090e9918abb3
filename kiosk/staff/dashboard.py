"""The dashboard: requests and usage as server-drawn SVG charts, each with the same figures as a table."""
from __future__ import annotations

from babel.dates import format_date
from flask import current_app, g
from flask_babel import gettext

from ..content import STEPS
from . import bp, charts, labels, stats
from .auth import staff_page


@bp.get("/dashboard")
def dashboard():
    """Requests per day (30 days), by status and language; page views, explainer steps, forms, idle resets."""
    current_app.extensions["kiosk_usage"].flush()  # this process's latest counts, before reading
    locale, rtl = g.ui_locale, g.ui_locale == "ar"
    per_day = [(format_date(day, "d MMM", locale=locale), count) for day, count in stats.requests_per_day()]
    status = [(str(labels.STATUS[code]), count) for code, count in stats.by_status()]
    language = [(str(labels.LANGUAGE[code]), count) for code, count in stats.by_language()]
    totals, steps = stats.usage()
    ar, en = str(labels.LANGUAGE["ar"]), str(labels.LANGUAGE["en"])
    views = [(ar, totals.get(("page_view", "ar"), 0)), (en, totals.get(("page_view", "en"), 0))]
    forms = [(f"{labels.EVENT[event]} · {name}", totals.get((event, code), 0))
             for event in ("form_started", "form_sent", "idle_reset")
             for code, name in (("ar", ar), ("en", en))]
    step_rows = [(str(step.title), steps.get(step.slug, 0)) for step in STEPS]
    titles = {
        "per-day": gettext("Requests per day, last 30 days"),
        "status": gettext("Requests by status"),
        "language": gettext("Requests by language"),
        "views": gettext("Pages viewed by language, last 30 days"),
        "steps": gettext("Explainer steps reached, last 30 days"),
        "forms": gettext("Forms and idle resets, last 30 days"),
    }
    data = {"per-day": per_day, "status": status, "language": language, "views": views, "steps": step_rows,
            "forms": forms}
    figures = [(key, titles[key], charts.columns(data[key], titles[key], rtl) if key == "per-day"
                else charts.bars(data[key], titles[key], rtl), data[key]) for key in titles]
    return staff_page("staff/dashboard.html", figures=figures)
