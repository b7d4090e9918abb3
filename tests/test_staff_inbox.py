"""The consult inbox: newest first, filters, search in any phone spelling, paging, status and notes."""
import datetime as dt

import pytest
from staffkit import add_consult, add_staff, csrf_token, login

from kiosk import db
from kiosk.records.consults import ConsultRequest
from kiosk.records.staff import ConsultEvent
from kiosk.staff.queries import PAGE_SIZE


@pytest.fixture
def desk(app, client):
    add_staff(app)
    login(client)
    return client


def test_newest_first_with_names_isolated_for_direction(app, desk):
    add_consult(app, name="Old Request", created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2))
    add_consult(app, name="سارة القحطاني")
    html = desk.get("/staff/").get_data(as_text=True)
    assert html.index("<bdi>سارة القحطاني</bdi>") < html.index("<bdi>Old Request</bdi>")
    assert "2 requests found." in html


@pytest.mark.parametrize("query", ["0551234567", "551234567", "+966551234567", "00966551234567",
                                   "055 123 4567", "055-123-4567", "٠٥٥١٢٣٤٥٦٧", "4567"])
def test_search_by_phone_in_any_spelling(app, desk, query):
    add_consult(app, name="Found Person", phone="+966551234567")
    add_consult(app, name="Other Person", phone="+966559999999")
    html = desk.get("/staff/", query_string={"q": query}).get_data(as_text=True)
    assert "Found Person" in html and "Other Person" not in html


@pytest.mark.parametrize("query", ["found", "FOUND PER", "فاطمة", "R-FOUND1", "r-found1"])
def test_search_by_name_or_reference(app, desk, query):
    add_consult(app, name="Found Person فاطمة", reference="R-FOUND1")
    add_consult(app, name="Someone Else")
    html = desk.get("/staff/", query_string={"q": query}).get_data(as_text=True)
    assert "Found Person" in html and "Someone Else" not in html


def test_filter_by_status_and_riyadh_dates(app, desk):
    riyadh_midnight = dt.datetime(2026, 3, 10, tzinfo=dt.timezone(dt.timedelta(hours=3))).astimezone(dt.UTC)
    add_consult(app, name="Late On Ninth", created_at=riyadh_midnight - dt.timedelta(minutes=5))
    add_consult(app, name="Early On Tenth", created_at=riyadh_midnight + dt.timedelta(minutes=5))
    add_consult(app, name="Booked Tenth", created_at=riyadh_midnight + dt.timedelta(hours=2), status="booked")
    html = desk.get("/staff/?from=2026-03-10&to=2026-03-10").get_data(as_text=True)
    assert "Early On Tenth" in html and "Booked Tenth" in html and "Late On Ninth" not in html
    html = desk.get("/staff/?status=booked").get_data(as_text=True)
    assert "Booked Tenth" in html and "Early On Tenth" not in html


@pytest.mark.parametrize("query", ["?page=-3", "?page=abc", "?page=²",
                                   "?status=<script>", "?q=%25%25%25_", "?page=99999"])
def test_bad_filters_are_ignored_not_errors(desk, query):
    response = desk.get(f"/staff/{query}")
    assert response.status_code == 200


def test_paging(app, desk):
    for number in range(PAGE_SIZE + 3):
        add_consult(app, name=f"Person {number:02d}",
                    created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=number))
    first = desk.get("/staff/").get_data(as_text=True)
    second = desk.get("/staff/?page=2").get_data(as_text=True)
    assert "Person 00" in first and f"Person {PAGE_SIZE:02d}" not in first
    assert f"Person {PAGE_SIZE:02d}" in second and "Page 2 of 2" in second


def test_status_change_and_note_are_recorded_with_who_and_when(app, desk):
    consult_id = add_consult(app)
    token = csrf_token(desk, f"/staff/requests/{consult_id}")
    response = desk.post(f"/staff/requests/{consult_id}",
                         data={"csrf_token": token, "status": "contacted",
                               "note": "Called, <b>no answer</b>"})
    assert response.status_code == 303 and response.location.endswith(f"/staff/requests/{consult_id}?saved=1")
    html = desk.get(response.location).get_data(as_text=True)
    assert "changed the status from New to Contacted" in html
    assert "Called, &lt;b&gt;no answer&lt;/b&gt;" in html
    with app.app_context(), db.reading() as session:
        consult = session.get(ConsultRequest, consult_id)
        events = session.query(ConsultEvent).filter_by(consult_id=consult_id).all()
    assert consult.status == "contacted" and "no answer" in consult.staff_notes
    assert {(event.kind, event.staff_name) for event in events} == {("status", "alice"), ("note", "alice")}


def test_changes_need_the_csrf_token(app, desk):
    consult_id = add_consult(app)
    assert desk.post(f"/staff/requests/{consult_id}", data={"status": "closed"}).status_code == 400


def test_bad_changes_are_a_clear_message(app, desk):
    consult_id = add_consult(app)
    token = csrf_token(desk, f"/staff/requests/{consult_id}")
    response = desk.post(f"/staff/requests/{consult_id}", data={"csrf_token": token, "note": "x" * 1001})
    assert response.status_code == 400 and "at most 1000 characters" in response.get_data(as_text=True)
    assert desk.post("/staff/requests/999999", data={"csrf_token": token, "note": "hi"}).status_code == 404
    assert desk.get("/staff/requests/999999").status_code == 404


def test_arabic_pages_show_riyadh_time_and_the_hijri_date(app, desk):
    add_consult(app, created_at=dt.datetime(2026, 11, 25, 21, 30, tzinfo=dt.UTC))  # Riyadh: 00:30 on the 26th
    english = desk.get("/staff/?ui=en").get_data(as_text=True)
    assert "26 November 2026" in english and "12:30 AM" in english and "هـ" not in english
    arabic = desk.get("/staff/?ui=ar").get_data(as_text=True)
    assert "26 نوفمبر 2026" in arabic and "16 جمادى الآخرة 1448 هـ" in arabic
