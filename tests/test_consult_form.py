"""SPEC §4 through HTTP: every rule, every status code, the headers, the pages' contracts."""
import re

import pytest
from consult_support import FormClient, stored, tokens, valid
from pages import LOCALES, PageReader

from kiosk.consults.privacy import CONSENT_VERSION
from kiosk.consults.reference import is_reference


def field_tag(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


@pytest.mark.parametrize("lang", LOCALES)
def test_form_page_is_in_the_page_language_with_kiosk_attributes(client, app, lang):
    response = client.get(f"/{lang}/consult")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    page = PageReader(html)
    assert page.html_attrs["lang"] == lang and page.html_attrs["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert page.html_attrs["data-idle-seconds"] == str(2 * app.config["IDLE_SECONDS"])
    assert f"/{'ar' if lang == 'en' else 'en'}/consult" in page.hrefs(), "language switch"
    assert ("Request a consultation" in html) == (lang == "en") and ("طلب استشارة" in html) == (lang == "ar")
    # The form holds autocomplete="off" for its choices (HTML allows it on text-like inputs only).
    assert re.search(r'<form[^>]*data-consult-form[^>]*autocomplete="off"', html)
    for name in ("name", "phone", "message"):
        assert 'autocomplete="off"' in field_tag(html, name), name
    assert 'data-keyboard="text"' in field_tag(html, "name")
    assert 'data-keyboard="text"' in field_tag(html, "message")
    phone = field_tag(html, "phone")
    assert all(attr in phone for attr in ('data-keyboard="phone"', 'inputmode="tel"', 'dir="ltr"'))
    assert re.search(rf'<input[^>]*checked[^>]*name="preferred_language"[^>]*value="{lang}"', html)
    assert tokens(html)["submission_id"]


def test_home_links_to_the_form(client):
    assert "/ar/consult" in PageReader(client.get("/ar/").get_data(as_text=True)).hrefs()


def test_each_rendered_form_gets_a_new_submission_id(client):
    form = FormClient(client)
    assert form.open()["submission_id"] != form.open()["submission_id"]


def test_the_stored_blank_form_never_shows_its_slot(client):
    """The blank form is rendered once with a slot; every response gets its own submission_id there."""
    for lang in LOCALES * 2:
        html = client.get(f"/{lang}/consult").get_data(as_text=True)
        assert "slot" not in html and "csrf" not in html
        assert re.fullmatch(r"[0-9a-f]{32}", tokens(html)["submission_id"])


@pytest.mark.parametrize("lang", LOCALES)
def test_valid_request_is_stored_then_303_to_the_confirmation(client, app, lang):
    response = FormClient(client, lang).submit(name="  \u202eسارة\u202c  القحطاني ", phone="٠٥٠ ١٢٣ ٤٥٦٧",
                                               preferred_language="en", preferred_time="evening",
                                               message="اتصلوا\u200c بعد العصر\r\nشكرًا")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/{lang}/consult/sent?ref=")
    assert response.headers["Cache-Control"] == "no-store"
    [record] = stored(app)
    assert (record.name, record.phone, record.preferred_language, record.preferred_time) == (
        "سارة القحطاني", "+966501234567", "en", "evening")
    assert record.message == "اتصلوا\u200c بعد العصر\nشكرًا"
    assert (record.page_language, record.kiosk_id, record.status) == (lang, app.config["KIOSK_ID"], "new")
    assert record.consent_version == CONSENT_VERSION and record.consented_at is not None
    assert is_reference(record.reference)

    sent = client.get(response.headers["Location"])
    assert sent.status_code == 200 and sent.headers["Cache-Control"] == "no-store"
    html = sent.get_data(as_text=True)
    assert re.search(rf'<p class="reference" dir="ltr"[^>]*>{record.reference}</p>', html)
    assert '<meta http-equiv="refresh" content="20; url=/">' in html
    for personal in ("سارة", "القحطاني", "501234567", "4567"):
        assert personal not in html


def test_missing_preferred_language_defaults_to_the_page_language(client, app):
    assert FormClient(client, "ar").submit(preferred_language=None).status_code == 303
    assert stored(app)[0].preferred_language == "ar"


def test_sent_page_without_a_request_goes_to_the_form(client):
    response = client.get("/en/consult/sent")
    assert response.status_code == 303 and response.headers["Location"].endswith("/en/consult")


def test_the_next_patient_does_not_see_the_previous_reference(client):
    """Nothing is kept between requests: the confirmation page shows only what its URL says."""
    form = FormClient(client)
    assert form.submit().status_code == 303
    form.open()
    assert client.get("/en/consult/sent").status_code == 303


def test_double_tap_creates_one_record_and_the_same_confirmation(client, app):
    form = FormClient(client)
    hidden = form.open()
    first = form.post(valid(), hidden)
    sent = client.get(first.headers["Location"]).get_data(as_text=True)
    reference = re.search(r'class="reference"[^>]*>([^<]+)<', sent)[1]
    again = form.post(valid(name="Sara Again"), hidden)
    assert first.status_code == again.status_code == 303
    assert reference in client.get(again.headers["Location"]).get_data(as_text=True)
    assert [record.name for record in stored(app)] == ["Sara Al-Qahtani"]


RULES = [
    ({"name": ""}, "name", "Please enter your name."),
    ({"name": "\u200b \u202e "}, "name", "Please enter your name."),
    ({"name": "S"}, "name", "Please enter at least 2 letters."),
    ({"name": "S" * 81}, "name", "at most 80 characters"),
    ({"name": "Sara 2"}, "name", "cannot contain digits"),
    ({"name": "سارة ٣"}, "name", "cannot contain digits"),
    ({"name": "Sara <b>"}, "name", "Please use only letters"),
    ({"name": "..."}, "name", "Please use only letters"),
    ({"phone": ""}, "phone", "Please enter your mobile number."),
    ({"phone": "0112345678"}, "phone", "landline"),
    ({"phone": "+44 7911 123456"}, "phone", "only call Saudi mobile numbers"),
    ({"phone": "12345"}, "phone", "Please enter a Saudi mobile number"),
    ({"preferred_language": "fr"}, "preferred_language", "Please choose Arabic or English."),
    ({"preferred_time": None}, "preferred_time", "Please choose when we may call you."),
    ({"preferred_time": "midnight"}, "preferred_time", "Please choose when we may call you."),
    ({"message": "x" * 501}, "message", "it now has 501"),
    ({"consent": None}, "consent", "Please tick the box"),
]


@pytest.mark.parametrize(("change", "field", "message"), RULES,
                         ids=[f"{field}-{index}" for index, (_, field, _) in enumerate(RULES)])
def test_invalid_input_is_a_400_with_the_error_beside_its_field_and_in_the_summary(
        client, app, change, field, message):
    response = FormClient(client).submit(**change)
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True).replace("&#39;", "'")
    start = html.index('class="error-summary"')
    summary = html[start:html.index("</div>", start)]
    assert message in summary
    error = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html, re.S)
    assert error and message in error.group(1)
    assert f'href="#{field}{"-0" if field.startswith("preferred") else ""}"' in summary
    tag = re.search(rf'<(?:input|textarea)[^>]*name="{field}"[^>]*>', html).group(0)
    assert f"{field}-error" in re.search(r'aria-describedby="([^"]*)"', tag).group(1)
    assert stored(app) == []


def test_limits_are_inclusive(client, app):
    response = FormClient(client).submit(name="S" * 80, message="م" * 500)
    assert response.status_code == 303
    assert len(stored(app)[0].message) == 500


def test_typed_values_are_kept_but_not_the_consent_tick(client):
    response = FormClient(client, "ar").submit(name="سارة", phone="0112345678", preferred_time="afternoon",
                                               preferred_language="en", message="مرحبا <script>")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="سارة"' in field_tag(html, "name")
    assert 'value="0112345678"' in field_tag(html, "phone")
    assert re.search(r'<input[^>]*checked[^>]*value="afternoon"', html)
    assert re.search(r'<input[^>]*checked[^>]*value="en"', html)
    assert "مرحبا &lt;script&gt;</textarea>" in html
    assert "checked" not in field_tag(html, "consent")
    assert "يُرجى مراجعة خانة واحدة في النموذج." in html  # the summary, in Arabic (one error)


@pytest.mark.parametrize("hidden_id", ["", "not-an-id", "x" * 5000])
def test_a_bad_submission_id_is_a_400_with_a_fresh_one(client, hidden_id):
    form = FormClient(client)
    hidden = {**form.open(), "submission_id": hidden_id}
    response = form.post(valid(), hidden)
    assert response.status_code == 400
    fresh = tokens(response.get_data(as_text=True))["submission_id"]
    assert re.fullmatch(r"[0-9a-f]{32}", fresh)
    assert form.post(valid(), {**hidden, "submission_id": fresh}).status_code == 303
