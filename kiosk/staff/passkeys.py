"""Passkeys (WebAuthn, py_webauthn): the ceremonies' options and checks, user verification required.

The relying party id is the host name staff use (after the trusted proxies, the forwarded one) and the
origin must be the one the request came by (kiosk.crossorigin.own_origins)."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import time
from typing import Any

from flask import current_app, request, session
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from .. import db
from ..crossorigin import own_origins
from ..records.staff import SpentChallenge, utcnow

CHALLENGE_KEY = "webauthn_challenge"
CHALLENGE_SECONDS = 300
TIMEOUT_MS = 120_000


class PasskeyError(Exception):
    """A passkey answer that does not verify (or no ceremony was under way)."""


def rp_id() -> str:
    """The host name the staff member's browser uses (no port)."""
    return request.host.rsplit(":", 1)[0].strip("[]").lower()


def _remember(kind: str, challenge: bytes) -> None:
    # In the signed session cookie, for one ceremony of this browser; taken out when answered.
    session[CHALLENGE_KEY] = {"kind": kind, "value": bytes_to_base64url(challenge), "at": int(time.time())}


def _take(kind: str) -> bytes:
    held = session.pop(CHALLENGE_KEY, None)
    if (not isinstance(held, dict) or held.get("kind") != kind or not isinstance(held.get("value"), str)
            or not isinstance(held.get("at"), int) or time.time() - held["at"] > CHALLENGE_SECONDS):
        raise PasskeyError("no ceremony under way")
    _spend(held["value"])
    return base64url_to_bytes(held["value"])


def _spend(challenge: str) -> None:
    """Each challenge is answered once, in every process: an old cookie sent again with an answer that was
    seen (a replay) is refused. Kept only as long as a challenge lives."""
    now = utcnow()
    try:
        with db.transaction() as writing:
            writing.execute(delete(SpentChallenge).where(
                SpentChallenge.spent_at < now - dt.timedelta(seconds=CHALLENGE_SECONDS)))
            writing.add(SpentChallenge(challenge_hash=hashlib.sha256(challenge.encode()).hexdigest(),
                                       spent_at=now))
    except IntegrityError:
        raise PasskeyError("challenge answered before") from None


def registration_options(username: str, handle: str, existing: list[str]) -> str:
    """JSON options for navigator.credentials.create(): a discoverable credential, user verification."""
    options = generate_registration_options(
        rp_id=rp_id(), rp_name=current_app.config.get("CLINIC_NAME") or "Clinic kiosk staff",
        user_name=username, user_id=base64url_to_bytes(handle), user_display_name=username,
        challenge=secrets.token_bytes(32), timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=base64url_to_bytes(one)) for one in existing])
    _remember("register", options.challenge)
    return options_to_json(options)


def verify_registration(credential: Any) -> tuple[str, bytes, int]:
    """(credential id as base64url, public key, sign count) of a verified new passkey."""
    challenge = _take("register")
    try:
        verified = verify_registration_response(
            credential=_as_json(credential), expected_challenge=challenge, expected_rp_id=rp_id(),
            expected_origin=list(own_origins()), require_user_verification=True)
    except Exception as error:  # any malformed or false answer is a refusal, never a 500
        raise PasskeyError(type(error).__name__) from None
    return bytes_to_base64url(verified.credential_id), verified.credential_public_key, verified.sign_count


def authentication_options() -> str:
    """JSON options for navigator.credentials.get(): any of this site's discoverable passkeys."""
    options = generate_authentication_options(
        rp_id=rp_id(), challenge=secrets.token_bytes(32), timeout=TIMEOUT_MS,
        user_verification=UserVerificationRequirement.REQUIRED)
    _remember("login", options.challenge)
    return options_to_json(options)


def credential_id_of(credential: Any) -> str:
    """The credential id an assertion names (base64url), or '' when it names none."""
    raw = credential.get("id") if isinstance(credential, dict) else None
    return raw if isinstance(raw, str) and 0 < len(raw) <= 1400 else ""


def verify_authentication(credential: Any, public_key: bytes, sign_count: int) -> int:
    """The new sign count of a verified assertion."""
    challenge = _take("login")
    try:
        verified = verify_authentication_response(
            credential=_as_json(credential), expected_challenge=challenge, expected_rp_id=rp_id(),
            expected_origin=list(own_origins()), credential_public_key=public_key,
            credential_current_sign_count=sign_count, require_user_verification=True)
    except Exception as error:  # any malformed or false answer is a refusal, never a 500
        raise PasskeyError(type(error).__name__) from None
    return verified.new_sign_count


def _as_json(credential: Any) -> str:
    if not isinstance(credential, dict):
        raise PasskeyError("not a credential")
    return json.dumps(credential)


def new_handle() -> str:
    """A random WebAuthn user handle (never the name: the passkey keeps it)."""
    return bytes_to_base64url(secrets.token_bytes(32))
