"""The public endpoints screens post to: /heartbeat (beats and script errors) and /csp-report.

No cookie, no CSRF token (a page posts from the kiosk's own origin; Sec-Fetch-Site is same-origin). Each body
is small and checked as hostile: too large 413, wrong type 415, malformed 400, never a 5xx.
"""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, jsonify, request
from sqlalchemy.exc import SQLAlchemyError

from .. import db
from . import buffer, commands, enrolment, server_versions
from .models import Enrolment
from .reports import Beat, parse_beat, parse_csp

BEAT_BYTES = 8 * 1024
REPORT_BYTES = 32 * 1024
REPORT_TYPES = ("application/csp-report", "application/reports+json", "application/json")

bp = Blueprint("screens", __name__)
log = logging.getLogger(__name__)


def _body(limit: int) -> bytes | None:
    if request.content_length is not None and request.content_length > limit:
        return None
    body = request.stream.read(limit + 1)
    return None if len(body) > limit else body


def _answer(status: int, text: str = "") -> Response:
    response = Response(text, status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


def _reply(beat: Beat, command: str | None) -> Response:
    """204 when the page is on the server's versions and nothing waits for it; else 200 with the server's
    version and catalog (the page reloads itself when they differ) and the command, if any."""
    version, catalog = server_versions(current_app)
    if command is None and beat.version == version and beat.catalog == catalog:
        return _answer(204)
    response = jsonify(version=version, catalog=catalog, command=command)
    response.headers["Cache-Control"] = "no-store"
    return response


def _enrolled(branch: str, beat: Beat) -> tuple[bool, str | None] | None:
    """(whether the beat's name is enrolled, the command it takes); None when it names an enrolled screen
    without that screen's key."""
    with db.reading() as session:  # a read per beat; the write lock only when a command waits
        row = session.get(Enrolment, (branch, beat.screen))
    if row is None:
        return False, None
    if not enrolment.matches(row, beat.key):
        return None
    if row.command is None:
        return True, None
    with db.transaction() as session:
        return True, commands.taken(session, row)


@bp.post("/heartbeat")
def heartbeat() -> Response:
    """A beat: {screen?, key?, path, version, catalog, errors?, taps?}; the screen defaults to the server's
    KIOSK_ID. An enrolled screen's beat needs its key (else 403, nothing changes); other names are listed
    apart as not enrolled."""
    if request.mimetype != "application/json":
        return _answer(415, "application/json only\n")
    body = _body(BEAT_BYTES)
    if body is None:
        return _answer(413, "too large\n")
    try:
        beat = parse_beat(body, current_app.config["KIOSK_ID"])
    except (ValueError, RecursionError):
        return _answer(400, "bad beat\n")
    try:
        known = _enrolled(buffer().branch, beat)
    except SQLAlchemyError as error:  # the database is away: the beat could not be checked, nor stored
        log.warning("beat not checked (%s)", type(error).__name__)
        return _answer(204)
    if known is None:
        return _answer(403, "wrong or missing screen key\n")
    enrolled, command = known
    if enrolled:
        buffer().beat(beat, request.remote_addr or "")
    else:
        buffer().stranger(beat)
    return _reply(beat, command)


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
        buffer().report(problems, request.remote_addr or "")
    return _answer(204)
