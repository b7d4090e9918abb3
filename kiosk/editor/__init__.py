"""The staff translation editor (/staff/translations): a staff feature over the i18n runtime's overlay.

`kiosk/i18n` keeps the catalogs, the overlay, the checks and the tooling; this package holds the editor's
views, its save policy, its review messages and the names of the places a text appears."""
from . import approval, batch, views  # noqa: F401  (they add their routes to bp)
from .views import bp

__all__ = ["bp"]
