"""The database breaker (SPEC §9): a central PostgreSQL that stops answering — its packets dropped, or a
server that accepts connections and never answers — is found out once, then left alone: requests are
spooled and acknowledged at once, /healthz answers at once, and nothing is lost or doubled afterwards.

Each test runs the real app on the real test PostgreSQL through tests/relay.py. Timings are never asserted:
a submit either finishes (the joins' bounds only keep a hanging server from hanging the suite) or sends the
database something, which the relay counts.
"""
import re
import threading
import time

import pytest
from consult_support import FormClient, valid
from relay import Relay
from sqlalchemy import create_engine, text

from kiosk import create_app
from kiosk.consults import outbox

SUBMITTERS = 8
BOUND = 30  # seconds: far beyond any timeout of the kiosk's own, so only a hanging wait reaches it


@pytest.fixture
def relay(postgres_cluster):
    through = Relay(postgres_cluster.port)
    yield through
    through.close()


@pytest.fixture
def branch(relay, postgres_url, app_factory):
    """A kiosk whose central database is reached through `relay`, with connections open in its pool."""
    app = app_factory(DATABASE_URL=relay.url(postgres_url))
    for _ in range(3):
        assert FormClient(app.test_client(), "en").submit().status_code == 303
    yield app
    relay.close()  # first: a thread still waiting on a swallowed connection gets its error and lets go


def submit_concurrently(app, each: int) -> list[tuple[int, str, str]]:
    """SUBMITTERS screens posting `each` requests: (status, submission_id, reference) per request."""
    results, lock = [], threading.Lock()

    def screen():
        form = FormClient(app.test_client(), "en")
        for _ in range(each):
            hidden = form.open()
            response = form.post(valid(), hidden)
            reference = re.search(r"[2-9A-Z]{3}-[2-9A-Z]{3}", response.headers.get("Location", ""))
            with lock:
                results.append((response.status_code, hidden["submission_id"],
                                reference.group(0) if reference else ""))

    threads = [threading.Thread(target=screen, daemon=True) for _ in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    end = time.monotonic() + BOUND
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "a submit is still waiting for the database"
    return results


def stored_rows(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT submission_id, reference FROM consult_requests")).all()
    engine.dispose()
    return rows


def test_after_the_first_timeout_submits_spool_without_touching_the_database(branch, relay):
    relay.swallow()
    first = submit_concurrently(branch, 1)  # the first wave meets the silence, and is spooled
    assert [status for status, _, _ in first] == [303] * SUBMITTERS
    attempts, sent = relay.accepted, relay.swallowed
    later = submit_concurrently(branch, 5)
    assert [status for status, _, _ in later] == [303] * SUBMITTERS * 5
    assert (relay.accepted, relay.swallowed) == (attempts, sent), "the breaker let a submit try the database"
    with branch.app_context():
        assert outbox.spool().depth() == SUBMITTERS * 6


def test_healthz_answers_from_the_breaker_while_the_database_is_away(branch, relay):
    relay.swallow()
    client = branch.test_client()
    answers = []
    asking = threading.Thread(target=lambda: answers.append(client.get("/healthz")), daemon=True)
    asking.start()
    asking.join(BOUND)
    assert answers, "/healthz is still waiting for the database"
    assert answers[0].status_code == 503 and answers[0].get_json()["outbox"] == 0
    assert FormClient(client, "en").submit().status_code == 303
    attempts, sent = relay.accepted, relay.swallowed
    health = client.get("/healthz")
    assert health.status_code == 503 and health.get_json()["outbox"] == 1
    assert "away" in health.get_json()["reason"]
    assert (relay.accepted, relay.swallowed) == (attempts, sent), "/healthz tried the database"


def test_nothing_acknowledged_is_lost_or_doubled_once_the_link_returns(branch, relay, postgres_url):
    relay.swallow()
    during = submit_concurrently(branch, 3)
    assert {status for status, _, _ in during} == {303}
    with branch.app_context():
        attempts = relay.accepted
        assert outbox.deliver() == 0, "still swallowed: the probe finds no database"
        assert relay.accepted == attempts + 1, "one probe, one connection attempt"
        relay.forward()
        assert outbox.deliver() == len(during)
        assert outbox.spool().depth() == 0
    assert branch.test_client().get("/healthz").get_json() == {"status": "ok"}
    assert FormClient(branch.test_client(), "en").submit().status_code == 303, "stored directly again"
    rows = stored_rows(postgres_url)
    ids = [row.submission_id for row in rows]
    assert len(ids) == len(set(ids)) == 3 + len(during) + 1
    references = {row.submission_id: row.reference for row in rows}
    assert all(references[submission_id] == reference for _, submission_id, reference in during)


def test_a_server_that_accepts_and_never_answers_is_tried_once(postgres_url, instance):
    silent = Relay(None)  # accepts every connection, reads everything, answers nothing
    app = create_app({"TESTING": True, "DATABASE_URL": silent.url(postgres_url)})
    try:
        client = app.test_client()
        first = submit_concurrently(app, 1)
        assert [status for status, _, _ in first] == [303] * SUBMITTERS
        attempts = silent.accepted
        assert 1 <= attempts <= SUBMITTERS
        assert FormClient(client, "ar").submit().status_code == 303
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["outbox"] == SUBMITTERS + 1
        assert silent.accepted == attempts, "a submit or /healthz tried the silent server again"
    finally:
        silent.close()
        app.extensions["kiosk_db"].engine.dispose()


def test_sqlite_has_no_breaker(app):
    """A local SQLite database is never 'away': no breaker, no deadlines, /healthz as before."""
    from kiosk import db

    with app.app_context():
        assert db.breaker() is None and db.probe(1) is None
    assert app.test_client().get("/healthz").get_json() == {"status": "ok"}
