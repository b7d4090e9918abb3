"""The staff area (/staff): sign-in, the consult inbox, export and the dashboard."""
from flask import Blueprint

from . import auth, roles, throttle

# Every view of this blueprint is for reception (and admin) unless it says otherwise with roles.allow(...).
bp = auth.protect(Blueprint("staff", __name__, url_prefix="/staff"), allow=(roles.RECEPTION,))
# Each app that registers the staff area gets its own sign-in limiter.
bp.record_once(lambda state: throttle.init_app(state.app))

from . import attempts, audit_page, dashboard, inbox, live, screens, views  # noqa: E402,F401  (they add their routes to bp)
