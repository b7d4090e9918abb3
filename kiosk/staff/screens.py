"""Every kiosk screen of the clinic group at a glance (SPEC §3, §5 Screens), updating itself like the inbox;
enrolment (admin), commands to screens (reception, admin) and the same as JSON for monitoring."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_timedelta
from flask import current_app, g, jsonify, redirect, request, url_for

from .. import extensions, qrsvg
from ..routing import whole_number
from ..screens import commands, overview, server_versions
from ..screens.enrolment import EnrolmentError
from ..screens.reports import SCREEN_NAME
from . import bp, roles, screen_admin
from .auth import current_staff, staff_page
from .dates import when

REFRESH_SECONDS = 10


def _overview(now: dt.datetime) -> overview.Overview:
    interval = current_app.config["HEARTBEAT_SECONDS"]
    return overview.read(extensions.catalogs().version, interval, now)


def _context(**extra) -> dict:
    now = dt.datetime.now(dt.UTC)
    locale = g.ui_locale
    done = request.args.get("done")
    sent = request.args.get("count", "")
    return {"overview": _overview(now), "when": lambda moment: when(moment, locale),
            "duration": lambda moment: format_timedelta(now - overview.as_utc(moment), locale=locale),
            # "2 minutes ago" / «قبل دقيقتين»: Babel puts the duration in the case its direction needs.
            "ago": lambda moment: format_timedelta(overview.as_utc(moment) - now, add_direction=True,
                                                   locale=locale),
            "clock": lambda moment: _clock(moment, now, locale), "slow_ms": overview.SLOW_TAP_MS,
            "refresh_seconds": min(REFRESH_SECONDS, current_app.config["HEARTBEAT_SECONDS"]),
            "done": done if done in (*commands.COMMANDS, "removed") else None,
            "done_count": whole_number(sent, largest=99999, default=0),  # "²".isdigit() is True
            "may_enrol": roles.permits(current_staff().role, ()), **extra}


def _clock(moment: dt.datetime, now: dt.datetime, locale: str) -> str:
    """The time of day, with the date in front when it was not today (Riyadh days)."""
    shown, today = when(moment, locale), when(now, locale)
    return shown["time"] if shown["date"] == today["date"] else f"{shown['date']} {shown['time']}"


@bp.get("/screens")
def screens():
    """One row per screen: branch, name, online or offline since when, page, versions, taps, problems."""
    return staff_page("staff/screens.html", **_context())


@bp.get("/screens/table")
def screens_table():
    """The same tables alone, for the page's script to swap in every few seconds."""
    return staff_page("staff/_screens_table.html", **_context())


@bp.post("/screens/add")
@roles.allow()  # admin only
def screens_add():
    """Enrol a screen of this server's branch; the page shows its launch URL (text and QR code) once."""
    name = request.form.get("name", "").strip()
    try:  # the name is checked against the screen-name pattern before any query
        added = screen_admin.add(current_app.config["BRANCH"], name, current_staff().username)
    except EnrolmentError:
        return staff_page("staff/screens.html", **_context(enrol_error=True, enrol_name=name[:40])), 400
    url = request.host_url.rstrip("/") + added.path
    return staff_page("staff/screens.html", **_context(added=added, launch_url=url, qr=qrsvg.svg(url)))


def _target() -> tuple[str, str | None] | None:
    """The form's branch and screen (None: the whole branch), or None when either is not one (PostgreSQL
    refuses a NUL in a string: such input must never reach a query)."""
    branch, screen = request.form.get("branch", ""), request.form.get("screen") or None
    if not branch or len(branch) > 64 or not branch.isprintable():
        return None
    if screen is not None and not SCREEN_NAME.fullmatch(screen):
        return None
    return branch, screen


@bp.post("/screens/remove")
@roles.allow()  # admin only
def screens_remove():
    """Remove an enrolled screen: its key stops working at once."""
    target = _target()
    if target is None or target[1] is None:
        return staff_page("staff/screens.html", **_context()), 400
    screen_admin.remove(*target)
    return redirect(url_for("staff.screens", done="removed"), code=303)


@bp.post("/screens/command")
def screens_command():
    """"Reload" or "Back to start" for one enrolled screen (branch and screen) or a whole branch."""
    command, target = request.form.get("command", ""), _target()
    if command not in commands.COMMANDS or target is None:
        return staff_page("staff/screens.html", **_context()), 400
    count = screen_admin.command(command, *target)
    return redirect(url_for("staff.screens", done=command, count=count), code=303)


def _screen_json(row: overview.ScreenRow) -> dict:
    beat = row.beat
    return {"name": row.name, "branch": row.branch, "enrolled": row.enrolled, "online": row.online,
            "last_seen": row.last_seen.isoformat() if row.last_seen else None,
            "page": beat.path if beat else None, "version": beat.version if beat else None,
            "catalog": beat.catalog if beat else None, "server": beat.server if beat else None,
            "behind": row.software_behind or row.catalog_behind, "taps": row.taps,
            "taps_slow": row.slow, "command_waiting": row.command}


@bp.get("/screens.json")
def screens_json():
    """The screens page as JSON for monitoring: every screen, and each server's own version and catalog."""
    data = _overview(dt.datetime.now(dt.UTC))
    version, catalog = server_versions(current_app)
    return jsonify(
        screens=[_screen_json(row) for row in data.screens + data.unenrolled],
        servers=[{"branch": server.branch, "server": server.server, "version": server.version,
                  "catalog": server.catalog, "heartbeat_seconds": server.heartbeat_seconds,
                  "outbox": server.outbox, "updated_at": overview.as_utc(server.updated_at).isoformat()}
                 for server in data.servers],
        this_server={"branch": current_app.config["BRANCH"], "server": current_app.config["KIOSK_ID"],
                     "version": version, "catalog": catalog})
