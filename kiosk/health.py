"""`/healthz` for monitoring: the app and its database answer; the outbox's spool depth when it matters."""
from flask import Blueprint, jsonify

from . import db, extensions

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers with our schema; 503 with a short reason otherwise. `outbox` names
    the requests waiting in this server's spool: always on a 503, on a 200 when any wait."""
    spool = extensions.outbox()
    waiting = spool.depth() if spool is not None else 0
    problem = db.ping()
    if problem:
        return jsonify(status="unavailable", reason=f"database: {problem}", outbox=waiting), 503
    return jsonify(status="ok", outbox=waiting) if waiting else jsonify(status="ok")
