"""Calls: contact attempts and the status they set, overdue requests (marked, first, counted), branches in
the inbox and export, the live poll, and the confirmation's promise of when the call comes."""
import csv
import datetime as dt
import io

import pytest
from consult_support import FormClient, stored
from staffkit import add_consult, add_staff, csrf_token, login

from kiosk import db
from kiosk.consults import store
from kiosk.hours import RIYADH
from kiosk.reception import calls, expect, figures
from kiosk.records.reception import ContactAttempt
from kiosk.records.staff import StaffSession
from kiosk.retention import purge
from kiosk.staff.accounts import TOUCH_EVERY

NOW = dt.datetime.now(dt.UTC)
LONG_AGO = NOW - dt.timedelta(days=3)


@pytest.fixture
def desk(app, client):
    add_staff(app)
    login(client)
    return client


def record_call(desk, consult_id, outcome, **fields):
    token = csrf_token(desk, f"/staff/requests/{consult_id}")
    return desk.post(f"/staff/requests/{consult_id}/attempts",
                     data={"csrf_token": token, "outcome": outcome, **fields})


@pytest.mark.parametrize("outcome, status", [("no_answer", "contacted"), ("call_back", "contacted"),
                                             ("booked", "booked"), ("not_interested", "closed"),
                                             ("wrong_number", "closed")])
def test_each_call_is_recorded_and_the_status_follows(app, desk, outcome, status):
    consult_id = add_consult(app, name="Call Me", due_at=LONG_AGO)
    later = (dt.datetime.now(RIYADH) + dt.timedelta(days=1)).strftime("%Y-%m-%dT10:30")
    fields = {"note": "رقم <b>مشغول</b>", "callback_at": later if outcome == "call_back" else ""}
    response = record_call(desk, consult_id, outcome, **fields)
    assert response.status_code == 303 and "saved=1" in response.location
    [consult] = stored(app)
    assert consult.status == status
    page = desk.get(f"/staff/requests/{consult_id}?ui=en").get_data(as_text=True)
    assert "alice</bdi> called: " in page and "رقم &lt;b&gt;مشغول&lt;/b&gt;" in page
    if outcome == "call_back":  # due again at the asked time, in Riyadh time
        asked = dt.datetime.fromisoformat(later).replace(tzinfo=RIYADH)
        assert consult.due_at.replace(tzinfo=dt.UTC) == asked and "Call back at" in page
    else:
        assert consult.due_at is None


@pytest.mark.parametrize("fields", [{"outcome": "maybe"}, {"outcome": ""}, {"outcome": "call_back"},
                                    {"outcome": "call_back", "callback_at": "2001-01-01T10:00"},
                                    {"outcome": "call_back", "callback_at": "tomorrow"},
                                    {"outcome": "call_back", "callback_at": "2026-13-40T99:99"},
                                    {"outcome": "no_answer", "note": "x" * 1001}])
def test_a_bad_call_record_is_a_400_with_the_reason_never_a_500(app, desk, fields):
    consult_id = add_consult(app)
    response = record_call(desk, consult_id, **{"outcome": "", **fields})
    assert response.status_code == 400 and 'role="alert"' in response.get_data(as_text=True)
    assert stored(app)[0].status == "new"


def test_calls_to_a_missing_request_are_404(desk):
    token = csrf_token(desk, "/staff/")
    assert desk.post("/staff/requests/99999/attempts",
                     data={"csrf_token": token, "outcome": "no_answer"}).status_code == 404


def test_overdue_requests_are_marked_in_words_listed_first_and_counted(app, desk):
    add_consult(app, name="Fresh Request")
    add_consult(app, name="Late Request", created_at=LONG_AGO, due_at=LONG_AGO + dt.timedelta(hours=2))
    add_consult(app, name="Late But Booked", created_at=LONG_AGO, due_at=LONG_AGO, status="booked")
    html = desk.get("/staff/?ui=en").get_data(as_text=True)
    assert html.index("Late Request") < html.index("Fresh Request") < html.index("Late But Booked")
    assert html.count('class="overdue"') == 1 and "Overdue</span>" in html
    assert "<title>(1 overdue) Consult requests" in html and "1 call is overdue." in html
    assert "Overdue now: 1 request" in desk.get("/staff/dashboard?ui=en").get_data(as_text=True)
    assert "<title>(متأخر: 1) طلبات الاستشارة" in desk.get("/staff/?ui=ar").get_data(as_text=True)


def test_a_new_request_is_due_the_target_in_opening_hours_after_it_arrived(app_factory):
    app = app_factory(OPENING_HOURS="sat-thu 09:00-21:00", CALLBACK_MINUTES=120, BRANCH="Olaya")
    thursday_night = dt.datetime(2026, 12, 3, 22, 0, tzinfo=RIYADH)  # Friday closed
    with app.app_context():
        from test_consult_storage import draft
        store.save(draft(), now=thursday_night.astimezone(dt.UTC))
    [consult] = stored(app)
    assert consult.branch == "Olaya"
    assert consult.due_at.replace(tzinfo=dt.UTC) == dt.datetime(2026, 12, 5, 11, 0, tzinfo=RIYADH)


def test_branches_show_filter_and_export(app, desk, runner):
    add_consult(app, name="In Olaya", branch="Olaya")
    add_consult(app, name="In Khobar", branch="Khobar")
    html = desk.get("/staff/?branch=Olaya").get_data(as_text=True)
    assert "In Olaya" in html and "In Khobar" not in html and '<option value="Khobar">' in html
    rows = list(csv.reader(io.StringIO(desk.get("/staff/export.csv?branch=Khobar").get_data(as_text=True))))
    assert rows[0][-1] == "branch" and [row[-1] for row in rows[1:]] == ["Khobar"]
    result = runner.invoke(args=["consults", "export", "--branch", "Olaya"])
    rows = list(csv.reader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"))))
    assert result.exit_code == 0 and [row[-1] for row in rows[1:]] == ["Olaya"]
    html = desk.get("/staff/dashboard?branch=Khobar&ui=en").get_data(as_text=True)
    assert '<option value="Khobar" selected>' in html


def test_live_poll_counts_new_and_overdue_without_keeping_the_session_alive(app, desk):
    first = add_consult(app)
    add_consult(app, due_at=LONG_AGO)
    latest = add_consult(app)
    now = dt.datetime.now(dt.UTC)  # not the module's NOW: collection may have been minutes ago
    with app.app_context(), db.transaction() as session:  # as if the last page was drawn a while ago
        session.query(StaffSession).update({"last_seen": now - TOUCH_EVERY * 3})
    answer = desk.get(f"/staff/live?since={first}&ui=en").get_json()
    assert answer["latest"] == latest and answer["new"] == 2 and answer["overdue"] == 1
    assert answer["title"].startswith("(2 new · 1 overdue) Consult requests")
    assert answer["message"] == "2 new consult requests arrived."
    with app.app_context(), db.reading() as session:
        assert session.query(StaffSession).one().last_seen.replace(tzinfo=dt.UTC) < now - TOUCH_EVERY * 2
    assert desk.get(f"/staff/live?since={first}&branch=elsewhere").get_json()["new"] == 0
    for bad in ("abc", "-1", "9" * 40, "١٢"):
        assert desk.get(f"/staff/live?since={bad}").status_code == 200
    assert app.test_client().get("/staff/live").status_code == 302  # signed out: to the login


def test_contact_attempts_are_purged_with_their_request(app, desk):
    consult_id = add_consult(app, created_at=NOW - dt.timedelta(days=400))
    record_call(desk, consult_id, "no_answer")
    with app.app_context():
        assert purge(180) == 1
        with db.reading() as session:
            assert session.query(ContactAttempt).count() == 0


def test_time_to_first_call_is_counted_in_opening_hours(app_factory):
    app = app_factory(OPENING_HOURS="sat-thu 09:00-21:00", CALLBACK_MINUTES=120)
    saturday = dt.datetime(2026, 11, 28, tzinfo=RIYADH)
    arrived = (saturday + dt.timedelta(hours=10)).astimezone(dt.UTC)  # stored times are UTC
    waits_minutes = [30, 60, 90, 150, 600]
    with app.app_context():
        for index, minutes in enumerate(waits_minutes):
            consult_id = add_consult(app, created_at=arrived, branch=f"b{index % 2}")
            # The call came `minutes` of opening hours later: across the night for the long ones.
            called = figures.hours.add(figures.intake.opening_hours(app.config),
                                       arrived, dt.timedelta(minutes=minutes))
            calls.record(consult_id, "alice", "no_answer", now=called.astimezone(dt.UTC))
        add_consult(app, created_at=arrived, branch="b0")  # never called
        waits = figures.waits(app.config, saturday, now=saturday + dt.timedelta(days=3))
    summary = figures.summarise(waits, dt.timedelta(minutes=120))
    assert (summary.requests, summary.called, summary.median_minutes, summary.p90_minutes) == (6, 5, 90, 600)
    assert summary.within_target == pytest.approx(3 / 6)  # three on time; two late; one still waiting, late
    [(week, weekly)] = [item for item in figures.per_week(waits, dt.timedelta(minutes=120),
                                                           now=saturday + dt.timedelta(days=3))
                        if item[1].requests]
    assert week == saturday.date() and weekly == summary
    assert [name for name, _ in figures.per_branch(waits, dt.timedelta(minutes=120))] == ["b0", "b1"]


@pytest.mark.parametrize("moment, kind, en, ar", [
    (dt.datetime(2026, 11, 28, 10, 0), "within", "We will call you within 2 hours.", "خلال ساعتين"),
    (dt.datetime(2026, 11, 28, 23, 30), "tomorrow", "We will call you tomorrow, from 9:00 AM.",
     "سنتصل بك غدًا، ابتداءً من 9:00 ص."),
    (dt.datetime(2026, 11, 28, 6, 0), "today", "We will call you today, from 9:00 AM.",
     "سنتصل بك اليوم، ابتداءً من 9:00 ص."),
    (dt.datetime(2026, 12, 3, 22, 0), "weekday", "We will call you on Saturday, from 9:00 AM.", "السبت"),
    (dt.datetime(2026, 11, 28, 20, 30), "tomorrow", "We will call you tomorrow, from 9:00 AM.", "غدًا"),
])
def test_the_confirmation_promises_the_call_from_the_same_hours_and_target(app, moment, kind, en, ar):
    promise = expect.expect(app.config, moment.replace(tzinfo=RIYADH))
    assert promise.kind == kind
    for lang, text in (("en", en), ("ar", ar)):
        with app.test_request_context(f"/{lang}/"):
            assert text in expect.sentence(promise, lang)


@pytest.mark.parametrize("lang, words", [("en", "We will call you"), ("ar", "سنتصل بك")])
def test_the_confirmation_page_says_when_to_expect_the_call(app, lang, words):
    client = app.test_client()
    response = FormClient(client, lang).submit()
    page = client.get(response.location).get_data(as_text=True)
    assert f'class="call-expected"><strong>{words}' in page
