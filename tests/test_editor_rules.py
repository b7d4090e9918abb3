"""The editor's rules, written once: plural form -> source text, carrying an edit over a changed source, and
the save policy shared by the single and the page-at-once save."""
from babel.messages.pofile import write_po

from kiosk.editor import entries as editor
from kiosk.editor import policy
from kiosk.i18n import catalogs, overlay
from kiosk.i18n.checks import source_of_form

PLURAL = ("Step %(num)d of %(total)d", "Steps %(num)d of %(total)d")


def test_arabic_form_one_answers_the_singular_and_every_other_form_the_plural():
    assert [source_of_form(PLURAL, index, 6) for index in range(6)] == [
        PLURAL[1], PLURAL[0], PLURAL[1], PLURAL[1], PLURAL[1], PLURAL[1]]
    assert source_of_form(PLURAL, 0, 1) == PLURAL[0]  # a language with a single form


def _upgrade(tree, old: str, new: str) -> None:
    """The next release rewords `old` as `new`; `kiosk i18n update` keeps the old one as #| previous."""
    path = catalogs.po_path(tree, "ar")
    catalog = catalogs.read_catalog(path, "ar")
    message = catalog[old]
    catalog.delete(old)
    catalog.add(new, message.string, message.locations, flags={"fuzzy"}, previous_id=[old])
    with open(path, "wb") as handle:
        write_po(handle, catalog, include_previous=True)


def test_the_editor_shows_a_carried_edit_exactly_when_the_kiosk_does(translations_copy, app_factory):
    app = app_factory(CATALOG_CHECK_SECONDS=0)
    with app.app_context():
        overlay.save("ar", "Home", "البداية", "Home", "mona", 0)
        overlay.save("ar", "Article", "المقالة كاملة", "Article", "mona", 0)
    _upgrade(translations_copy, "Home", "Home (start)")  # still fits: carried until reviewed
    _upgrade(translations_copy, "Article", "Article by %(name)s")  # the old Arabic lacks the placeholder
    upgraded = catalogs.Catalogs(translations_copy, database=app.extensions["kiosk_db"], interval=0)
    served = upgraded.translations("ar")
    with app.app_context():
        found = {entry.msgid: entry for entry in editor.entries(upgraded, "ar")}
    assert served.gettext("Home (start)") == found["Home (start)"].value == "البداية"
    assert found["Home (start)"].needs_review
    kiosk_text = served.gettext("Article by %(name)s")
    assert "المقالة كاملة" not in kiosk_text
    article = found["Article by %(name)s"]
    assert article.staff_value is None and not article.needs_review and article.fuzzy  # shown as fuzzy


def test_one_policy_holds_saves_and_reports_conflicts(app_factory):
    app = app_factory(CATALOG_CHECK_SECONDS=0)
    with app.test_request_context("/staff/translations/"):
        entry = editor.find(editor.entries(app.extensions["kiosk_catalogs"], "ar"), "Home")
        submit = {"locale": "ar", "nplurals": 6, "by": "mona", "accept_warnings": False, "role": "admin"}
        held = policy.submit(entry, "<b>البداية</b>", expected_version=0, **submit)
        assert held.kind == "held" and held.blocking
        warned = policy.submit(entry, " البداية", expected_version=0, **submit)
        assert warned.kind == "held" and warned.warned and not warned.blocking
        assert policy.submit(entry, "البداية", expected_version=0, **submit).kind == "saved"
        conflict = policy.submit(entry, "الصفحة الأولى", expected_version=0, **submit)
        assert conflict.kind == "conflict" and conflict.conflict.current == "البداية"
