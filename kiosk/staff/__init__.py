"""The staff area (/staff): sign-in, the consult inbox, export and the dashboard."""
from flask import Blueprint

from . import auth, throttle

bp = auth.protect(Blueprint("staff", __name__, url_prefix="/staff"))
# Each app that registers the staff area gets its own sign-in limiter.
bp.record_once(lambda state: throttle.init_app(state.app))

from . import dashboard, inbox, views  # noqa: E402,F401  (they add their routes to bp)
