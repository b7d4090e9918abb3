"""Sign in and sign out."""
from __future__ import annotations

from flask import g, redirect, request, session, url_for
from flask_babel import gettext

from . import accounts, audit, auth, bp, roles
from .auth import SESSION_KEY, current_staff, home_for, safe_next, staff_page


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Username and password; five failures for a name lock it for fifteen minutes."""
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(home_for(current_staff()) if target == "/staff/" else target)
        signed_out = request.args.get("out") == "1"
        return staff_page("staff/login.html", next=target, error="", signed_out=signed_out)
    username = request.form.get("username", "")[:200]
    password = request.form.get("password", "")[:1000]
    staff, locked = accounts.authenticate(username, password) if username and password else (None, False)
    if staff is None:
        error = (gettext("Too many failed attempts for this name. Please try again in 15 minutes.")
                 if locked else gettext("The name or password is not right. Please try again."))
        return staff_page("staff/login.html", next=target, error=error, username=username), 401
    _end_current_session()
    session.clear()  # a new session (and CSRF secret) for the signed-in browser: no fixation
    session[SESSION_KEY] = accounts.open_session(staff)
    g.staff = staff
    audit.record("sign_in")
    return redirect(home_for(staff) if target == "/staff/" else target, code=303)


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
