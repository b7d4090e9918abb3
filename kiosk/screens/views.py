"""The public endpoints screens post to: /heartbeat (beats and script errors) and /csp-report.

No cookie, no CSRF token (a page posts from the kiosk's own origin; Sec-Fetch-Site is same-origin). Each body
is small and checked as hostile: too large 413, wrong type 415, malformed 400, never a 5xx.
"""
from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from . import buffer
from .reports import parse_beat, parse_csp

BEAT_BYTES = 8 * 1024
REPORT_BYTES = 32 * 1024
REPORT_TYPES = ("application/csp-report", "application/reports+json", "application/json")

bp = Blueprint("screens", __name__)


def _body(limit: int) -> bytes | None:
    if request.content_length is not None and request.content_length > limit:
        return None
    body = request.stream.read(limit + 1)
    return None if len(body) > limit else body


def _answer(status: int, text: str = "") -> Response:
    response = Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/heartbeat")
def heartbeat() -> Response:
    """A beat: {screen?, path, version, catalog, errors?}; the screen defaults to the server's KIOSK_ID."""
    if request.mimetype != "application/json":
        return _answer(415, "application/json only\n")
    body = _body(BEAT_BYTES)
    if body is None:
        return _answer(413, "too large\n")
    try:
        beat = parse_beat(body, current_app.config["KIOSK_ID"])
    except (ValueError, RecursionError):
        return _answer(400, "bad beat\n")
    buffer().beat(beat, request.remote_addr or "")
    return _answer(204)


@bp.post("/csp-report")
def csp_report() -> Response:
    """CSP violation reports: `report-uri` bodies and Reporting API batches."""
    if request.mimetype not in REPORT_TYPES:
        return _answer(415, "csp-report or reports+json only\n")
    body = _body(REPORT_BYTES)
    if body is None:
        return _answer(413, "too large\n")
    kind = "application/csp-report" if request.mimetype != "application/reports+json" else request.mimetype
    try:
        problems = parse_csp(body, kind)
    except (ValueError, RecursionError, AttributeError):
        return _answer(400, "bad report\n")
    if problems:
        buffer().report(problems, request.remote_addr or "", current_app.config["KIOSK_ID"][:40])
    return _answer(204)
