"""SPEC §8: every acknowledged consult request survives `kill -9` of the real server, exactly once."""
import http.client
import threading
import time
import uuid

from consult_http import FormSession, KioskServer, letters
from consult_support import valid
from sqlalchemy import create_engine, text

SUBMITTERS = 6
ACKNOWLEDGED_BEFORE_KILL = 120
PHONE = "0551112233"


def submit_until_it_fails(port, acknowledged, in_flight, refused, stop):
    """Post new requests until the server dies; remember each one's fate."""
    try:
        session = FormSession(port)
    except (OSError, http.client.HTTPException):
        return  # killed before this screen opened its form
    try:
        while not stop.is_set():
            submission_id = uuid.uuid4().hex
            fields = valid(name=f"Durable {letters(int(submission_id[:8], 16))}", phone=PHONE)
            try:
                status = session.post(submission_id, fields)
            except (OSError, http.client.HTTPException):
                in_flight[submission_id] = fields  # no answer: it may or may not have been stored
                return
            if status != 303:
                refused[submission_id] = status
                return
            acknowledged[submission_id] = fields
    finally:
        session.close()


def stored_rows(database_url):
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT submission_id, name, phone FROM consult_requests")).all()
            integrity = (connection.execute(text("PRAGMA integrity_check")).scalar()
                         if database_url.startswith("sqlite") else "ok")
    finally:
        engine.dispose()
    return rows, integrity


def test_acknowledged_requests_survive_kill_9_exactly_once(database_url, instance, tmp_path):
    log = tmp_path / "serve.log"
    server = KioskServer(instance, database_url, log)
    acknowledged, in_flight, refused, stop = {}, {}, {}, threading.Event()
    threads = [threading.Thread(target=submit_until_it_fails,
                                args=(server.port, acknowledged, in_flight, refused, stop))
               for _ in range(SUBMITTERS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60
        while len(acknowledged) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
            time.sleep(0.01)
        server.kill()  # mid-stream: the submitters are still posting
        for thread in threads:
            thread.join(timeout=30)
        assert len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL and not refused, refused
        # The same data, served again: retries of answered and unanswered requests never double.
        server = KioskServer(instance, database_url, log)
        retry = FormSession(server.port)
        for submission_id, fields in list(in_flight.items()) + list(acknowledged.items())[:10]:
            assert retry.post(submission_id, fields) == 303
        retry.close()
        acknowledged.update(in_flight)
    finally:
        stop.set()
        server.stop()

    print(f"acknowledged {len(acknowledged)}, of which in flight at the kill {len(in_flight)}")
    rows, integrity = stored_rows(database_url)
    assert integrity == "ok"
    by_id = {}
    for submission_id, name, phone in rows:
        by_id.setdefault(submission_id, []).append((name, phone))
    for submission_id, fields in acknowledged.items():
        assert by_id.get(submission_id) == [(fields["name"], "+966551112233")], submission_id
    assert len(rows) == len(by_id) == len(acknowledged), "nothing unacknowledged or doubled"
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Durable" not in output and "1112233" not in output, "no personal data in the server's output"
