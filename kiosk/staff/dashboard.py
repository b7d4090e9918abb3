"""The dashboard: requests and usage as server-drawn SVG charts, each with the same figures as a table."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from flask import current_app, g, request
from flask_babel import gettext

from .. import extensions
from ..content import STEPS
from ..reception import calls, figures, intake
from . import bp, charts, hours_text, labels, live, queries, stats
from .auth import staff_page
from .dates import RIYADH


def _calls(branch: str, locale: str, rtl: bool) -> dict:
    """Time to the first call per week and per branch, outcomes, overdue now and mail trouble."""
    config = current_app.config
    target = intake.target(config)
    now = calls.utcnow()
    since = dt.datetime.combine(figures.week_start(now) - dt.timedelta(weeks=figures.WEEKS - 1), dt.time(),
                                RIYADH)
    waits = figures.waits(config, since, now, branch)
    weeks = [(gettext("Week of %(day)s", day=format_date(start, "d MMM", locale=locale)), summary)
             for start, summary in figures.per_week(waits, target, now)]
    outcome_rows = [(str(labels.OUTCOME[code]), count)
                    for code, count in figures.outcomes(now - dt.timedelta(days=stats.DAYS), branch)]
    median_title = gettext("Median wait for the first call, minutes of opening hours, by week")
    outcome_title = gettext("How calls went, last 30 days")
    return {
        "overdue": calls.overdue_count(now, branch), "target_minutes": config["CALLBACK_MINUTES"],
        "hours": hours_text.described(config["OPENING_HOURS"], locale),
        "weeks": weeks, "branches": figures.per_branch(waits, target),
        "median_chart": (median_title, charts.bars([(name, summary.median_minutes or 0)
                                                    for name, summary in weeks], median_title, rtl)),
        "outcomes": (outcome_title, charts.bars(outcome_rows, outcome_title, rtl), outcome_rows),
        "mail": live.mail_problem(), "branch": branch, "branch_names": queries.branches(),
    }


@bp.get("/dashboard")
def dashboard():
    """Requests per day (30 days), by status and language; page views, explainer steps, forms, idle resets."""
    extensions.usage().flush()  # this process's latest counts, before reading
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
    branch = queries.InboxFilter.from_args(request.args).branch
    return staff_page("staff/dashboard.html", figures=figures, calls=_calls(branch, locale, rtl))
