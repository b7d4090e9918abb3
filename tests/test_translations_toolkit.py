"""translate-toolkit's pofilter checks and the glossary, in `kiosk i18n check` and in the staff editor."""
import re

import pytest
from babel.messages.pofile import write_po
from test_translations_editor import PASSWORD, post_edit, sign_in, url
from translate.filters import checks as pofilter

from kiosk.i18n import catalogs, tooling, toolkit
from kiosk.i18n.checks import translation_errors, translation_warnings


@pytest.fixture
def staff_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True, CATALOG_CHECK_SECONDS=0)
    from kiosk.staff import accounts

    with app.app_context():
        accounts.add_user("mona", PASSWORD, "admin")  # the editor is for translators and admins
    return app


def test_every_toolkit_check_is_chosen_to_warn_or_to_stay_off():
    """A toolkit release that adds or renames a check fails here, so the choice is made again."""
    every = set(pofilter.StandardChecker(pofilter.CheckerConfig(targetlanguage="ar")).getfilters())
    assert set(toolkit.WARN) | set(toolkit.OFF) == every
    assert not set(toolkit.WARN) & set(toolkit.OFF)


@pytest.mark.parametrize(("source", "arabic", "code"), [
    ("Are you still there?", "هل ما زلت هنا?", "endpunc"),  # a Latin ? ends an Arabic question
    ("Thank you, your request has been sent", "شكرًا لك،  تم إرسال طلبك", "doublespacing"),
    ("Your rights", "Your rights", "unchanged"),
    ("Requests per day, last 30 days", "الطلبات في كل يوم، آخر 31 يومًا", "numbers"),
    ("Please keep it. Write it down.", "يُرجى الاحتفاظ به.", "sentencecount"),
])
def test_toolkit_findings_are_warnings(source, arabic, code):
    assert code in [p.code for p in translation_warnings(source, arabic, "ar")]
    assert translation_errors(source, arabic) == []  # a warning, never a blocking error


def test_arabic_punctuation_passes():
    assert translation_warnings("Are you still there?", "هل ما زلت هنا؟", "ar") == []
    assert translation_warnings("Exosomes (small bubbles), cells; and DNA.",
                                "الإكسوسومات (فقاعات صغيرة)، والخلايا؛ والحمض النووي (DNA).", "ar") == []


def rewrite(directory, changes: dict):
    path = catalogs.po_path(directory, "ar")
    catalog = catalogs.read_catalog(path, "ar")
    for (context, msgid), value in changes.items():
        catalog.get(msgid, context=context).string = value
    with open(path, "wb") as handle:
        write_po(handle, catalog)
    tooling.compile_all(directory)


def test_kiosk_i18n_check_reports_each_kind_of_finding(translations_copy, runner):
    rewrite(translations_copy, {
        (None, "Are you still there?"): "هل ما زلت هنا?",
        (None, "Signed in as %(name)s"): "مسجّل الدخول باسم %(nam)s",
        (None, "Saved."): "تم  الحفظ.",
        (None, "Kiosk"): "الكشك",
    })
    result = runner.invoke(args=["i18n", "check", "--files-only", "--translations", str(translations_copy)])
    assert result.exit_code != 0
    lines = result.output.splitlines()

    def reported(msgid: str, code: str) -> bool:
        return any(f"'{msgid}'" in line and f" {code}:" in line for line in lines)

    assert reported("Are you still there?", "endpunc")
    assert reported("Signed in as %(name)s", "placeholders")
    assert reported("Saved.", "doublespacing")
    assert reported("Kiosk", "glossary") and any("kiosk → الشاشة" in line for line in lines)
    assert "4 translation problem(s)" in result.output


def test_a_staff_edit_saved_past_a_warning_is_reported_but_does_not_fail_the_check(translations_copy):
    key = catalogs.message_key("Kiosk")
    notes: list[str] = []
    problems = tooling.check(translations_copy, overlays={"ar": {key: "الكشك"}}, notes=notes)
    assert problems == [] and any("glossary" in line and "staff edit" in line for line in notes)
    assert tooling.check(translations_copy, overlays={"ar": {key: "الشاشة %(x)s"}}) != []


def test_the_editor_shows_context_notes_and_glossary_terms(staff_app):
    client = sign_in(staff_app)
    start = catalogs.message_key("Start in English", "welcome button in its own language")
    html = client.get(url(start) + "?ui=en").get_data(as_text=True)
    assert "Notes for translators" in html and "welcome button in its own language" in html
    assert "in Arabic it names Arabic" in html
    html = client.get(url(catalogs.message_key("Kiosk")) + "?ui=ar").get_data(as_text=True)
    assert "مصطلحات المسرد في هذا النص" in html
    row = re.search(r'<tr class="tr-term-ok">.*?</tr>', html, re.S).group(0)
    assert ">kiosk<" in row and "الشاشة | الشاشات" in row and "نعم" in row


def test_the_editor_warns_about_a_missing_glossary_term_and_a_latin_question_mark(staff_app):
    client = sign_in(staff_app)
    kiosk = catalogs.message_key("Kiosk")
    response = post_edit(client, kiosk, msgstr="الكشك")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "accept_warnings" in html
    assert "دون ترجمته العربية المعتمدة" in html and "tr-term-missing" in html
    response = post_edit(client, "Are you still there?", msgstr="هل ما زلت هنا?")
    assert response.status_code == 400 and "ينتهي السؤال بـ ؟" in response.get_data(as_text=True)
    response = post_edit(client, kiosk, msgstr="الكشك", accept_warnings="1")
    assert response.status_code == 303
