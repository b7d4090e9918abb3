"""The gettext workflow and the catalogs: `kiosk i18n check`, plural order, nothing left unmarked."""
import os
import re
import shutil

import pytest
from babel.messages.pofile import read_po, write_po
from babel.support import Translations
from pages import CONTENT_PATHS, LOCALES, PageReader

from kiosk.i18n import catalogs, tooling
from kiosk.paths import TRANSLATIONS


def rewrite(translations_copy, change):
    path = catalogs.po_path(translations_copy, "ar")
    catalog = catalogs.read_catalog(path, "ar")
    change(catalog)
    with open(path, "wb") as handle:
        write_po(handle, catalog)
    tooling.compile_all(translations_copy)


def first_entry_with(catalog, predicate):
    return next(message for message in catalog if message.id and predicate(message))


def test_check_passes_on_the_repository(runner):
    tooling.compile_all()
    result = runner.invoke(args=["i18n", "check"])
    assert result.exit_code == 0, result.output


def test_check_passes_on_a_compiled_copy(translations_copy):
    assert tooling.check(translations_copy) == []


def test_check_names_a_blanked_entry(translations_copy, runner):
    rewrite(translations_copy, lambda c: setattr(first_entry_with(c, lambda m: m.id == "Home"), "string", ""))
    result = runner.invoke(args=["i18n", "check", "--translations", str(translations_copy)])
    assert result.exit_code != 0
    assert "'Home': untranslated" in result.output


def test_check_names_a_broken_placeholder(translations_copy):
    def break_placeholder(catalog):
        message = first_entry_with(catalog, lambda m: isinstance(m.id, tuple) and "%(total)d" in m.id[0])
        message.string = tuple(form.replace("%(total)d", "%(totl)d") for form in message.string)
    rewrite(translations_copy, break_placeholder)
    problems = tooling.check(translations_copy)
    assert any("placeholders" in line and "%(totl)d" in line for line in problems), problems


def test_check_names_a_broken_tag_and_a_bidi_control(translations_copy):
    def break_entries(catalog):
        first_entry_with(catalog, lambda m: m.id == "Home").string = "الرئيسية<b>"
        first_entry_with(catalog, lambda m: m.id == "Article").string = "المقال\u202e"
    rewrite(translations_copy, break_entries)
    problems = "\n".join(tooling.check(translations_copy))
    assert "'Home': tags" in problems and "'Article': bidi" in problems


def test_check_names_a_stale_mo(translations_copy):
    po = catalogs.po_path(translations_copy, "ar")
    mo = po.with_suffix(".mo")
    os.utime(mo, (po.stat().st_mtime - 60,) * 2)
    assert any("older than messages.po" in line for line in tooling.check(translations_copy))


def test_check_names_a_fuzzy_entry_and_a_stale_pot(translations_copy):
    rewrite(translations_copy, lambda c: first_entry_with(c, lambda m: m.id == "Home").flags.add("fuzzy"))
    pot = tooling.pot_path(translations_copy)
    with open(pot, "rb") as handle:
        template = read_po(handle)
    del template["Home"]
    with open(pot, "wb") as handle:
        write_po(handle, template)
    problems = "\n".join(tooling.check(translations_copy))
    assert "'Home': fuzzy" in problems
    assert "missing string used by the code" in problems


def test_pot_is_deterministic_and_current(tmp_path):
    """Extraction twice gives the same bytes, equal to the committed POT (no dates, no line numbers)."""
    shutil.copytree(TRANSLATIONS, tmp_path / "t")
    first = tooling.extract(tmp_path / "t").read_bytes()
    assert first == tooling.extract(tmp_path / "t").read_bytes()
    assert first == tooling.pot_path(TRANSLATIONS).read_bytes(), "run kiosk i18n extract and commit"


@pytest.mark.parametrize(("count", "slot"), [(0, 0), (1, 1), (2, 2), (3, 3), (10, 3), (11, 5), (99, 5),
                                             (100, 4), (101, 4), (102, 4), (103, 3), (111, 5)])
def test_arabic_plural_slot_follows_the_catalogs_own_rule(count, slot):
    """Babel orders Arabic forms by its own rule: 100–102 take slot 4, 11–99 slot 5."""
    catalog = catalogs.read_catalog(catalogs.po_path(TRANSLATIONS, "ar"), "ar")
    forms = [f"form{index}" for index in range(catalog.num_plurals)]
    message = first_entry_with(catalog, lambda m: isinstance(m.id, tuple))
    message.string = tuple(forms)
    translations = catalogs.to_translations(catalog)
    assert isinstance(translations, Translations)
    assert translations.ungettext(message.id[0], message.id[1], count) == f"form{slot}"


def test_step_counter_uses_ngettext_in_arabic(client):
    html = client.get("/ar/how-it-works").get_data(as_text=True)
    assert "الخطوة 3 من 10" in html and "Step" not in html


def pseudo(text: str) -> str:
    """Mark every translated string, keeping placeholders, so unmarked text stands out."""
    return "⟦" + text + "⟧"


@pytest.mark.parametrize("path", ["/"] + [f"/{lang}{path}" for lang in LOCALES for path in CONTENT_PATHS]
                         + ["/xx/missing"])
def test_no_visible_text_escapes_gettext(app, path):
    """With a pseudo-locale in place of both languages, every visible text is a marked string."""
    for lang in LOCALES:
        catalog = catalogs.read_catalog(catalogs.po_path(TRANSLATIONS, "ar"), lang)
        for message in catalog:
            if message.id:
                message.string = (tuple(pseudo(form) for form in message.id[:1] * 1 + message.id[1:] * 5)
                                  if isinstance(message.id, tuple) else pseudo(message.id))
        app.extensions["kiosk_catalogs"].pin(lang, catalogs.to_translations(catalog))
    page = PageReader(app.test_client().get(path).get_data(as_text=True))
    # Language names are shown in their own language on purpose, and never translated.
    untranslatable = {"English", "العربية"}
    unmarked = [text for text in page.texts
                if text not in untranslatable and not re.fullmatch(r"(⟦[^⟦⟧]*⟧\s*)+", text)]
    assert unmarked == []
