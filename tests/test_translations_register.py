"""`kiosk i18n check` holds patient Arabic to the gender-neutral register and the glossary's new terms."""
import pytest
from test_i18n import first_entry_with, rewrite

from kiosk.i18n import register, tooling


@pytest.mark.parametrize(("text", "found"), [
    ("اختر لغتك للبدء", ["اختر"]),
    ("ابدأ بالعربية", ["ابدا"]),
    ("فاضغطْ على الزر", ["فاضغط"]),  # a proclitic and a sukun
    ("اخـتر ما يناسبك", ["اختر"]),  # tatweel
    ("يُرجى الضغط على الزر", []),
    ("يُرجى وضع علامة في المربع", []),  # و + ضع is the noun «وضع», not «ضع»
    ("لماذا تُعدّ الإكسوسومات قوية التأثير؟", []),  # marks do not split «تعد» into «ت» + «عد»
    ("خيار غير جراحي", []),
])
def test_masculine_imperatives_are_found_as_whole_words(text, found):
    assert register.masculine_imperatives(text) == found


@pytest.mark.parametrize(("locations", "patient"), [
    ([("kiosk/public.py", None)], True), ([("templates/consult/sent.html", None)], True),
    ([("kiosk/content.py", None), ("kiosk/staff/dashboard.py", None)], True),
    ([("templates/staff/inbox.html", None)], False), ([("kiosk/editor/views.py", None)], False),
])
def test_patient_strings_are_known_by_where_they_appear(locations, patient):
    assert register.is_patient_string(locations) is patient


def _set_arabic(translations_copy, msgid, arabic, context=None):
    def change(catalog):
        first_entry_with(catalog, lambda m: m.id == msgid and m.context == context).string = arabic
    rewrite(translations_copy, change)


def test_check_fails_on_a_masculine_imperative_for_patients(translations_copy):
    _set_arabic(translations_copy, "Touch your language to begin", "اختر لغتك للبدء")
    _set_arabic(translations_copy, "Start in English", "ابدأ بالعربية", "welcome button in its own language")
    problems = "\n".join(tooling.check(translations_copy))
    assert "'Touch your language to begin': warning: register: masculine imperative اختر" in problems
    assert "'Start in English': warning: register: masculine imperative ابدا" in problems


def test_staff_strings_may_use_the_imperative(translations_copy):
    _set_arabic(translations_copy, "Search in English or Arabic", "ابحث بالعربية أو بالإنجليزية")
    assert tooling.check(translations_copy) == []


def test_the_allow_list_lets_a_meant_form_through(translations_copy, monkeypatch):
    _set_arabic(translations_copy, "Touch your language to begin", "اختر لغتك للبدء")
    monkeypatch.setitem(register.ALLOWED, "Touch your language to begin", "a test of the allow list")
    assert tooling.check(translations_copy) == []


@pytest.mark.parametrize(("msgid", "old", "new", "term"), [
    ("Epidermal cells", "خلايا البشرة", "خلايا الجلد", "epidermal cells"),
    ("What about side effects and safety?", "الآثار الجانبية", "الأعراض", "side effects"),
    ("Hair bulb", "بصلة الشعرة", "بصيلة الشعرة", "hair bulb"),
    ("Anything you would like us to know (optional)", "(اختيارية)", "(إن أردت)", "optional"),
    ("Calling patients back", "بالمرضى", "بالمراجعين", "patients"),
    ("Administrator", "مسؤول النظام", "المسؤول", "administrator"),
])
def test_check_holds_the_new_glossary_terms(translations_copy, msgid, old, new, term):
    def change(catalog):
        message = first_entry_with(catalog, lambda m: m.id == msgid)
        assert old in message.string
        message.string = message.string.replace(old, new)
    rewrite(translations_copy, change)
    problems = "\n".join(tooling.check(translations_copy))
    assert f"warning: glossary: {term} →" in problems, problems


def test_every_patient_string_on_main_is_gender_neutral():
    """The repository itself: the same rule as the check, over every patient entry (none allowed yet)."""
    from kiosk.i18n import catalogs
    from kiosk.paths import TRANSLATIONS

    arabic = catalogs.read_catalog(catalogs.po_path(TRANSLATIONS, "ar"), "ar")
    found = [line for m in arabic if m.id for line in register.problems(m.id, m.string, m.locations)]
    assert found == []
    assert sum(register.is_patient_string(m.locations) for m in arabic if m.id) > 200


def test_every_catalog_location_is_a_patient_or_a_staff_place():
    """A new file with texts must be placed: patients' (held to the register) or staff's (exempt)."""
    from kiosk.i18n import catalogs
    from kiosk.paths import TRANSLATIONS

    arabic = catalogs.read_catalog(catalogs.po_path(TRANSLATIONS, "ar"), "ar")
    paths = {path for m in arabic if m.id for path, _line in m.locations}
    unplaced = sorted(p for p in paths if not p.startswith(register.PATIENT_PLACES + register.STAFF_PLACES))
    assert unplaced == []
    assert not set(register.PATIENT_PLACES) & set(register.STAFF_PLACES)
