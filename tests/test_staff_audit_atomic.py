"""A change and its audit entry are one transaction: when writing the entry fails, the change is not kept
either (status changes, calls, saved, approved and reverted translations). The failure is real: a trigger
makes the database refuse every new audit row, after the change was written in the same transaction."""
import re

import pytest
from sqlalchemy import func, select
from staffkit import add_consult, add_staff, login

from kiosk import db
from kiosk.editor import proposals
from kiosk.i18n import overlay
from kiosk.i18n.models import OverlayChange, key_hash
from kiosk.records.audit import AuditEntry
from kiosk.records.consults import ConsultRequest
from kiosk.records.reception import ContactAttempt
from kiosk.records.staff import ConsultEvent
from kiosk.staff import audit

EDIT = f"/staff/translations/{key_hash('ar', 'Home')}"


def _refuse_audit_rows(app) -> None:
    with app.app_context(), db.engine().begin() as connection:
        connection.exec_driver_sql("CREATE TRIGGER audit_down BEFORE INSERT ON staff_audit "
                                   "BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END")


def _count(app, model) -> int:
    with app.app_context(), db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def _post_failing(client, url: str, data: dict) -> None:
    """The request fails (an error page, or the error itself under TESTING): never a success."""
    try:
        response = client.post(url, data=data)
    except Exception as error:  # the database's refusal, propagated by the test client
        assert "audit log unavailable" in str(error)
        return
    assert response.status_code >= 500, response.status_code


@pytest.fixture
def desk(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, CATALOG_CHECK_SECONDS=0)
    add_staff(app, "lead", role="admin")
    client = app.test_client()
    login(client, "lead")
    return app, client


def test_a_status_change_is_not_kept_without_its_audit_entry(desk):
    app, client = desk
    consult_id = add_consult(app)
    _refuse_audit_rows(app)
    _post_failing(client, f"/staff/requests/{consult_id}", {"status": "booked", "note": "rang"})
    with app.app_context(), db.reading() as session:
        assert session.get(ConsultRequest, consult_id).status == "new"
    assert _count(app, ConsultEvent) == 0


def test_a_call_is_not_kept_without_its_audit_entry(desk):
    app, client = desk
    consult_id = add_consult(app)
    _refuse_audit_rows(app)
    _post_failing(client, f"/staff/requests/{consult_id}/attempts", {"outcome": "booked", "note": ""})
    assert _count(app, ContactAttempt) == 0
    with app.app_context(), db.reading() as session:
        assert session.get(ConsultRequest, consult_id).status == "new"


def _edit_form(client) -> dict:
    page = client.get(EDIT).get_data(as_text=True)
    return {"row_version": re.search(r'name="row_version" value="(\d+)"', page).group(1)}


def test_an_admins_save_is_not_kept_without_its_audit_entry(desk):
    app, client = desk
    _refuse_audit_rows(app)
    _post_failing(client, EDIT, {"msgstr": "صفحة البدء", **_edit_form(client)})
    assert _count(app, OverlayChange) == 0


def test_an_approval_is_all_or_nothing(desk):
    app, client = desk
    with app.app_context():
        proposal_id = proposals.propose("ar", "Home", "صفحة البدء", "Home", "sara", 0)
    _refuse_audit_rows(app)
    _post_failing(client, f"/staff/translations/proposals/{proposal_id}/approve", {})
    assert _count(app, OverlayChange) == 0
    with app.app_context():
        assert [p.id for p in proposals.pending("ar")] == [proposal_id]  # still waiting, not half-approved


def test_a_revert_is_not_kept_without_its_audit_entry(desk):
    app, client = desk
    with app.app_context():
        overlay.save("ar", "Home", "صفحة البدء", "Home", "lead", 0)
        with db.reading() as session:
            change_id = session.scalar(select(OverlayChange.id))
    _refuse_audit_rows(app)
    _post_failing(client, f"/staff/translations/history/{change_id}/revert", {})
    assert _count(app, OverlayChange) == 1


def test_the_api_adds_the_entry_to_the_callers_session_only(app):
    with app.app_context():
        with pytest.raises(RuntimeError), db.transaction() as session:
            session.add(OverlayChange(locale="ar", key_hash="x" * 64, msgid="Home", old=None, new='"x"',
                                      changed_by="lead", action="save"))
            audit.record("translation_save", None, "Home", session=session)
            raise RuntimeError("crash before the commit")
        assert _count(app, OverlayChange) == 0 and _count(app, AuditEntry) == 0
        with db.transaction() as session:
            audit.record("translation_save", None, "Home", session=session)
        assert _count(app, AuditEntry) == 1
