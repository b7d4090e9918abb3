"""The kiosk's service worker (`/sw.js`, SPEC §3 Offline) and the bilingual offline page it falls back to.

The worker is rendered from templates/offline/sw.js with what it keeps: the public pages of both languages,
the offline page and the static files those pages load (their versioned URLs). Its cache name carries the
software and catalog versions, so an update or a saved translation changes the worker's bytes: the browser
installs the new one, which fills a new cache, and drops the old caches when it takes over.
"""
from __future__ import annotations

import gzip

from flask import Blueprint, Response, current_app, render_template, url_for

from . import extensions
from .assets import accepts_gzip
from .i18n import in_each_language
from .i18n.text import lazy_gettext as _l
from .screens import software_version

bp = Blueprint("offline", __name__)

# Kept pages: what a tap may show from the cache while the server is away. Never the consult form or the
# confirmation (what a patient typed, or their reference code), never /staff.
KEPT_PAGES = ("/", *(f"/{lang}{page}" for lang in ("en", "ar")
                     for page in ("/", "/article", "/how-it-works", "/faq")))
# The static files the kept pages and the offline page load (tests/test_offline.py checks the list against
# what Chromium fetches for each of them). Consult-only and staff files are left to the network.
KEPT_FILES = (
    "css/kiosk.css", "favicon.svg",
    "fonts/plex-arabic-400.woff2", "fonts/plex-arabic-700.woff2",
    "fonts/plex-latin-400.woff2", "fonts/plex-latin-700.woff2",
    "js/early.js", "js/kiosk.js", "js/heartbeat.js", "js/text-size.js", "js/idle.js", "js/plural.js",
    "js/usage.js", "js/taps.js", "js/screen-commands.js", "js/attract.js",
    "js/explainer.js", "js/faq-filter.js", "js/normalize.js", "js/offline.js",
)
RETRY_SECONDS = 15  # SPEC §3: the offline page asks the server at most this often

OFFLINE = {
    "title": _l("Back shortly"),
    "lead": _l("This screen cannot reach the clinic's system just now. It will come back by itself."),
    "ask": _l("Please ask at reception."),
}


def cache_name() -> str:
    """The worker's cache for this software and catalog version (an update or a saved text renews it)."""
    return f"kiosk-{software_version(current_app)}-{extensions.catalogs().version}"


@bp.get("/sw.js")
def worker() -> Response:
    """The service worker, scope `/`; asked for again on every check (no-cache), so updates arrive."""
    files = [url_for("static", filename=name) for name in KEPT_FILES]
    body = render_template("offline/sw.js", cache=cache_name(), pages=list(KEPT_PAGES), files=files,
                           offline=url_for("offline.page"))
    response = Response(body, mimetype="text/javascript")
    if accepts_gzip():  # 5.6 KB of mostly comments: 2.4 KB on the wire
        response.set_data(gzip.compress(response.get_data(), compresslevel=9, mtime=0))
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/offline")
def page() -> Response:
    """The page the worker shows when the server cannot be reached: both languages, no buttons to nowhere."""
    seconds = current_app.config.get("OFFLINE_RETRY_SECONDS", RETRY_SECONDS)
    response = current_app.make_response(render_template(
        "offline/page.html", versions=in_each_language(OFFLINE), retry_seconds=seconds))
    response.headers["Cache-Control"] = "no-cache"
    return response
