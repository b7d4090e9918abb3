"""Per-client throttling of staff sign-in, beside the per-name-and-client lockout in kiosk.staff.accounts.

The rule (docs/deployment.md, "Sign-in throttling"; OWASP ASVS 5.0 §6.3):
- a client address with ten failed sign-ins (any names) in a moving 15-minute window is refused every
  sign-in — 429 with Retry-After — until the oldest failure is 15 minutes old: spraying names gets nowhere;
- five failures for one name from one client refuse that client for that name for 15 minutes
  (kiosk.staff.accounts, in the database);
- nothing a client does refuses any *other* client: the staff member at their own desk always gets in.

Counted with `limits`, the rate-limit library Flask-Limiter is built on, called from the sign-in view only.
Flask-Limiter itself checks every request of the app in a before_request hook: measured here at 40-70 µs a
request even with a request filter that exempts all but the sign-in, on kiosk pages that are served from
memory in about 300 µs and must stay within 0.8 of a bare Flask app (bench/README.md).

Storage is in memory, per process. `kiosk serve` is one process (waitress threads), so one client meets one
counter. With several servers on one PostgreSQL each server counts on its own: an attacker gets at most ten
per server per window, a bound that stays small, while the name lockout (which must hold everywhere) lives in
the database. Sharing this counter too would put a write into the central database on every failed sign-in
for little gain.
"""
from __future__ import annotations

import math
import time

from flask import Flask, request
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from .. import extensions

CLIENT_LIMIT: RateLimitItem = parse("10 per 15 minutes")


def client_address() -> str:
    """The client's address (behind the documented proxy, waitress makes this the browser's)."""
    return request.remote_addr or "unknown"


def init_app(app: Flask) -> None:
    """Each app its own counters (the tests run many apps in one process)."""
    extensions.register(app, sign_in_limiter=MovingWindowRateLimiter(MemoryStorage()))


def _limiter() -> MovingWindowRateLimiter:
    return extensions.sign_in_limiter()


def seconds_throttled() -> int:
    """0 when this client may try to sign in; else the seconds until its oldest failure leaves the window."""
    if _limiter().test(CLIENT_LIMIT, client_address()):
        return 0
    reset = _limiter().get_window_stats(CLIENT_LIMIT, client_address()).reset_time
    return min(CLIENT_LIMIT.get_expiry(), max(1, math.ceil(reset - time.time())))


def count_failure() -> None:
    """One more failed sign-in (a wrong name or password) for this client; refusals are not counted."""
    _limiter().hit(CLIENT_LIMIT, client_address())
