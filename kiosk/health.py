"""`/healthz` for monitoring: the app and its database answer; the outbox's spool depth when it matters."""
from flask import Blueprint, jsonify

from . import db, dbguard, extensions

bp = Blueprint("health", __name__)

PING_SECONDS = 1.5  # a monitor gets its answer within 2 s whatever the database does (SPEC §9)


@bp.get("/healthz")
def healthz():
    """200 when the database answers with our schema; 503 with a short reason otherwise. `outbox` names
    the requests waiting in this server's spool: always on a 503, on a 200 when any wait. While the
    database's breaker is open the answer says so without trying the database."""
    spool = extensions.outbox()
    waiting = spool.depth() if spool is not None else 0
    breaker = db.breaker()
    if breaker is not None and breaker.open:
        since = breaker.since.isoformat(timespec="seconds")
        return jsonify(status="unavailable", reason=f"database: away since {since} ({breaker.reason})",
                       outbox=waiting), 503
    with dbguard.deadline(PING_SECONDS):
        problem = db.ping()
    if problem:
        return jsonify(status="unavailable", reason=f"database: {problem}", outbox=waiting), 503
    return jsonify(status="ok", outbox=waiting) if waiting else jsonify(status="ok")
