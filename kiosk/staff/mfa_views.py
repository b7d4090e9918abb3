"""The second factor's pages: the code after the password, the app's set-up, new recovery codes (once)."""
from __future__ import annotations

from flask import current_app, redirect, request, session, url_for
from flask_babel import gettext

from .. import qrsvg
from . import accounts, auth, bp, factors, recovery, roles, sessions, throttle, totp
from .auth import SESSION_KEY, safe_next, signed_in, staff_page
from .views import finish_sign_in, refused_for_name, too_many_from_here

CODE_PAGE = "staff/login_code.html"


@bp.route("/login/code", methods=["GET", "POST"])
@roles.allow(*roles.ROLES)
def login_code():
    """After the password: a code from the authenticator app, or a recovery code. Wrong codes count like
    wrong passwords (the name's lockout and this client's throttle)."""
    staff = signed_in()
    if staff is None or staff.second_factor or not staff.has_factor:
        return redirect(url_for("staff.login"), code=303 if request.method == "POST" else 302)
    if request.method == "GET":
        return staff_page(CODE_PAGE, staff=staff, error="")
    client = throttle.client_address()
    wait = throttle.seconds_throttled()
    if wait:
        return too_many_from_here(wait, "", "")
    wait = accounts.seconds_refused(staff.username, client)
    if wait:
        return refused_for_name(wait, "", "", CODE_PAGE, staff=staff)
    typed = request.form.get("code", "")[:64]
    method = "recovery_code" if recovery.looks_like(typed) else "app"
    accepted = recovery.use(staff.id, typed) if method == "recovery_code" else totp.check(staff.id, typed)
    if accepted:
        return redirect(finish_sign_in(staff, method=method), code=303)
    throttle.count_failure()
    wait = accounts.count_failure(staff.username, client)
    if wait:
        return refused_for_name(wait, "", "", CODE_PAGE, staff=staff)
    error = gettext("That code is not right. Please try again.")
    return staff_page(CODE_PAGE, staff=staff, error=error), 401


def _issuer() -> str:
    return current_app.config.get("CLINIC_NAME") or "Clinic kiosk"


@bp.route("/account/setup", methods=["GET", "POST"])
@roles.allow(*roles.ROLES)
def mfa_setup():
    """Set up the authenticator app (QR code and otpauth URI, then a first code) or a passkey."""
    staff = signed_in()
    token = session[SESSION_KEY]
    if factors.of(staff.id).app:
        return redirect(url_for("staff.account"), code=303 if request.method == "POST" else 302)
    row = sessions.session_row(token)
    secret = row.setup_secret if row is not None and row.setup_secret else None
    if secret is None:
        secret = totp.new_secret()
        sessions.update_session(token, setup_secret=secret)
    error, status = "", 200
    if request.method == "POST":
        step = totp.matching_step(secret, request.form.get("code", ""))
        if step is not None:
            codes = factors.enrol_app(staff.id, staff.username, secret, step)
            sessions.update_session(token, setup_secret=None)
            return redirect(after_new_factor(staff, codes, "app"), code=303)
        error, status = gettext("That code is not right. Please type the six digits the app shows now."), 400
    link = totp.uri(secret, staff.username, _issuer())
    return staff_page("staff/setup.html", staff=staff, error=error, otpauth=link,
                      qr=qrsvg.svg(link),
                      secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4))), status


def after_new_factor(staff: accounts.Staff, codes: list[str], method: str) -> str:
    """Where to go once a factor is set up: a half session becomes a full one (a new id), and new
    recovery codes are shown first."""
    destination = url_for("staff.account") if staff.second_factor else finish_sign_in(staff, method=method)
    if codes:
        sessions.update_session(session[SESSION_KEY], new_codes="\n".join(codes))
        return url_for("staff.recovery_codes", next=destination)
    return destination


@bp.get("/account/recovery-codes")
@roles.allow(*roles.ROLES)
def recovery_codes():
    """The new recovery codes, shown once (they are then forgotten: only their hashes are kept)."""
    token = session[SESSION_KEY]
    row = sessions.session_row(token)
    if row is None or not row.new_codes:
        return redirect(url_for("staff.account"))
    sessions.update_session(token, new_codes=None)
    target = safe_next(request.args.get("next"), url_for("staff.account"))
    return staff_page("staff/recovery_codes.html", staff=signed_in(), codes=row.new_codes.split("\n"),
                      next_url=target)


__all__ = ["after_new_factor", "auth", "login_code", "mfa_setup", "recovery_codes"]
