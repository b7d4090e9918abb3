"""Proposals and the audit log (SPEC §5): a translator proposes, an admin approves; /staff/audit records who
did what and when, by reference code only, and is purged with the consult requests."""
import datetime as dt
import re

import pytest
from staffkit import add_consult, add_staff, login

from kiosk import db
from kiosk.i18n.models import key_hash
from kiosk.staff import audit

EDIT = f"/staff/translations/{key_hash('ar', 'Home')}"


def _save(client, text: str):
    page = client.get(EDIT).get_data(as_text=True)
    version = re.search(r'name="row_version" value="(\d+)"', page).group(1)
    return client.post(EDIT, data={"msgstr": text, "row_version": version})


def _actions(app) -> list[tuple[str, str, str | None, str]]:
    with app.app_context():
        entries, _total = audit.page_of(1)
    return [(e.actor, e.action, e.reference, e.detail) for e in entries]


def test_a_translators_save_waits_for_an_admins_one_click_approval(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, CATALOG_CHECK_SECONDS=0)
    add_staff(app, "sara", role="translator")
    add_staff(app, "lead", role="admin")
    translator, admin, kiosk = app.test_client(), app.test_client(), app.test_client()
    login(translator, "sara")
    login(admin, "lead")
    assert _save(translator, "<b>صفحة البدء</b>").status_code == 400  # checked like any save
    response = _save(translator, "صفحة البدء")
    assert response.status_code == 303
    assert "صفحة البدء" not in kiosk.get("/ar/").get_data(as_text=True)  # not shown until approved
    waiting = translator.get("/staff/translations/proposals?ui=en").get_data(as_text=True)
    assert "صفحة البدء" in waiting and "Approve" not in waiting  # a translator sees it, cannot approve it
    listed = admin.get("/staff/translations/proposals?ui=ar").get_data(as_text=True)
    proposal = re.search(r'action="(/staff/translations/proposals/\d+/approve)"', listed).group(1)
    assert translator.post(proposal).status_code == 403
    assert admin.post(proposal).status_code == 303
    assert "صفحة البدء" in kiosk.get("/ar/").get_data(as_text=True)  # the live-reload path, as any save
    assert "صفحة البدء" not in admin.get("/staff/translations/proposals").get_data(as_text=True)
    actions = [(actor, action) for actor, action, _ref, _detail in _actions(app)]
    assert actions[:2] == [("lead", "translation_approve"), ("sara", "translation_propose")]


def test_an_admins_save_is_live_at_once_and_recorded(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False, CATALOG_CHECK_SECONDS=0)
    add_staff(app, "lead", role="admin")
    admin = app.test_client()
    login(admin, "lead")
    assert _save(admin, "الصفحة الأولى").status_code == 303
    assert "الصفحة الأولى" in app.test_client().get("/ar/").get_data(as_text=True)
    assert _actions(app)[0][:2] == ("lead", "translation_save")


def test_the_audit_log_lists_views_exports_and_status_changes_by_reference_only(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False)
    add_staff(app, "desk", role="reception")
    add_staff(app, "lead", role="admin")
    consult_id = add_consult(app, reference="K424242", name="نورة العتيبي", phone="+966551234567",
                             message="سري جدا")
    desk = app.test_client()
    login(desk, "desk")
    assert desk.get(f"/staff/requests/{consult_id}").status_code == 200
    assert desk.post(f"/staff/requests/{consult_id}", data={"status": "contacted"}).status_code == 303
    assert desk.get("/staff/export.csv?status=contacted&q=نورة").status_code == 200
    assert desk.get("/staff/audit").status_code == 403
    desk.post("/staff/logout")
    actions = _actions(app)
    assert [a[1] for a in actions] == ["sign_out", "export", "status_change", "view_request", "sign_in"]
    assert actions[1] == ("desk", "export", None, "status=contacted search rows=1")
    assert actions[2] == ("desk", "status_change", "K424242", "new -> contacted")
    admin = app.test_client()
    login(admin, "lead")
    for lang, label in (("en", "Changed a status"), ("ar", "غيّر حالة طلب")):
        html = admin.get(f"/staff/audit?ui={lang}").get_data(as_text=True)
        assert label in html and "K424242" in html and "desk" in html
        assert "نورة" not in html and "551234567" not in html and "سري" not in html
        rows = html.split("<tbody>")[1].split("</tr>")
        newest = "Signed in" if lang == "en" else "سجّل الدخول"
        assert newest in rows[0] and "lead" in rows[0] and "K424242" in rows[3]  # newest first
        # A stored status code is shown in the reader's language.
        # … quoted in Arabic, so a status of two words reads as one: «من «جديد» إلى «تم التواصل»».
        assert {"en": "from New to Contacted", "ar": "من «جديد» إلى «تم التواصل»"}[lang] in rows[3]


@pytest.mark.parametrize(("lang", "shown"), [("en", "\u2068sara\u2069, role: Administrator"),
                                             ("ar", "دور \u2068sara\u2069: مسؤول النظام")])
def test_a_role_in_the_audit_log_is_named_in_the_readers_language(app, lang, shown):
    add_staff(app, "lead", role="admin")
    with app.app_context():
        audit.record("role_change", None, "sara role=admin")
    admin = app.test_client()
    login(admin, "lead")
    html = admin.get(f"/staff/audit?ui={lang}").get_data(as_text=True)
    assert shown in html and "role=admin" not in html


def test_audit_entries_are_purged_with_the_same_retention(app, runner):
    with app.app_context(), db.transaction() as session:
        session.add(audit.AuditEntry(at=dt.datetime.now(dt.UTC) - dt.timedelta(days=400), actor="old",
                                     action="sign_in", detail=""))
    with app.app_context():
        audit.record("sign_in")  # outside a request: the command line
    assert runner.invoke(args=["consults", "purge"]).exit_code == 0
    assert [(actor, action) for actor, action, _r, _d in _actions(app)] == [("cli", "sign_in")]


def test_an_unknown_or_huge_proposal_id_is_a_404(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=False)
    add_staff(app, "lead", role="admin")
    admin = app.test_client()
    login(admin, "lead")
    for number in ("7", "99999999999999999999999"):
        for action in ("approve", "reject"):
            assert admin.post(f"/staff/translations/proposals/{number}/{action}").status_code == 404
