"""Sign in and sign out."""
from __future__ import annotations

import math

from flask import g, redirect, request, session, url_for
from flask_babel import gettext, ngettext

from . import accounts, audit, auth, bp, roles, throttle
from .auth import SESSION_KEY, current_staff, home_for, safe_next, staff_page


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Username and password; five failures for a name from one client refuse that client for fifteen
    minutes, and a client failing too often for any names is throttled (kiosk.staff.throttle)."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(home_for(current_staff()) if target == "/staff/" else target)
        signed_out = request.args.get("out") == "1"
        return staff_page("staff/login.html", next=target, error="", signed_out=signed_out)
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    wait = throttle.seconds_throttled()
    if wait:  # this client failed too often, whatever the names
        message = ngettext(
            "Too many failed sign-ins from this computer. Please try again in %(num)d minute.",
            "Too many failed sign-ins from this computer. Please try again in %(num)d minutes.",
            math.ceil(wait / 60))
        return _refused(message, wait, target, username)
    staff, wait = (accounts.authenticate(username, password, throttle.client_address())
                   if username and password else (None, 0))
    if staff is None and wait:
        minutes = math.ceil(wait / 60)
        error = ngettext("Too many failed attempts for this name. Please try again in %(num)d minute.",
                         "Too many failed attempts for this name. Please try again in %(num)d minutes.",
                         minutes)
        return _refused(error, wait, target, username)
    if staff is None:
        throttle.count_failure()
        error = gettext("The name or password is not right. Please try again.")
        return staff_page("staff/login.html", next=target, error=error, username=username), 401
    _end_current_session()
    session.clear()  # a new session (and CSRF secret) for the signed-in browser: no fixation
    session[SESSION_KEY] = accounts.open_session(staff)
    g.staff = staff
    audit.record("sign_in")
    return redirect(home_for(staff) if target == "/staff/" else target, code=303)


def _refused(message: str, wait: int, target: str, username: str):
    """429 on the sign-in page, in the staff member's language, saying how long to wait."""
    body = staff_page("staff/login.html", next=target, error=message, username=username[:200])
    return body, 429, {"Retry-After": str(wait)}


@bp.post("/logout")
@roles.allow(*roles.ROLES)
def logout():
    """End the session on the server too, and ask the browser to forget everything of this site."""
    audit.record("sign_out")
    _end_current_session()
    session.clear()
    # The browser drops this site's cookies, storage and cache; the login page then sets the language again.
    response = redirect(url_for("staff.login", ui=g.ui_locale, out=1), code=303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


def _end_current_session() -> None:
    token = session.get(SESSION_KEY)
    if isinstance(token, str):
        accounts.close_session(token)
    g.pop("staff", None)


__all__ = ["auth", "login", "logout"]
