"""SPEC §5 Outbox, §8 Durability, with the real things.

A real PostgreSQL stopped at once (`pg_ctl stop -m immediate`) under concurrent submits, `kill -9` of
`kiosk serve` while the spool holds requests, a restart with PostgreSQL still down, then PostgreSQL back:
every acknowledged request is in PostgreSQL exactly once, in order of arrival, and the spool is empty."""
import http.client
import json
import os
import subprocess
import threading
import time
import uuid

import pytest
from consult_http import KIOSK, FormSession, KioskServer, letters
from consult_support import valid
from sqlalchemy import create_engine, text

from kiosk.consults.spool import Spool

SUBMITTERS = 4
PHONE = "0552223344"


@pytest.fixture
def cluster():
    from postgres import Cluster

    cluster = Cluster()
    yield cluster
    try:
        cluster.start()
    except subprocess.CalledProcessError:
        pass  # still running
    cluster.stop()


class Submissions:
    """Every request sent, with when it was sent and when (and how) it was answered."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acked: dict[str, tuple[float, float]] = {}  # submission_id -> (sent, acknowledged)
        self.fields: dict[str, dict] = {}
        self.in_flight: dict[str, dict] = {}
        self.refused: dict[str, int] = {}
        self.first_sent: dict[str, float] = {}

    def send(self, session: FormSession, submission_id: str | None = None) -> int | None:
        submission_id = submission_id or uuid.uuid4().hex
        fields = self.fields.get(submission_id) or valid(
            name=f"Outage {letters(int(submission_id[:8], 16))}", phone=PHONE)
        with self.lock:
            self.fields[submission_id] = fields
            # A retry keeps the time of the first try: that is when the request arrived (maybe spooled).
            sent = self.first_sent.setdefault(submission_id, time.monotonic())
        try:
            status = session.post(submission_id, fields)
        except (OSError, http.client.HTTPException):
            with self.lock:
                self.in_flight[submission_id] = fields
            return None
        with self.lock:
            if status == 303:
                self.acked[submission_id] = (sent, time.monotonic())
                self.in_flight.pop(submission_id, None)
            else:
                self.refused[submission_id] = status
        return status

    def keep_sending(self, port: int, stop: threading.Event) -> None:
        try:
            session = FormSession(port)
        except (OSError, http.client.HTTPException):
            return
        try:
            while not stop.is_set() and self.send(session) == 303:
                time.sleep(0.005)
        finally:
            session.close()


def healthz(port: int) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_acknowledged_requests_survive_an_outage_and_kill_9_exactly_once_in_order(cluster, instance,
                                                                                   tmp_path):
    url = cluster.new_database()
    log = tmp_path / "serve.log"
    sent = Submissions()
    server = KioskServer(instance, url, log, ready=(200, 503))
    stop = threading.Event()
    threads = [threading.Thread(target=sent.keep_sending, args=(server.port, stop))
               for _ in range(SUBMITTERS)]
    try:
        for thread in threads:
            thread.start()
        wait_for(lambda: len(sent.acked) >= 20, 60, "requests stored directly")
        cluster.crash()  # under concurrent submits
        before_crash = len(sent.acked)
        wait_for(lambda: len(sent.acked) >= before_crash + 60, 60, "requests spooled during the outage")
        status, body = healthz(server.port)
        assert status == 503 and body["outbox"] > 0, body
        server.kill()  # kill -9 while the spool holds requests and the submitters are still posting
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert not sent.refused, sent.refused

        server = KioskServer(instance, url, log, ready=(200, 503))  # PostgreSQL still down
        status, body = healthz(server.port)
        assert status == 503 and body["outbox"] >= 1, body
        session = FormSession(server.port)
        for submission_id in list(sent.in_flight):
            assert sent.send(session, submission_id) == 303, "a retry of an unanswered request"
        for _ in range(10):
            assert sent.send(session) == 303, "served and spooled while PostgreSQL is down after a restart"
        session.close()
        env = {**os.environ, "KIOSK_INSTANCE_PATH": str(instance), "KIOSK_DATABASE_URL": url}
        report = subprocess.run([str(KIOSK), "outbox"], env=env, capture_output=True, text=True, timeout=60)
        waiting = int(report.stdout.split()[0])
        assert report.stdout.splitlines()[0] == f"{waiting} waiting" and waiting >= 10, report.stdout
        print(f"acknowledged {len(sent.acked)}, {waiting} waiting in the spool before PostgreSQL returned")

        cluster.start()
        wait_for(lambda: healthz(server.port) == (200, {"status": "ok"}), 90, "the spool to drain")
    finally:
        stop.set()
        server.stop()

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, submission_id, name FROM consult_requests")).all()
    engine.dispose()
    ids = {}
    for row_id, submission_id, name in rows:
        assert submission_id not in ids, f"{submission_id} stored twice"
        ids[submission_id] = row_id
        assert name == sent.fields[submission_id]["name"]
    assert set(ids) == set(sent.acked), "every acknowledged request, and only those sent"
    # Order of arrival: a request acknowledged before another was sent has the smaller id.
    for first, (_, first_acked) in sent.acked.items():
        for second, (second_sent, _) in sent.acked.items():
            if first_acked < second_sent:
                assert ids[first] < ids[second], (first, second)
    assert Spool(instance).status().depth == 0
    output = log.read_text(encoding="utf-8", errors="replace")
    assert "Outage" not in output and "2223344" not in output, "no personal data in the server's output"
