"""Storage on SQLite and PostgreSQL: idempotent by submission_id, concurrent, and a calm 503 when it fails."""
import logging
import sqlite3
import threading
import unicodedata
import uuid

import psycopg
import pytest
from consult_support import FormClient, valid
from sqlalchemy import event, select

from kiosk import create_app, db
from kiosk.consults import store
from kiosk.consults.reference import is_reference
from kiosk.records.consults import ConsultRequest

CANARY_NAME = "Zebulon Quixotic-Canary"
CANARY_PHONE = "0559876543"
CANARY_DIGITS = ("559876543", "55 987 6543", "٥٥٩٨٧٦٥٤٣")


def draft(submission_id=None, **overrides) -> store.Draft:
    fields = dict(submission_id=submission_id or uuid.uuid4().hex, page_language="ar", kiosk_id="kiosk-1",
                  name="سارة", phone="+966501234567", preferred_language="ar", preferred_time="morning",
                  message="👨\u200d⚕️ 𝒜", consent_version="test")
    fields.update(overrides)
    return store.Draft(**fields)


def test_save_is_idempotent_by_submission_id(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    with app.app_context():
        first = store.save(draft("a" * 32))
        again = store.save(draft("a" * 32, name="Someone Else"))
        other = store.save(draft("b" * 32))
        assert first == again != other and is_reference(first) and is_reference(other)
        assert store.count() == 2 and store.count("a" * 32) == 1


def run_threads(count, target):
    errors = []

    def guarded(index):
        try:
            target(index)
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def test_concurrent_saves_lose_nothing_and_never_double(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    shared = uuid.uuid4().hex
    references = []

    def submit(index):
        with app.app_context():
            references.append(store.save(draft(shared)))
            for _ in range(10):
                store.save(draft())

    run_threads(8, submit)
    with app.app_context():
        assert len(set(references)) == 1
        assert store.count(shared) == 1 and store.count() == 1 + 8 * 10


def sqlite_locked(app_factory, tmp_path):
    """Another process's writer holds SQLite's write lock; the app waits only briefly for it."""
    app = app_factory()
    event.listen(app.extensions["kiosk_db"].engine, "connect",
                 lambda connection, _: connection.execute("PRAGMA busy_timeout=100"))
    blocker = sqlite3.connect(app.config["DATABASE_URL"].split("///", 1)[1], isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return app, blocker


def _short_lock_timeout(connection, _record) -> None:
    # Outside a transaction: a SET inside one is undone when the pool rolls the connection back after an
    # earlier use (the catalogs read their version through the same pool before the first save).
    connection.autocommit = True
    connection.execute("SET lock_timeout = '100ms'")
    connection.autocommit = False


def postgresql_locked(app_factory, postgres_url):
    """Another session holds an exclusive lock on the table; the app gives up after a short lock_timeout."""
    app = app_factory(DATABASE_URL=postgres_url)
    event.listen(app.extensions["kiosk_db"].engine, "connect", _short_lock_timeout)
    blocker = psycopg.connect(postgres_url.replace("postgresql+psycopg", "postgresql"))
    blocker.execute("LOCK TABLE consult_requests IN ACCESS EXCLUSIVE MODE")
    return app, blocker


@pytest.fixture
def failing_app(request, app_factory, instance, tmp_path):
    """An app whose database fails in one of the ways of SPEC §4: locked, gone or unreachable."""
    kind = request.param
    if kind == "sqlite-locked":
        app, blocker = sqlite_locked(app_factory, tmp_path)
    elif kind == "postgresql-locked":
        app, blocker = postgresql_locked(app_factory, request.getfixturevalue("postgres_url"))
    else:
        url = {"sqlite-gone": f"sqlite:///{tmp_path}/no/such/folder/kiosk.sqlite3",
               "postgresql-unreachable": "postgresql+psycopg://postgres@127.0.0.1:9/kiosk"}[kind]
        app, blocker = create_app({"TESTING": True, "DATABASE_URL": url}), None
    yield app, blocker and blocker.rollback
    if blocker is not None:
        blocker.close()
    app.extensions["kiosk_db"].engine.dispose()


# An unreachable PostgreSQL is no failure for the patient: the request is spooled (tests/test_outbox.py).
FAILURES = ["sqlite-locked", "sqlite-gone", "postgresql-locked"]


@pytest.mark.parametrize("failing_app", FAILURES, indirect=True)
def test_storage_failure_is_a_calm_503_keeping_the_typed_values(failing_app, caplog):
    app, release = failing_app
    client = app.test_client()
    form = FormClient(client, "ar")
    hidden = form.open()
    fields = valid(name=CANARY_NAME, phone=CANARY_PHONE, message="رسالة الاختبار")
    with caplog.at_level(logging.DEBUG):
        response = form.post(fields, hidden)
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert "تعذّر حفظ طلبك الآن" in html
    assert f'value="{CANARY_NAME}"' in html and f'value="{CANARY_PHONE}"' in html and "رسالة الاختبار" in html
    assert any(record.levelno == logging.ERROR and "not stored" in record.getMessage()
               for record in caplog.records)
    assert CANARY_NAME not in caplog.text and not any(part in caplog.text for part in CANARY_DIGITS)
    if release is None:
        assert client.get("/healthz").status_code == 503
        return
    release()  # the lock is gone: the same form, sent again, is stored once
    assert form.post(fields, hidden).status_code == 303
    assert form.post(fields, hidden).status_code == 303
    with app.app_context():
        assert store.count(hidden["submission_id"]) == 1 and store.count() == 1


def test_no_name_or_phone_in_any_log_output(app_factory, caplog, capsys):
    """Canary names and numbers go through every path (valid, invalid, repeated, failing); none is logged,
    even with every logger at DEBUG and SQLAlchemy logging its statements."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    app = app_factory()
    client = app.test_client()
    for lang in ("en", "ar"):
        form = FormClient(client, lang)
        hidden = form.open()
        form.post(valid(name=CANARY_NAME, phone=CANARY_PHONE), hidden)
        form.post(valid(name=CANARY_NAME, phone=CANARY_PHONE), hidden)
        form.submit(name=CANARY_NAME + "7", phone=CANARY_PHONE)
        form.submit(name=CANARY_NAME, phone="+44 " + CANARY_PHONE)
        form.post(valid(name=CANARY_NAME, phone=CANARY_PHONE), {"csrf_token": "x", "submission_id": "y"})
    gone = create_app({"TESTING": True, "DATABASE_URL": "sqlite:////nonexistent/kiosk.sqlite3"})
    FormClient(gone.test_client()).submit(name=CANARY_NAME, phone=CANARY_PHONE)
    output = caplog.text + "".join(capsys.readouterr())
    assert "not stored" in output, "the failure itself is logged"
    assert "INSERT INTO consult_requests" in output, "SQLAlchemy logged its statements"
    assert CANARY_NAME not in output
    assert not any(part in output for part in CANARY_DIGITS)


def test_any_script_and_invisible_characters_store_cleanly_on_both_databases(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    client = app.test_client()
    response = FormClient(client, "ar").submit(
        name="\u202b\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f\u200f O'Brien-Żółć",  # RLE … RLM
        phone="+٩٦٦ ٥٠ ١٢٣ ٤٥٦٧", message="\x00مرحبا\u200c 👩\u200d⚕️ 𝒜\u2066x\u2069\r\n\tok")
    assert response.status_code == 303
    with app.app_context(), db.reading() as session:
        record = session.scalars(select(ConsultRequest)).one()
    muhammad = "\u0645\u064f\u062d\u064e\u0645\u0651\u064e\u062f"  # with its vowel marks
    assert record.name == unicodedata.normalize("NFC", f"{muhammad} O'Brien-Żółć")
    assert record.phone == "+966501234567"
    assert record.message == "مرحبا\u200c 👩\u200d⚕️ 𝒜x\nok"


def test_one_request_the_database_refuses_does_not_fail_its_group(app_factory, postgres_url):
    """Requests waiting together are written in one transaction; PostgreSQL refusing one of them (a kiosk
    id longer than its column) must not cost the others their records."""
    app = app_factory(DATABASE_URL=postgres_url)
    outcomes = {}

    def submit(index):
        with app.app_context():
            bad = index == 3
            try:
                outcomes[index] = store.save(draft(kiosk_id="k" * 100 if bad else "kiosk-1"))
            except store.StorageUnavailable as error:
                outcomes[index] = error

    with app.app_context():
        store.save(draft())  # creates the app's group
        group = app.extensions["kiosk_consult_group_commit"]
    with group.turn:  # hold the writer's turn so that all six wait, then go as one group
        threads = [threading.Thread(target=submit, args=(index,)) for index in range(6)]
        for thread in threads:
            thread.start()
        while len(group.waiting) < 6:
            threading.Event().wait(0.01)
    for thread in threads:
        thread.join()
    assert isinstance(outcomes.pop(3), store.StorageUnavailable)
    assert all(is_reference(reference) for reference in outcomes.values())
    with app.app_context():
        assert store.count() == 1 + 5
