"""Three 500s found in review (issue 17), each on both databases: a call-back time at the ends of the
calendar, a NUL character in a translation (save, page save, approval), `/staff/live?since=` past 32 bits.
The hostile sweep (tests/test_hostile_requests.py) now reaches each of them too."""
import re

import pytest
from staffkit import add_consult, add_staff, csrf_token, login

from kiosk.i18n import overlay
from kiosk.i18n.models import key_hash

NUL = "البداية\x00"


@pytest.fixture
def desk(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, CATALOG_CHECK_SECONDS=0)
    add_staff(app)
    add_staff(app, "sara", role="translator")
    client = app.test_client()
    assert login(client).status_code == 303
    return app, client


@pytest.mark.parametrize("moment", ["0001-01-01T00:00", "0001-01-01T02:59", "9999-12-31T23:59",
                                    "0000-01-01T00:00"])
def test_a_call_back_at_the_ends_of_the_calendar_is_a_plain_400(desk, moment):
    app, client = desk
    consult_id = add_consult(app)
    response = client.post(f"/staff/requests/{consult_id}/attempts", data={
        "csrf_token": csrf_token(client, "/staff/?ui=en"), "outcome": "call_back", "callback_at": moment})
    assert response.status_code == 400
    assert "Please give a date and time in the future for the call back." in response.get_data(as_text=True)


@pytest.mark.parametrize("since", [str(2 ** 31), str(2 ** 31 - 1), "9" * 11, str(2 ** 63)])
def test_the_live_poll_takes_any_number(desk, since):
    app, client = desk
    add_consult(app)
    response = client.get(f"/staff/live?since={since}")
    assert response.status_code == 200 and response.is_json


def _edit(client, digest: str, value: str):
    page = client.get(f"/staff/translations/{digest}?ui=en").get_data(as_text=True)
    version = re.search(r'name="row_version" value="(\d+)"', page).group(1)
    return client.post(f"/staff/translations/{digest}", data={
        "csrf_token": csrf_token(client, "/staff/?ui=en"), "row_version": version, "msgstr": value,
        "accept_warnings": "1"})


CONTROL_ERROR = "Remove the invisible control characters"


def test_a_nul_in_a_translation_is_a_check_error_in_the_editor(desk):
    app, client = desk
    response = _edit(client, key_hash("ar", "Home"), NUL)
    assert response.status_code == 400 and CONTROL_ERROR in response.get_data(as_text=True)
    translator = app.test_client()
    assert login(translator, "sara").status_code == 303
    proposed = _edit(translator, key_hash("ar", "Home"), NUL)  # a translator's save is a proposal
    assert proposed.status_code == 400 and CONTROL_ERROR in proposed.get_data(as_text=True)


def test_a_nul_in_a_translation_is_a_check_error_on_the_page_of_texts(desk):
    app, client = desk
    path = "/staff/translations/page?q=home&ui=en"
    html = client.get(path).get_data(as_text=True)
    form = dict(re.findall(r'<input type="hidden" name="((?:shown|version)-\w+)" value="([^"]*)"', html))
    form.update({name: NUL for name in re.findall(r'name="(msgstr-\w+)"', html)})
    response = client.post(path, data={**form, "csrf_token": csrf_token(client, "/staff/?ui=en"),
                                       "accept_warnings": "1"})
    assert response.status_code == 400 and CONTROL_ERROR in response.get_data(as_text=True)


def test_a_proposal_with_a_nul_is_refused_plainly_when_approved(desk):
    """One kept before the check existed: approval says so and changes nothing."""
    app, client = desk
    from kiosk.editor import proposals

    with app.app_context():
        proposal_id = proposals.propose("ar", "Home", NUL, "Home", "sara", 0)
    response = client.post(f"/staff/translations/proposals/{proposal_id}/approve?ui=en",
                           data={"csrf_token": csrf_token(client, "/staff/?ui=en")})
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not approved: this proposal contains characters that cannot be saved" in page
    with app.app_context(), app.extensions["kiosk_db"].reader() as session:
        assert overlay.history(session, "ar") == []
