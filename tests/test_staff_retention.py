"""Retention: old consult requests are deleted, with their history, and leave no trace in the SQLite file."""
import datetime as dt
import time
from pathlib import Path

from staffkit import add_consult, add_staff

from kiosk import db
from kiosk.records.consults import ConsultRequest
from kiosk.records.staff import ConsultEvent
from kiosk.retention import purge, start_daily_purge
from kiosk.staff import queries

OLD_NAME = "Zubaida Unforgettable-Namesake"


def _file_bytes(app) -> bytes:
    path = Path(app.config["DATABASE_URL"].split("///", 1)[1])
    return b"".join(candidate.read_bytes() for candidate in (path, Path(f"{path}-wal"))
                    if candidate.exists())


def test_purge_deletes_old_requests_and_scrubs_the_file(app, runner):
    add_staff(app)
    old = add_consult(app, name=OLD_NAME, phone="+966512340000", message="old message text here",
                      created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=200))
    recent = add_consult(app, name="Recent Person",
                         created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=10))
    with app.app_context():
        queries.change(old, "alice", status="contacted", note="Zubaida asked for an evening call")
    assert OLD_NAME.encode() in _file_bytes(app)  # in the main file or still in the WAL
    result = runner.invoke(args=["consults", "purge"])  # default: KIOSK_RETENTION_DAYS = 180
    assert result.exit_code == 0 and "1 consult request(s) deleted" in result.output
    with app.app_context(), db.reading() as session:
        assert session.get(ConsultRequest, old) is None
        assert session.get(ConsultRequest, recent) is not None
        assert session.query(ConsultEvent).filter_by(consult_id=old).count() == 0
    app.extensions["kiosk_db"].engine.dispose()
    data = _file_bytes(app)
    for secret in (OLD_NAME, "Zubaida asked", "+966512340000", "old message text"):
        assert secret.encode("utf-8") not in data, secret
    assert b"Recent Person" in data


def test_purge_with_a_given_age(app, runner):
    add_consult(app, created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=8))
    add_consult(app, created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    assert "1 consult request(s)" in runner.invoke(args=["consults", "purge", "--older-than", "7"]).output
    with app.app_context():
        assert purge(7) == 0


def test_daily_purge_runs_in_a_background_thread(app):
    add_consult(app, created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400))
    worker = start_daily_purge(app)
    try:
        with app.app_context():
            for _ in range(200):  # waits for the first run, not for a time
                with db.reading() as session:
                    if session.query(ConsultRequest).count() == 0:
                        break
                time.sleep(0.05)
            with db.reading() as session:
                assert session.query(ConsultRequest).count() == 0
        assert worker.thread.daemon
    finally:
        worker.stop()
