"""/staff/account: the signed-in staff member's own second factors."""
from __future__ import annotations

from flask import abort, redirect, request, session, url_for
from flask_babel import gettext

from ..consults.cleaning import clean_text
from . import bp, factors, roles, sessions
from .auth import SESSION_KEY, current_staff, staff_page


@bp.get("/account")
@roles.allow(*roles.ROLES)
def account():
    """The authenticator app, the passkeys and the recovery codes of the signed-in staff member."""
    staff = current_staff()
    return staff_page("staff/account.html", factors=factors.of(staff.id), saved=request.args.get("saved"))


def _back(saved: str):
    return redirect(url_for("staff.account", saved=saved), code=303)


@bp.post("/account/app/remove")
@roles.allow(*roles.ROLES)
def remove_app():
    """Remove the authenticator app (without a factor left, KIOSK_MFA=required leads to set-up)."""
    staff = current_staff()
    factors.remove_app(staff.id, staff.username)
    return _back("removed")


@bp.post("/account/passkeys/<int:passkey_id>/remove")
@roles.allow(*roles.ROLES)
def remove_passkey(passkey_id: int):
    """Remove one of one's own passkeys."""
    staff = current_staff()
    if not factors.remove_passkey(staff.id, staff.username, passkey_id):
        abort(404)
    return _back("removed")


@bp.post("/account/passkeys/<int:passkey_id>/rename")
@roles.allow(*roles.ROLES)
def rename_passkey(passkey_id: int):
    """Give one of one's own passkeys a name one recognises (“office laptop”)."""
    name = clean_text(request.form.get("name", ""))[:factors.NAME_MAX].strip()
    if not name:
        return staff_page("staff/account.html", factors=factors.of(current_staff().id), saved=None,
                          rename_error=gettext("Please give the passkey a name."), rename_id=passkey_id), 400
    if not factors.rename_passkey(current_staff().id, passkey_id, name):
        abort(404)
    return _back("renamed")


@bp.post("/account/recovery-codes/new")
@roles.allow(*roles.ROLES)
def new_recovery_codes():
    """Ten new recovery codes in place of the old ones, shown once."""
    staff = current_staff()
    codes = factors.new_recovery_codes(staff.id, staff.username)
    if not codes:
        return _back("")
    sessions.update_session(session[SESSION_KEY], new_codes="\n".join(codes))
    return redirect(url_for("staff.recovery_codes"), code=303)
