"""Screens and their heartbeats (SPEC §3 Heartbeat, §5 Screens): what every kiosk page reports, kept in
memory and written in batches; the staff overview reads the tables (kiosk/staff/screens.py)."""
from __future__ import annotations

import functools
import hashlib
from importlib import metadata

from flask import Flask, current_app

from .. import extensions
from ..workers import Worker
from .beats import BeatBuffer, flush

FLUSH_SECONDS = 10.0


@functools.cache
def _package_version() -> str:
    # Read once: importlib.metadata searches the installed distributions (about 1 ms), and every rendered
    # page (the confirmation on every submit) shows the version.
    try:
        return metadata.version("clinic-kiosk")
    except metadata.PackageNotFoundError:
        return "0"


def software_version(app: Flask) -> str:
    """The package version and a digest of the kiosk's script and style: a page loaded before an update
    reports the old one, so the overview can flag a screen that was not reloaded."""
    package = _package_version()
    assets = extensions.assets(app)
    digest = hashlib.sha256("".join(assets.version(name) or "" for name in ("js/kiosk.js", "css/kiosk.css"))
                            .encode()).hexdigest()[:8]
    return f"{package}+{digest}"


def server_versions(app: Flask) -> tuple[str, int]:
    """The software and catalog versions a page of this server is rendered with now."""
    return software_version(app), extensions.catalogs(app).version


def buffer() -> BeatBuffer:
    return extensions.beats()


def server_status(app: Flask) -> dict:
    """This server's row of the overview: versions, beat interval and spool depth."""
    spool = extensions.outbox(app)
    status = spool.status() if spool is not None else None
    return {"version": software_version(app), "catalog": extensions.catalogs(app).version,
            "heartbeat_seconds": app.config["HEARTBEAT_SECONDS"], "outbox": status.depth if status else 0,
            "outbox_oldest": status.oldest if status else None}


def flush_now(app: Flask | None = None) -> None:
    """Write the pending beats (the flush worker's job; tests call it directly)."""
    app = app or current_app._get_current_object()
    flush(extensions.beats(app), server_status(app))


def start_flush(app: Flask) -> Worker:
    # At most half a beat interval: a beat then reaches the table within 1.5 intervals, and "online" (a beat
    # within two intervals) holds at the desk for a screen that is beating.
    interval = min(FLUSH_SECONDS, app.config["HEARTBEAT_SECONDS"] / 2)
    return Worker(app, "beats", lambda: flush_now(app), interval).start()


def init_app(app: Flask) -> None:
    from . import views

    extensions.register(app, beats=BeatBuffer(app.config["BRANCH"], app.config["KIOSK_ID"]))
    app.register_blueprint(views.bp)

    @app.context_processor
    def beat_settings() -> dict:
        return {"software_version": lambda: software_version(app),
                "catalog_version": lambda: extensions.catalogs(app).version}
