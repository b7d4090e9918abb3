"""Sign in (the password step) and sign out; the second factor's steps are in kiosk.staff.mfa_views."""
from __future__ import annotations

import math

from flask import g, redirect, request, session, url_for
from flask_babel import gettext, ngettext

from . import accounts, audit, auth, bp, factors, roles, throttle
from .auth import SESSION_KEY, current_staff, home_for, mfa_required, safe_next, staff_page

NEXT_KEY = "staff_next"


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Username and password; five failures for a name from one client refuse that client for fifteen
    minutes, and a client failing too often for any names is throttled (kiosk.staff.throttle). A staff
    member with a second factor (or who must set one up) goes on to it, in a session that opens no more."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(home_for(current_staff()) if target == "/staff/" else target)
        signed_out = request.args.get("out") == "1"
        return staff_page("staff/login.html", next=target, error="", signed_out=signed_out)
    if "code" in request.form and "username" not in request.form and auth.signed_in() is not None:
        from .mfa_views import login_code  # a code posted to the sign-in itself: the code step's work

        return login_code()
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    wait = throttle.seconds_throttled()
    if wait:  # this client failed too often, whatever the names
        return too_many_from_here(wait, target, username)
    staff, wait = (accounts.authenticate(username, password, throttle.client_address(), forgive=False)
                   if username and password else (None, 0))
    if staff is None and wait:
        return refused_for_name(wait, target, username)
    if staff is None:
        throttle.count_failure()
        error = gettext("The name or password is not right. Please try again.")
        return staff_page("staff/login.html", next=target, error=error, username=username), 401
    if factors.has_any(staff.id) or mfa_required():
        # Half signed in: a new session id now, and another once the second factor is done.
        _end_current_session()
        session.clear()
        session[SESSION_KEY] = accounts.open_session(staff, second_factor=False)
        session[NEXT_KEY] = target
        step = "staff.login_code" if factors.has_any(staff.id) else "staff.mfa_setup"
        return redirect(url_for(step), code=303)
    return redirect(finish_sign_in(staff, target), code=303)


def finish_sign_in(staff: accounts.Staff, target: str | None = None, method: str = "password") -> str:
    """Open a full session (a new id: no fixation, and not the half session's) and say where to go; the
    audit entry names how (`password` alone under KIOSK_MFA=optional, `app`, `recovery_code`, `passkey`)."""
    target = target or safe_next(session.get(NEXT_KEY))
    _end_current_session()
    session.clear()  # a new session (and CSRF secret) for the signed-in browser
    full = accounts.Staff(staff.id, staff.username, staff.role, second_factor=True)
    session[SESSION_KEY] = accounts.open_session(full)
    g.staff = full
    accounts.forgive(staff.username, throttle.client_address())
    audit.record("sign_in", None, method)
    return home_for(staff) if target == "/staff/" else target


def too_many_from_here(wait: int, target: str, username: str = ""):
    """429: this client failed too often, whatever the names."""
    message = ngettext(
        "Too many failed sign-ins from this computer. Please try again in %(num)d minute.",
        "Too many failed sign-ins from this computer. Please try again in %(num)d minutes.",
        math.ceil(wait / 60))
    return _refused(message, wait, target, username)


def refused_for_name(wait: int, target: str, username: str = "", template: str = "staff/login.html",
                     **context):
    """429: too many failures for this name from this client."""
    error = ngettext("Too many failed attempts for this name. Please try again in %(num)d minute.",
                     "Too many failed attempts for this name. Please try again in %(num)d minutes.",
                     math.ceil(wait / 60))
    return _refused(error, wait, target, username, template, **context)


def _refused(message: str, wait: int, target: str, username: str, template: str = "staff/login.html",
             **context):
    """429 on the sign-in page, in the staff member's language, saying how long to wait."""
    body = staff_page(template, next=target, error=message, username=username[:200], **context)
    return body, 429, {"Retry-After": str(wait)}


@bp.post("/logout")
@roles.allow(*roles.ROLES)
def logout():
    """End the session on the server too, and ask the browser to forget everything of this site."""
    if current_staff() is not None:
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


__all__ = ["auth", "finish_sign_in", "login", "logout"]
