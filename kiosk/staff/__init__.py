"""The staff area (/staff): sign-in, the consult inbox, export and the dashboard."""
from flask import Blueprint

from . import auth, roles, throttle

# Every view of this blueprint is for reception (and admin) unless it says otherwise with roles.allow(...).
bp = auth.protect(Blueprint("staff", __name__, url_prefix="/staff"), allow=(roles.RECEPTION,))
# Each app that registers the staff area gets its own sign-in limiter.
bp.record_once(lambda state: throttle.init_app(state.app))

# They add their routes to bp.
from . import (  # noqa: E402
    account,  # noqa: F401
    attempts,  # noqa: F401
    audit_page,  # noqa: F401
    dashboard,  # noqa: F401
    inbox,  # noqa: F401
    live,  # noqa: F401
    mfa_views,  # noqa: F401
    passkey_views,  # noqa: F401
    screens,  # noqa: F401
    views,  # noqa: F401
)
