"""The outbox (SPEC §5): while the central PostgreSQL cannot be reached, valid requests are spooled locally,
acknowledged as usual, and delivered — same reference, same created time, exactly once — when it answers."""
import datetime as dt
import os
import re
import stat
import threading

import pytest
from consult_support import FormClient, valid
from sqlalchemy import create_engine, text

from kiosk import create_app
from kiosk.consults import outbox
from kiosk.consults.spool import Spool

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/kiosk"


@pytest.fixture(scope="module")
def own_cluster():
    """A PostgreSQL of this module's own, to stop and start without disturbing other tests."""
    from postgres import Cluster

    cluster = Cluster()
    yield cluster
    try:
        cluster.start()
    except Exception:  # already running
        pass
    cluster.stop()


def test_spool_is_owner_only_ordered_and_idempotent_by_submission_id(tmp_path):
    spool = Spool(tmp_path)
    assert spool.depth() == 0 and not spool.path.exists(), "no file until a request needs it"
    now = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    assert spool.put("sub-1", "AAA-111", {"name": "x"}, now) == "AAA-111"
    assert spool.put("sub-2", "BBB-222", {"name": "y"}, now) == "BBB-222"
    assert spool.put("sub-1", "CCC-333", {"name": "x"}, now) == "AAA-111", "a retry keeps its first code"
    assert spool.depth() == 2
    for suffix in ("", "-wal", "-shm"):
        mode = stat.S_IMODE(os.stat(f"{spool.path}{suffix}").st_mode)
        assert mode == 0o600, (suffix, oct(mode))
    assert spool._open().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    rows = spool.oldest(10)
    assert [row.submission_id for row in rows] == ["sub-1", "sub-2"] and rows[0].spooled_at == now
    spool.failed(rows[0].id, "OperationalError")
    spool.remove(rows[1].id)
    spool.close()
    again = Spool(tmp_path)  # another process (a restart, `kiosk outbox`) sees the same
    status = again.status()
    assert (status.depth, status.oldest) == (1, now) and status.last_error.endswith("OperationalError")
    assert again.oldest(10)[0].attempts == 1


def test_unreachable_database_spools_and_acknowledges_and_healthz_names_the_depth(instance):
    app = create_app({"TESTING": True, "DATABASE_URL": UNREACHABLE})
    client = app.test_client()
    form = FormClient(client, "ar")
    hidden = form.open()
    response = form.post(valid(), hidden)
    assert response.status_code == 303
    reference = re.search(r"[2-9A-Z]{3}-[2-9A-Z]{3}", client.get(response.headers["Location"])
                          .get_data(as_text=True)).group(0)
    assert form.post(valid(), hidden).status_code == 303, "a double tap is spooled once"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["outbox"] == 1
    result = app.test_cli_runner().invoke(args=["outbox"])
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[0] == "1 waiting" and lines[1].startswith("oldest: 0 h 0 min")
    with app.app_context():
        assert outbox.deliver() == 0, "still unreachable: nothing delivered, nothing dropped"
        assert outbox.spool().oldest(5)[0].reference == reference
    output = app.test_cli_runner().invoke(args=["outbox"]).output
    assert "last error: " in output and "OperationalError" in output
    assert stat.S_IMODE(os.stat(instance / "outbox.sqlite3").st_mode) == 0o600


def test_sqlite_has_no_outbox(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_spooled_request_is_delivered_with_its_reference_and_time_when_postgres_returns(
        own_cluster, app_factory):
    url = own_cluster.new_database()
    app = app_factory(DATABASE_URL=url)
    client = app.test_client()
    FormClient(client, "en").submit(name="Before Outage")
    own_cluster.crash()
    try:
        response = FormClient(client, "en").submit(name="During Outage")
        assert response.status_code == 303
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        reference = re.search(r"[2-9A-Z]{3}-[2-9A-Z]{3}", page).group(0)
        spooled_at = outbox_row_time(app)
        assert client.get("/healthz").get_json()["outbox"] == 1
    finally:
        own_cluster.start()
    app.extensions["kiosk_db"].engine.dispose()  # the pool's connections died with the server
    with app.app_context():
        assert outbox.deliver() == 1 and outbox.deliver() == 0
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json() == {"status": "ok"}
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT name, reference, created_at FROM consult_requests ORDER BY id")).all()
    engine.dispose()
    assert [row.name for row in rows] == ["Before Outage", "During Outage"]
    assert rows[1].reference == reference and rows[1].created_at == spooled_at


def outbox_row_time(app):
    with app.app_context():
        return outbox.spool().oldest(1)[0].spooled_at


def _short_lock_timeout(connection, _record) -> None:
    connection.autocommit = True  # outside a transaction, or the pool's rollback undoes it
    connection.execute("SET lock_timeout = '300ms'")
    connection.autocommit = False


def test_a_locked_postgres_is_not_unreachable(own_cluster, app_factory):
    """A lock or a refused row is the database answering: a calm 503, nothing spooled (SPEC §4)."""
    import psycopg
    from sqlalchemy import event

    url = own_cluster.new_database()
    app = app_factory(DATABASE_URL=url)
    event.listen(app.extensions["kiosk_db"].engine, "connect", _short_lock_timeout)
    blocker = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
    blocker.execute("LOCK TABLE consult_requests IN ACCESS EXCLUSIVE MODE")
    try:
        assert FormClient(app.test_client(), "en").submit().status_code == 503
    finally:
        blocker.close()
    with app.app_context():
        assert outbox.spool().depth() == 0


def test_concurrent_submits_during_an_outage_are_all_spooled_once(instance):
    app = create_app({"TESTING": True, "DATABASE_URL": UNREACHABLE})
    statuses = []

    def submit():
        client = app.test_client()
        for _ in range(5):
            statuses.append(FormClient(client, "en").submit().status_code)

    threads = [threading.Thread(target=submit) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [303] * 30
    with app.app_context():
        waiting = outbox.spool().oldest(99)
        assert outbox.spool().depth() == 30 and len({row.submission_id for row in waiting}) == 30
