"""What the app keeps in `app.extensions`, by name and type: the one place that knows the keys.

Low in the layers: it imports only Flask and Flask-WTF at run time; the types it returns are imported for
the type checker alone, so any layer may use it without an import loop."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, current_app
from flask_wtf import CSRFProtect

if TYPE_CHECKING:
    from limits.strategies import MovingWindowRateLimiter

    from .assets import Assets
    from .consults.spool import Spool
    from .db import Database
    from .i18n.catalogs import Catalogs
    from .pagecache import PageCache
    from .screens.beats import BeatBuffer
    from .usage import UsageCounter
    from .workers import Worker

csrf = CSRFProtect()  # staff forms only: kiosk.staff.auth checks their tokens

# name -> key in app.extensions (the keys are kept as they were: tests and tools read them)
_KEYS = {
    "database": "kiosk_db",
    "catalogs": "kiosk_catalogs",
    "pagecache": "kiosk_pagecache",
    "assets": "kiosk_assets",
    "usage": "kiosk_usage",
    "beats": "kiosk_beats",
    "outbox": "kiosk_outbox",
    "sign_in_limiter": "kiosk_sign_in_limiter",
    "mail_worker": "kiosk_mail_worker",
    "consult_group_commit": "kiosk_consult_group_commit",
}


def register(app: Flask, **objects: Any) -> None:
    """Keep each object on `app` under its name (a name not in the table above is a mistake: KeyError)."""
    for name, value in objects.items():
        app.extensions[_KEYS[name]] = value


def _get(name: str, app: Flask | None) -> Any:
    return (app or current_app).extensions[_KEYS[name]]


def database(app: Flask | None = None) -> Database:
    """The app's engine and sessions (kiosk.db)."""
    return _get("database", app)


def catalogs(app: Flask | None = None) -> Catalogs:
    """The merged translation catalogs with the staff overlay (kiosk.i18n)."""
    return _get("catalogs", app)


def pagecache(app: Flask | None = None) -> PageCache:
    """The rendered content pages, per catalog version (kiosk.pagecache)."""
    return _get("pagecache", app)


def assets(app: Flask | None = None) -> Assets:
    """The static files with their versions (kiosk.assets)."""
    return _get("assets", app)


def usage(app: Flask | None = None) -> UsageCounter:
    """This process's usage counts, flushed to the database (kiosk.usage)."""
    return _get("usage", app)


def beats(app: Flask | None = None) -> BeatBuffer:
    """The screens' heartbeats waiting to be written (kiosk.screens)."""
    return _get("beats", app)


def outbox(app: Flask | None = None) -> Spool | None:
    """This server's spool of unsaved requests, or None where the outbox is off (SQLite)."""
    return (app or current_app).extensions.get(_KEYS["outbox"])


def sign_in_limiter(app: Flask | None = None) -> MovingWindowRateLimiter:
    """The sign-in attempt counters of this app (kiosk.staff.throttle)."""
    return _get("sign_in_limiter", app)


def mail_worker(app: Flask | None = None) -> Worker | None:
    """The background mail sender, once `kiosk serve` started it."""
    return (app or current_app).extensions.get(_KEYS["mail_worker"])


def consult_group_commit(app: Flask, make: Any) -> Any:
    """The app's group committer of consult saves, made by `make()` on first use (kiosk.consults.store)."""
    key = _KEYS["consult_group_commit"]
    if key not in app.extensions:
        app.extensions[key] = make()
    return app.extensions[key]
