"""Per-client throttling of staff sign-in (Flask-Limiter), beside the per-name-and-client lockout in accounts.

The rule (docs/deployment.md, "Sign-in throttling"; OWASP ASVS 5.0 §6.3):
- a client address with CLIENT_LIMIT failed sign-ins (any names) is refused every sign-in — 429 with
  Retry-After — until the oldest failure leaves the moving window: spraying names gets nowhere;
- five failures for one name from one client refuse that client for that name for 15 minutes
  (kiosk.staff.accounts, in the database);
- nothing a client does refuses any *other* client: the staff member at their own desk always gets in.

Storage is in memory, per process. `kiosk serve` is one process (waitress threads), so one client meets one
counter. With several servers on one PostgreSQL each server counts on its own: an attacker gets at most
CLIENT_LIMIT per server per window, a bound that stays small, while the name lockout (which must hold
everywhere) lives in the database. Sharing this counter as well would put a write on every failed sign-in
into the central database for little gain.
"""
from __future__ import annotations

import math
import time

from flask import Blueprint, Flask, current_app, request
from flask_limiter import Limiter, RateLimitExceeded

CLIENT_LIMIT = "10 per 15 minutes"
SIGN_IN_ENDPOINT = "staff.login"


def client_address() -> str:
    """The client's address (behind the documented proxy, ProxyFix makes this the browser's)."""
    return request.remote_addr or "unknown"


def _not_a_sign_in() -> bool:
    return request.endpoint != SIGN_IN_ENDPOINT


def _failed(response) -> bool:
    return response.status_code == 401  # only wrong names or passwords count; refusals (429) do not


def init_app(app: Flask, blueprint: Blueprint) -> None:
    """One limiter per app (Flask-Limiter keeps its storage on the Limiter object, so a shared module-level
    one would mix every app's counts in the tests)."""
    limiter = Limiter(client_address, app=app, storage_uri="memory://", strategy="moving-window",
                      headers_enabled=False, key_prefix="kiosk-sign-in")
    limiter.limit(CLIENT_LIMIT, methods=["POST"], exempt_when=_not_a_sign_in, deduct_when=_failed)(blueprint)
    app.extensions["kiosk_sign_in_limiter"] = limiter


def seconds_until_retry(error: RateLimitExceeded) -> int:
    """How long the throttled client waits: until the oldest failure leaves the window."""
    window = error.limit.limit.get_expiry()
    current = current_app.extensions["kiosk_sign_in_limiter"].current_limit
    if current is None:
        return window
    # reset_at is a whole second rounded up: never say more than the window itself.
    return min(window, max(1, math.ceil(current.reset_at - time.time())))
