"""Privacy requests (SPEC §5, PDPL arts. 4, 5, 18): find all held by phone, download, correct, erase."""
import datetime as dt
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from privacykit import ARABIC_NAME, NAME, PHONE, TYPED, entries, post, seed_patient
from sqlalchemy import func, select
from staffkit import add_consult, add_staff, csrf_token, login

from kiosk import db
from kiosk.accesslog import AccessLog
from kiosk.accesslog import logger as access_logger
from kiosk.consults.models import ConsultRequest
from kiosk.reception.models import ContactAttempt, MailMessage
from kiosk.staff.models import ConsultEvent

SPELLINGS = ["0551234567", "551234567", "+966551234567", "00966551234567", "055 123 4567", "055-123-4567",
             "+966 55 123 4567", "٠٥٥١٢٣٤٥٦٧", "۰۵۵۱۲۳۴۵۶۷",
             "\x00055\u200b1234567\x00"]  # invisible and control characters go, as on the kiosk form
URLS = ["/staff/privacy", "/staff/privacy/download", "/staff/privacy/correct", "/staff/privacy/erase",
        "/staff/privacy/log", "/staff/privacy/log/done"]


@pytest.fixture
def admin(app):
    add_staff(app)
    client = app.test_client()
    login(client)
    return client


def _no_personal_data_in_the_audit(app, *secrets):
    for entry in entries(app):
        text = f"{entry.actor} {entry.action} {entry.reference} {entry.detail}"
        for secret in (*secrets, "551234567", NAME, ARABIC_NAME):
            assert secret not in text, (secret, entry.action)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_search_in_any_spelling_lists_everything_held(app, admin, spelling):
    references = seed_patient(app)
    response = post(admin, "/staff/privacy?ui=en", {"phone": spelling})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    for reference in references:
        assert reference in html
    assert "OTH-ER2" not in html and "Someone Else" not in html
    assert NAME in html and ARABIC_NAME in html
    assert f"{NAME} asked for a call after work" in html  # the note and the history
    assert "rang twice, no answer" in html and "No answer" in html  # the call and its outcome
    assert "2 queued mails" in html and "0 spooled copies" in html
    searches = entries(app, "privacy_search")
    assert len(searches) == 1 and searches[0].actor == "alice" and "requests=2" in searches[0].detail
    _no_personal_data_in_the_audit(app, spelling)


def test_a_search_that_finds_nothing_says_so_and_is_audited(app, admin):
    response = post(admin, "/staff/privacy?ui=en", {"phone": "0501112222"})
    assert response.status_code == 200
    assert "Nothing is held for this number." in response.get_data(as_text=True)
    assert entries(app, "privacy_search")[0].detail.startswith("requests=0")


@pytest.mark.parametrize("phone", ["", "12345", "call me", "+14155552671", "0112345678", "\x00",
                                   "05512345678", "0" * 60_000, "<script>alert(1)</script>",
                                   "٠٥٥١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩"])
def test_a_bad_number_is_a_clear_error_never_a_500(app, admin, phone):
    seed_patient(app)
    response = post(admin, "/staff/privacy?ui=en", {"phone": phone})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please enter a Saudi mobile number" in html
    assert "<script>alert(1)</script>" not in html
    assert entries(app, "privacy_search") == []
    for url in URLS[1:4]:
        assert post(admin, url, {"phone": phone, "confirm": "yes", "reference": "K000001"}).status_code == 400


def test_the_error_is_in_arabic_on_an_arabic_page(app, admin):
    html = post(admin, "/staff/privacy?ui=ar", {"phone": "123"}).get_data(as_text=True)
    assert 'lang="ar"' in html and "يُرجى كتابة رقم جوال سعودي" in html


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_the_phone_number_never_goes_in_a_url_or_the_access_log(app, admin):
    seed_patient(app)
    html = admin.get("/staff/privacy?ui=en").get_data(as_text=True)
    assert 'method="post" action="/staff/privacy"' in html  # the search is a POST: no number in a URL
    app.wsgi_app = AccessLog(app.wsgi_app)
    collected, level = _Lines(), access_logger.level
    access_logger.addHandler(collected)
    access_logger.setLevel(logging.INFO)
    try:
        post(admin, "/staff/privacy?ui=en&phone=0551234567", {"phone": TYPED})
        post(admin, "/staff/privacy/download", {"phone": TYPED})
    finally:
        access_logger.removeHandler(collected)
        access_logger.setLevel(level)
    assert any(" /staff/privacy/download " in line for line in collected.lines), collected.lines
    assert not any("551234567" in line or "055%20" in line for line in collected.lines), collected.lines


def test_download_is_one_json_file_of_everything_held(app, admin):
    references = seed_patient(app)
    response = post(admin, "/staff/privacy/download", {"phone": TYPED})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "application/json" and response.mimetype_params["charset"] == "utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".json" in disposition and "551234567" not in disposition
    data = json.loads(response.get_data().decode("utf-8"))
    assert data["phone"] == PHONE
    assert [request["reference"] for request in data["requests"]] == references
    first, second = data["requests"]
    assert first["name"] == NAME and second["name"] == ARABIC_NAME  # UTF-8, not \u escapes
    assert ARABIC_NAME.encode() in response.get_data()
    assert first["status"] == "contacted" and first["message"] == "Evenings are best"
    assert sorted(event["kind"] for event in first["history"]) == ["note", "status"]
    assert second["calls"][0]["outcome"] == "no_answer"
    assert second["calls"][0]["note"] == "rang twice, no answer"
    assert data["queued_mails"] == 2 and data["spooled"] == []
    downloads = entries(app, "privacy_download")
    assert len(downloads) == 1 and "requests=2" in downloads[0].detail
    _no_personal_data_in_the_audit(app)


def _consult(app, reference: str) -> ConsultRequest:
    with app.app_context(), db.reading() as session:
        return session.scalar(select(ConsultRequest).where(ConsultRequest.reference == reference))


def test_the_name_and_the_phone_are_corrected_as_the_form_validates_them(app, admin):
    first, _second = seed_patient(app)
    bad = post(admin, "/staff/privacy/correct?ui=en",
               {"phone": PHONE, "reference": first, "name": "R2D2", "new_phone": PHONE})
    assert bad.status_code == 400 and "A name cannot contain digits" in bad.get_data(as_text=True)
    bad = post(admin, "/staff/privacy/correct?ui=en",
               {"phone": PHONE, "reference": first, "name": NAME, "new_phone": "0112345678"})
    assert bad.status_code == 400 and "landline" in bad.get_data(as_text=True)
    assert _consult(app, first).name == NAME
    fixed = post(admin, "/staff/privacy/correct?ui=en",
                 {"phone": TYPED, "reference": first, "name": "  Zubaida Qasim ", "new_phone": "٠٥٩٨٧٦٥٤٣٢"})
    assert fixed.status_code == 200, fixed.get_data(as_text=True)
    consult = _consult(app, first)
    assert (consult.name, consult.phone) == ("Zubaida Qasim", "+966598765432")
    assert "Corrected." in fixed.get_data(as_text=True)
    corrections = entries(app, "privacy_correct")
    assert len(corrections) == 1 and corrections[0].reference == first
    assert corrections[0].detail == "name phone"
    with app.app_context(), db.reading() as session:
        kinds = session.scalars(select(ConsultEvent.kind).where(ConsultEvent.consult_id == consult.id)).all()
    assert "correction" in kinds
    _no_personal_data_in_the_audit(app, "598765432", "Zubaida Qasim")
    # a reference that does not belong to the searched number is not corrected
    other = post(admin, "/staff/privacy/correct",
                 {"phone": PHONE, "reference": "OTH-ER2", "name": "Changed Name", "new_phone": PHONE})
    assert other.status_code == 404 and _consult(app, "OTH-ER2").name == "Someone Else"


def _count(app, model, *where) -> int:
    with app.app_context(), db.reading() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def test_erase_all_removes_requests_calls_notes_history_and_mail_with_one_audit_entry(app, admin):
    references = seed_patient(app)
    refused = post(admin, "/staff/privacy/erase?ui=en", {"phone": TYPED})
    assert refused.status_code == 400 and "tick" in refused.get_data(as_text=True)
    assert _count(app, ConsultRequest) == 3
    response = post(admin, "/staff/privacy/erase?ui=en", {"phone": TYPED, "confirm": "yes"})
    assert response.status_code == 200
    assert "2 requests erased." in response.get_data(as_text=True)
    assert _count(app, ConsultRequest) == 1
    assert _count(app, ConsultRequest, ConsultRequest.phone == PHONE) == 0
    assert (_count(app, ContactAttempt), _count(app, ConsultEvent), _count(app, MailMessage)) == (0, 0, 0)
    erasures = entries(app, "privacy_erase")
    assert len(erasures) == 1 and erasures[0].actor == "alice"
    assert erasures[0].detail.startswith("requests=2 ")
    assert all(reference in erasures[0].detail for reference in references)
    _no_personal_data_in_the_audit(app)
    again = post(admin, "/staff/privacy?ui=en", {"phone": PHONE})
    assert "Nothing is held for this number." in again.get_data(as_text=True)


def _log_rows(html: str) -> str:
    return html.split('id="log"', 1)[1]


def test_the_request_log_keeps_kind_received_and_due_date_until_done(app, admin):
    from kiosk.staff.dates import today

    received = today() - dt.timedelta(days=40)
    assert post(admin, "/staff/privacy/log", {"kind": "erasure", "received": received.isoformat()}
                ).status_code == 303
    assert post(admin, "/staff/privacy/log", {"kind": "access", "received": ""}).status_code == 303
    arabic_date = (today() - dt.timedelta(days=2)).isoformat().translate(str.maketrans("0123456789",
                                                                                       "٠١٢٣٤٥٦٧٨٩"))
    assert post(admin, "/staff/privacy/log", {"kind": "correction", "received": arabic_date,
                                              "reference": "k7q m4x"}).status_code == 303
    for bad in ({"kind": "deletion", "received": ""}, {"kind": "access", "received": "2026-02-30"},
                {"kind": "access", "received": (today() + dt.timedelta(days=1)).isoformat()},
                {"kind": "access", "received": "\x00"}, {"kind": "access", "reference": "Sara 0551234567"},
                {}):
        assert post(admin, "/staff/privacy/log?ui=en", bad).status_code == 400, bad
    html = _log_rows(admin.get("/staff/privacy?ui=en").get_data(as_text=True))
    assert (received + dt.timedelta(days=30)).isoformat() in html  # due 30 days after it was received
    assert (today() + dt.timedelta(days=30)).isoformat() in html
    assert html.count("Overdue") == 1 and "Erasure" in html and "Access" in html and "K7Q-M4X" in html
    assert len(entries(app, "privacy_log")) == 3
    from kiosk.privacy.models import PrivacyRequest

    with app.app_context(), db.reading() as session:
        overdue = session.scalar(select(PrivacyRequest.id).where(PrivacyRequest.kind == "erasure"))
    assert post(admin, "/staff/privacy/log/done", {"entry": str(overdue)}).status_code == 303
    assert post(admin, "/staff/privacy/log/done", {"entry": "99999"}).status_code == 404
    assert post(admin, "/staff/privacy/log/done", {"entry": "x\x00"}).status_code == 404
    html = _log_rows(admin.get("/staff/privacy?ui=en").get_data(as_text=True))
    assert "Overdue" not in html and "Erasure" not in html and "Access" in html
    assert len(entries(app, "privacy_done")) == 1


@pytest.mark.parametrize("role", ["reception", "translator"])
def test_only_an_admin_may_open_the_privacy_pages(app, role):
    add_staff(app, "desk", role=role)
    seed_patient(app)
    client = app.test_client()
    login(client, "desk")
    assert client.get("/staff/privacy").status_code == 403
    token = csrf_token(client, "/staff/?ui=en" if role == "reception" else "/staff/translations/?ui=en")
    for url in URLS:
        response = client.post(url, data={"csrf_token": token, "phone": PHONE, "confirm": "yes",
                                          "kind": "access", "reference": "OTH-ER2", "name": "New Name",
                                          "new_phone": PHONE})
        assert response.status_code == 403, url
        assert "551234567" not in response.get_data(as_text=True)
    assert _count(app, ConsultRequest) == 3 and entries(app, "privacy_search") == []
    home = client.get("/staff/?ui=en" if role == "reception" else "/staff/translations/?ui=en")
    assert "/staff/privacy" not in home.get_data(as_text=True)  # no link to a page they cannot open


def test_signed_out_visitors_are_sent_to_the_sign_in(client):
    assert client.get("/staff/privacy").status_code == 302
    assert client.post("/staff/privacy", data={"phone": PHONE}).status_code in (303, 400)


def test_an_admin_finds_the_privacy_page_in_the_staff_menu(app, admin):
    add_consult(app)
    assert 'href="/staff/privacy"' in admin.get("/staff/?ui=en").get_data(as_text=True)


def test_no_change_is_kept_without_its_audit_entry(app, admin):
    """A trigger makes the database refuse every new audit row: the correction, the erasure and the log's
    changes, written in the same transaction, are not kept either."""
    from kiosk.privacy.models import PrivacyRequest

    references = seed_patient(app)
    assert post(admin, "/staff/privacy/log", {"kind": "access", "received": ""}).status_code == 303
    token = csrf_token(admin, "/staff/privacy?ui=en")
    with app.app_context(), db.engine().begin() as connection:
        connection.exec_driver_sql("CREATE TRIGGER audit_down BEFORE INSERT ON staff_audit "
                                   "BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END")
    attempts = [("/staff/privacy/correct", {"phone": PHONE, "reference": references[0], "name": "Other Name",
                                            "new_phone": PHONE}),
                ("/staff/privacy/erase", {"phone": PHONE, "confirm": "yes"}),
                ("/staff/privacy/log", {"kind": "erasure", "received": ""}),
                ("/staff/privacy/log/done", {"entry": "1"})]
    for url, data in attempts:
        try:
            response = admin.post(url, data={"csrf_token": token, **data})
        except Exception as error:  # the database's refusal, propagated by the test client under TESTING
            assert "audit log unavailable" in str(error)
        else:
            assert response.status_code >= 500, (url, response.status_code)
    assert _consult(app, references[0]).name == NAME
    assert _count(app, ConsultRequest, ConsultRequest.phone == PHONE) == 2
    assert _count(app, ConsultEvent, ConsultEvent.kind == "correction") == 0
    assert _count(app, PrivacyRequest) == 1
    assert _count(app, PrivacyRequest, PrivacyRequest.done_at.is_(None)) == 1


FIELDS = ["phone", "name", "new_phone", "reference", "confirm", "kind", "received", "entry"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(url=st.sampled_from(URLS), form=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=60)))
def test_any_privacy_form_is_answered_never_a_500(app, url, form):
    if not hasattr(app, "_privacy_desk"):
        add_staff(app)
        seed_patient(app)
        app._privacy_desk = app.test_client()
        login(app._privacy_desk)
    response = post(app._privacy_desk, f"{url}?ui=ar", form)
    assert response.status_code < 500, (url, form)


def test_the_audit_log_shows_privacy_actions_in_words_by_reference_only(app, admin):
    references = seed_patient(app)
    post(admin, "/staff/privacy", {"phone": PHONE})
    post(admin, "/staff/privacy/correct", {"phone": PHONE, "reference": references[0], "name": "Zubaida Q",
                                           "new_phone": PHONE})
    from kiosk.staff.dates import today

    received = (today() - dt.timedelta(days=8)).isoformat()
    post(admin, "/staff/privacy/log", {"kind": "erasure", "received": received})
    post(admin, "/staff/privacy/erase", {"phone": PHONE, "confirm": "yes"})
    english = admin.get("/staff/audit?ui=en").get_data(as_text=True)
    assert "Searched for a patient&#39;s data" in english and "Erased a patient&#39;s data" in english
    counts = "2 consult requests · 2 queued mails · 0 spooled copies"
    assert counts in english and f"{counts}: {references[0]} {references[1]}" in english
    assert f"Erasure · received on {received}" in english and "Patient&#39;s name" in english
    arabic = admin.get("/staff/audit?ui=ar").get_data(as_text=True)
    assert "طلبا استشارة · رسالتا بريد في قائمة الانتظار" in arabic and "حذف البيانات" in arabic
    _no_personal_data_in_the_audit(app, "Zubaida Q")
