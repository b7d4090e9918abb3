"""`/healthz` for monitoring: the app and its database answer."""
from flask import Blueprint, jsonify

from . import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database answers with our schema; 503 with a short reason otherwise."""
    problem = db.ping()
    if problem:
        return jsonify(status="unavailable", reason=f"database: {problem}"), 503
    return jsonify(status="ok")
