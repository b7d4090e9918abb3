"""The staff overlay on a real database: saves, conflicts, history, revert, upgrades and absorb."""
import threading
import time

import pytest
from babel.messages.pofile import write_po
from flask_babel import force_locale, gettext

from kiosk.i18n import catalogs, overlay, tooling

PLURAL = ("Step %(num)d of %(total)d", "Step %(num)d of %(total)d")


def served(app, msgid: str) -> str:
    with app.test_request_context("/ar/"), force_locale("ar"):
        return gettext(msgid)


def test_a_save_is_served_and_bumps_the_version(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, CATALOG_CHECK_SECONDS=0)
    before = app.extensions["kiosk_catalogs"].version
    with app.app_context():
        assert overlay.save("ar", "Home", "الصفحة الأولى", "Home", "mona", 0) == 1
    assert served(app, "Home") == "الصفحة الأولى"
    assert app.extensions["kiosk_catalogs"].version == before + 1


def test_version_is_read_at_most_once_per_interval(app_factory):
    app = app_factory(CATALOG_CHECK_SECONDS=3600)
    assert served(app, "Home") == "الرئيسية"
    with app.app_context():
        overlay.save("ar", "Home", "الصفحة الأولى", "Home", "mona", 0)
    assert served(app, "Home") == "الرئيسية"  # not checked again yet: no query per request


def test_concurrent_saves_of_different_entries_both_land(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, CATALOG_CHECK_SECONDS=0)
    start = threading.Barrier(2)
    errors = []

    def save(msgid, text):
        with app.app_context():
            start.wait()
            try:
                overlay.save("ar", msgid, text, msgid, "staff", 0)
            except Exception as error:  # collected: an exception in a thread would go unseen
                errors.append(error)

    threads = [threading.Thread(target=save, args=args)
               for args in (("Home", "البداية"), ("Article", "المقالة كاملة"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (served(app, "Home"), served(app, "Article")) == ("البداية", "المقالة كاملة")


def test_concurrent_saves_of_one_entry_tell_the_second_it_changed(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, CATALOG_CHECK_SECONDS=0)
    with app.app_context():
        overlay.save("ar", "Home", "الرئيسية ١", "Home", "mona", 0)
    start = threading.Barrier(2)
    outcomes = []

    def save(text):
        with app.app_context():
            start.wait()
            try:
                overlay.save("ar", "Home", text, "Home", "staff", 1)
                outcomes.append(("saved", text))
            except overlay.Conflict as conflict:
                outcomes.append(("conflict", conflict.current))

    threads = [threading.Thread(target=save, args=(text,)) for text in ("نص أ", "نص ب")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [text for kind, text in outcomes if kind == "saved"]
    conflicts = [current for kind, current in outcomes if kind == "conflict"]
    assert len(saved) == 1 and conflicts == saved  # the loser is shown the winner's text
    assert served(app, "Home") == saved[0]


def test_first_saves_of_one_entry_never_both_land(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    start = threading.Barrier(2)
    outcomes = []

    def save(text):
        with app.app_context():
            start.wait()
            try:
                overlay.save("ar", "Article", text, "Article", "staff", 0)
                outcomes.append("saved")
            except overlay.Conflict:
                outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(text,)) for text in ("أ", "ب")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]


def test_history_records_and_revert_restores(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url, CATALOG_CHECK_SECONDS=0)
    with app.app_context():
        overlay.save("ar", "Home", "أولى", "Home", "mona", 0)
        overlay.save("ar", "Home", "ثانية", "Home", "sami", 1)
        key = catalogs.message_key(PLURAL)
        overlay.save("ar", key, tuple(f"خطوة {i} %(num)d من %(total)d" for i in range(6)), key, "mona", 0)
        with app.extensions["kiosk_db"].reader() as session:
            changes = overlay.history(session, "ar")
        assert [(c.changed_by, overlay.load_value(c.new)) for c in changes[1:]] == [
            ("sami", "ثانية"), ("mona", "أولى")]
        assert overlay.load_value(changes[1].old) == "أولى"
        overlay.revert(changes[1].id, "lead")
        assert served(app, "Home") == "أولى"
        with pytest.raises(overlay.Conflict):
            overlay.revert(changes[1].id, "lead")  # already reverted: the entry is no longer "ثانية"
        overlay.revert(changes[2].id, "lead")
    assert served(app, "Home") == "الرئيسية"  # back to the shipped text


def test_an_upgrade_keeps_staff_edits_and_flags_a_changed_source(translations_copy, app_factory):
    from kiosk.editor import entries as editor

    app = app_factory(CATALOG_CHECK_SECONDS=0)
    with app.app_context():
        overlay.save("ar", "Home", "البداية", "Home", "mona", 0)
        overlay.save("ar", "Article", "المقالة كاملة", "Article", "mona", 0)
    # The next release renames "Home" in English; `kiosk i18n update` keeps the old one as #| previous.
    tree = translations_copy
    path = catalogs.po_path(tree, "ar")
    catalog = catalogs.read_catalog(path, "ar")
    message = catalog["Home"]
    catalog.delete("Home")
    catalog.add("Home (start)", message.string, message.locations, flags={"fuzzy"}, previous_id=["Home"])
    with open(path, "wb") as handle:
        write_po(handle, catalog, include_previous=True)
    upgraded = catalogs.Catalogs(tree, database=app.extensions["kiosk_db"], interval=0)
    translations = upgraded.translations("ar")
    assert translations.gettext("Article") == "المقالة كاملة"
    assert translations.gettext("Home (start)") == "البداية"  # carried over until reviewed
    with app.app_context():
        entries = {entry.msgid: entry for entry in editor.entries(upgraded, "ar")}
    assert entries["Home (start)"].needs_review and entries["Home (start)"].staff_value == "البداية"
    assert entries["Article"].edited and not entries["Article"].needs_review


def test_the_developers_update_links_a_changed_source_to_the_staff_edit(translations_copy, app_factory):
    from kiosk.editor import entries as editor

    app = app_factory(CATALOG_CHECK_SECONDS=0)
    with app.app_context():
        overlay.save("ar", "Article", "المقالة كاملة", "Article", "mona", 0)
    tree = translations_copy
    pot = tooling.pot_path(tree)
    template = catalogs.read_catalog(pot, None)
    message = template["Article"]
    template.delete("Article")
    template.add("Article in full", locations=message.locations)  # the developers reworded the source
    tooling.write_catalog(pot, template)
    tooling.update(tree)
    tooling.update(tree)  # a later update (another new string) keeps the link until someone reviews it
    upgraded = catalogs.Catalogs(tree, database=app.extensions["kiosk_db"], interval=0)
    with app.app_context():
        entry = {e.msgid: e for e in editor.entries(upgraded, "ar")}["Article in full"]
    assert entry.needs_review and entry.staff_value == "المقالة كاملة"
    assert upgraded.translations("ar").gettext("Article in full") == "المقالة كاملة"


def test_absorb_round_trips_into_the_po_files(translations_copy, app_factory):
    app = app_factory(CATALOG_CHECK_SECONDS=0)
    key = catalogs.message_key(PLURAL)
    forms = tuple(f"الخطوة %(num)d من %(total)d ({i})" for i in range(6))
    with app.app_context():
        overlay.save("ar", "Home", "البداية", "Home", "mona", 0)
        overlay.save("ar", key, forms, key, "mona", 0)
    tree = translations_copy
    result = app.test_cli_runner().invoke(args=["i18n", "absorb", "--translations", str(tree)])
    assert result.exit_code == 0, result.output
    assert "absorbed 2" in result.output
    from_files = catalogs.Catalogs(tree).translations("ar")
    assert from_files.gettext("Home") == "البداية"
    assert from_files.ngettext(*PLURAL, 11) == forms[5]
    assert tooling.check(tree) == []


def test_check_includes_the_database_overlay(translations_copy, app_factory):
    app = app_factory(CATALOG_CHECK_SECONDS=0)
    runner = app.test_cli_runner()
    tree = translations_copy
    with app.app_context():
        overlay.save("ar", "Home", "البداية", "Home", "mona", 0)
    result = runner.invoke(args=["i18n", "check", "--translations", str(tree)])
    assert result.exit_code == 0 and "with staff edits" in result.output, result.output
    with app.app_context():  # a broken value stored behind the editor's back is still caught
        overlay.save("ar", "Home", "البداية <b>", "Home", "mona", 1)
    result = runner.invoke(args=["i18n", "check", "--translations", str(tree)])
    assert result.exit_code != 0 and "'Home': tags" in result.output


def test_threads_keep_serving_while_saves_rebuild_the_catalogs(app_factory):
    app = app_factory(CATALOG_CHECK_SECONDS=0)
    stop = threading.Event()
    seen, errors = set(), []

    def read():
        while not stop.is_set():
            try:
                seen.add(served(app, "Home"))
            except Exception as error:  # collected: an exception in a thread would go unseen
                errors.append(error)

    readers = [threading.Thread(target=read) for _ in range(4)]
    for thread in readers:
        thread.start()
    with app.app_context():
        for version in range(5):
            overlay.save("ar", "Home", f"الرئيسية {version}", "Home", "mona", version)
    deadline = time.monotonic() + 15  # waits for the last save, not a timing: a loaded CI machine is slow
    while "الرئيسية 4" not in seen and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    for thread in readers:
        thread.join()
    assert errors == [] and "الرئيسية 4" in seen
