"""The staff area (/staff): sign-in, the consult inbox, export and the dashboard."""
from flask import Blueprint

from . import auth

bp = auth.protect(Blueprint("staff", __name__, url_prefix="/staff"))

from . import dashboard, inbox, screens, views  # noqa: E402,F401  (they add their routes to bp)
