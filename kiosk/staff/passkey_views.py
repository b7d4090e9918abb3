"""The passkey ceremonies: base64url JSON endpoints under /staff/passkeys/ for the page's script
(static/js/passkeys.js), posted with the CSRF token and Fetch Metadata like every staff POST."""
from __future__ import annotations

from flask import jsonify, request, session
from flask_babel import gettext
from sqlalchemy import select

from .. import db
from ..records.staff import Passkey, StaffUser, utcnow
from . import accounts, bp, factors, passkeys, roles, throttle
from .auth import signed_in
from .mfa_views import after_new_factor
from .views import finish_sign_in


def _json_error(message: str, status: int = 400):
    return jsonify(error=message), status


@bp.post("/passkeys/register/options")
@roles.allow(*roles.ROLES)
def passkey_register_options():
    """Options for navigator.credentials.create() (base64url JSON)."""
    staff = signed_in()
    with db.transaction() as session_:
        user = session_.get(StaffUser, staff.id)
        if not user.webauthn_handle:
            user.webauthn_handle = passkeys.new_handle()
        handle = user.webauthn_handle
        existing = list(session_.scalars(select(Passkey.credential_id).where(Passkey.user_id == staff.id)))
    body = passkeys.registration_options(staff.username, handle, existing)
    return _json(body)


def _json(body: str):
    """py_webauthn's own JSON (bytes as base64url), as it is."""
    return body, 200, {"Content-Type": "application/json"}


@bp.post("/passkeys/register")
@roles.allow(*roles.ROLES)
def passkey_register():
    """Keep a new passkey after checking the browser's answer; says where to go next."""
    staff = signed_in()
    sent = request.get_json(silent=True)
    try:
        credential_id, public_key, sign_count = passkeys.verify_registration(
            sent.get("credential") if isinstance(sent, dict) else None)
    except passkeys.PasskeyError:
        return _json_error(gettext("The passkey could not be saved. Please try again."))
    number = len(factors.of(staff.id).passkeys) + 1
    codes = factors.add_passkey(staff.id, staff.username, credential_id, public_key, sign_count,
                                gettext("Passkey %(number)d", number=number))
    return jsonify(next=after_new_factor(staff, codes, "passkey"))


@bp.post("/passkeys/login/options")
def passkey_login_options():
    """Options for navigator.credentials.get(): any passkey of this site (no name asked)."""
    return _json(passkeys.authentication_options())


@bp.post("/passkeys/login")
def passkey_login():
    """Sign in with a passkey alone (it holds the user and verifies them): a full session at once."""
    wait = throttle.seconds_throttled()
    if wait:
        message = gettext("Too many failed sign-ins from this computer. Please try again later.")
        return _json_error(message, 429)
    sent = request.get_json(silent=True)
    credential = sent.get("credential") if isinstance(sent, dict) else None
    credential_id = passkeys.credential_id_of(credential)
    row = None
    if credential_id:
        with db.reading() as session_:
            row = session_.execute(select(Passkey, StaffUser).join(StaffUser)
                                   .where(Passkey.credential_id == credential_id)).first()
    try:
        if row is None:
            raise passkeys.PasskeyError("unknown passkey")
        key, user = row
        handle = (credential.get("response") or {}).get("userHandle")
        if handle and handle != user.webauthn_handle:
            raise passkeys.PasskeyError("another user's handle")
        count = passkeys.verify_authentication(credential, key.public_key, key.sign_count)
    except (passkeys.PasskeyError, AttributeError):
        session.pop(passkeys.CHALLENGE_KEY, None)
        throttle.count_failure()
        return _json_error(gettext("That passkey did not sign you in. Please try again."))
    with db.transaction() as session_:
        stored = session_.get(Passkey, key.id)
        stored.sign_count, stored.last_used_at = count, utcnow()
    staff = accounts.Staff(user.id, user.username, user.role)
    return jsonify(next=finish_sign_in(staff, "/staff/", "passkey"))
