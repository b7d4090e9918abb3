"""Mail to reception: queued with the request, sent by a worker to a real SMTP server (aiosmtpd), never with
the patient's name, phone or message; a dead or hung server never slows a submit; retried, restart-proof,
sent once by one of several servers sharing the database."""
import datetime as dt
import email
import threading
import time
from email import policy

import pytest
from consult_support import FormClient, stored
from smtp_support import HungServer, SmtpServer, refusing_url
from sqlalchemy import select
from staffkit import add_staff, login
from test_consult_storage import draft

from kiosk import db
from kiosk.consults import store
from kiosk.reception import mailqueue
from kiosk.records.reception import MailMessage

NAME, PHONE, MESSAGE = "Zebulon Quixotic-Canary", "0559876543", "Canary-message-Xylophone"
PHONE_FORMS = ("559876543", "+966559876543", "55 987 6543", "٥٥٩٨٧٦٥٤٣")
MAIL = {"NOTIFY_TO": ("reception@clinic.example", "desk@clinic.example"),
        "NOTIFY_FROM": "kiosk@clinic.example", "STAFF_URL": "https://desk.clinic.example", "BRANCH": "Olaya"}


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


def queued(app) -> list[MailMessage]:
    with app.app_context(), db.reading() as session:
        return list(session.scalars(select(MailMessage).order_by(MailMessage.id)))


def deliver(app, **kwargs) -> int:
    with app.app_context():
        return mailqueue.deliver_due(**kwargs)


def test_one_mail_per_request_naming_reference_branch_kiosk_and_link_but_no_patient_data(
        app_factory, database_url, smtp):
    app = app_factory(DATABASE_URL=database_url, SMTP_URL=smtp.url, KIOSK_ID="lobby-2", **MAIL)
    form = FormClient(app.test_client(), "ar")
    hidden = form.open()
    fields = {"name": NAME, "phone": PHONE, "message": MESSAGE, "preferred_language": "en",
              "preferred_time": "evening", "consent": "y"}
    assert form.post(fields, hidden).status_code == 303
    assert form.post(fields, hidden).status_code == 303  # a double tap: still one request, one mail
    [consult] = stored(app)
    [row] = queued(app)
    assert (row.consult_id, row.reference, row.branch, row.state) == (consult.id, consult.reference, "Olaya",
                                                                       "pending")
    assert deliver(app) == 1 and deliver(app) == 0
    [(sender, recipients, raw)] = smtp.messages
    assert sender == "kiosk@clinic.example" and recipients == list(MAIL["NOTIFY_TO"])
    message = email.message_from_bytes(raw, policy=policy.default)
    text = message.get_content() + str(message["Subject"])
    for needed in (consult.reference, "Olaya", "lobby-2", "English", "Evening",
                   "رمز الطلب", "الإنجليزية", "مساءً", f"https://desk.clinic.example/staff/requests/{consult.id}"):
        assert needed in text
    for secret in (NAME, "Zebulon", MESSAGE, *PHONE_FORMS):
        assert secret not in text and secret.encode() not in raw
    assert queued(app)[0].state == "sent"


def test_the_mail_link_opens_that_requests_page(app_factory, smtp):
    app = app_factory(SMTP_URL=smtp.url, **MAIL)
    FormClient(app.test_client()).submit(name=NAME)
    deliver(app)
    raw = smtp.messages[0][2]
    link = next(word for word in email.message_from_bytes(raw, policy=policy.default).get_content().split()
                if word.startswith("https://desk.clinic.example/"))
    desk = app.test_client()
    add_staff(app)
    login(desk)
    page = desk.get(link.removeprefix("https://desk.clinic.example"))
    assert page.status_code == 200 and NAME in page.get_data(as_text=True)


def test_no_mail_is_queued_when_mail_is_not_set_up(app):
    FormClient(app.test_client()).submit()
    assert len(stored(app)) == 1 and queued(app) == []


@pytest.mark.parametrize("dead", ["refusing", "hung"])
def test_a_dead_or_hung_mail_server_never_slows_or_fails_a_submit(app_factory, dead):
    hung = HungServer() if dead == "hung" else None
    app = app_factory(SMTP_URL=hung.url if hung else refusing_url(), SMTP_TIMEOUT_SECONDS=3,
                      MAIL_INTERVAL_SECONDS=0.2, **MAIL)
    worker = mailqueue.start_mail_worker(app)
    try:
        form = FormClient(app.test_client())
        for _ in range(4):
            started = time.monotonic()
            response = form.submit()
            assert response.status_code == 303 and time.monotonic() - started < 2
            time.sleep(0.3)  # let the worker take the new mail and get stuck on it
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any(row.tries for row in queued(app)):
            time.sleep(0.2)
    finally:
        worker.stop(timeout=10)
        if hung:
            hung.stop()
    rows = queued(app)
    assert len(stored(app)) == 4 and len(rows) == 4
    failed = [row for row in rows if row.tries]
    assert failed and all(row.state == "pending" and row.last_error for row in failed)
    assert ("TimeoutError" if hung else "ConnectionRefusedError") in failed[0].last_error


def test_failures_retry_within_a_minute_back_off_to_15_minutes_show_to_staff_and_survive_restart(
        app_factory, smtp):
    assert [mailqueue.wait_after(n).total_seconds() for n in range(1, 8)] == [30, 60, 120, 240, 480, 900, 900]
    dead = app_factory(SMTP_URL=refusing_url(), **MAIL)
    FormClient(dead.test_client()).submit()
    before = dt.datetime.now(dt.UTC)
    assert deliver(dead) == 0
    [row] = queued(dead)
    next_try = row.next_try_at if row.next_try_at.tzinfo else row.next_try_at.replace(tzinfo=dt.UTC)
    assert row.tries == 1 and row.state == "pending" and next_try - before <= dt.timedelta(minutes=1)
    assert deliver(dead) == 0 and queued(dead)[0].tries == 1  # not due again yet

    add_staff(dead)
    desk = dead.test_client()
    login(desk)
    page = desk.get("/staff/dashboard?ui=en").get_data(as_text=True)
    assert "Mail to reception is failing" in page and "ConnectionRefusedError" in page
    assert "Mail to reception is failing" in desk.get("/staff/").get_data(as_text=True)

    dead.extensions["kiosk_db"].engine.dispose()
    restarted = app_factory(SMTP_URL=smtp.url, **MAIL)  # the same instance folder and database
    assert deliver(restarted, now=next_try + dt.timedelta(seconds=1)) == 1
    assert len(smtp.messages) == 1 and queued(restarted)[0].state == "sent"
    assert "Mail to reception is failing" not in desk.get("/staff/dashboard").get_data(as_text=True)


def test_mail_is_given_up_after_24_hours_and_staff_see_it(app_factory):
    app = app_factory(SMTP_URL=refusing_url(), **MAIL)
    with app.app_context():
        store.save(draft(), now=dt.datetime.now(dt.UTC) - dt.timedelta(hours=24, minutes=1))
        assert mailqueue.deliver_due() == 0
        health = mailqueue.health()
    assert queued(app)[0].state == "failed" and (health.failed, health.retrying) == (1, 0)
    add_staff(app)
    desk = app.test_client()
    login(desk)
    assert "given up" in desk.get("/staff/dashboard?ui=en").get_data(as_text=True)


def test_two_servers_on_one_database_send_each_mail_once(app_factory, database_url, smtp):
    first = app_factory(DATABASE_URL=database_url, SMTP_URL=smtp.url, **MAIL)
    second = app_factory(DATABASE_URL=database_url, SMTP_URL=smtp.url, **MAIL)
    with first.app_context():
        references = {store.save(draft()) for _ in range(12)}
    start = threading.Barrier(4)

    def race(app):
        start.wait()
        for _ in range(3):
            deliver(app)

    threads = [threading.Thread(target=race, args=(app,)) for app in (first, second, first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = [email.message_from_bytes(raw, policy=policy.default)["Subject"] for _, _, raw in smtp.messages]
    assert sorted(subject.split()[3] for subject in sent) == sorted(references)
    assert {row.state for row in queued(first)} == {"sent"}


def test_a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, SMTP_URL=refusing_url(), **MAIL)
    lease = dt.timedelta(minutes=5)
    with app.app_context():
        store.save(draft())
        now = dt.datetime.now(dt.UTC)
        [row] = queued(app)
        assert mailqueue.claim(row.id, now, lease) is not None
        assert mailqueue.claim(row.id, now + dt.timedelta(minutes=1), lease) is None
        assert mailqueue.claim(row.id, now + dt.timedelta(minutes=6), lease) is not None


def test_queued_mail_is_committed_with_the_request_or_not_at_all(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, SMTP_URL=refusing_url(), **MAIL)
    with app.app_context():
        with db.write_connection() as connection:  # the mail cannot be queued: the request is not stored
            connection.exec_driver_sql("DROP TABLE mail_outbox")
        with pytest.raises(store.StorageUnavailable):
            store.save(draft())
        assert store.count() == 0


def test_a_long_branch_name_is_cut_to_the_column_never_an_error(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, SMTP_URL=refusing_url(), **{**MAIL, "BRANCH": "b" * 200})
    with app.app_context():
        reference = store.save(draft())
    [row] = queued(app)
    assert row.reference == reference and row.branch == "b" * 64 == stored(app)[0].branch
