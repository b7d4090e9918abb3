"""Each check the editor runs before saving: errors block, warnings can be overridden."""
import pytest

from kiosk.i18n.checks import translation_errors, translation_warnings, value_errors, value_warnings

PLURAL = ("%(count)d request", "%(count)d requests")


def codes(problems) -> list[str]:
    return [problem.code for problem in problems]


@pytest.mark.parametrize(("source", "translation"), [
    ("Hello %(name)s", "مرحبًا %(name)s"),
    ("%s of %s", "%s من %s"),
    ("Call {phone}", "اتصل على {phone}"),
    ("Read <a href=\"/faq\" class=\"x\">the FAQ</a>", "اقرأ <a class=\"x\" href=\"/faq\">الأسئلة</a>"),
    ("100% sure", "متأكد 100%"),
])
def test_matching_placeholders_and_tags_pass(source, translation):
    assert translation_errors(source, translation) == []


@pytest.mark.parametrize(("source", "translation", "missing"), [
    ("Hello %(name)s", "مرحبًا %(nam)s", "%(name)s"),
    ("Hello %(name)s", "مرحبًا", "%(name)s"),
    ("%s of %s", "%s من", "%s"),
    ("Call {phone}", "اتصل على {هاتف}", "{phone}"),
    ("Call {phone}", "اتصل على phone", "{phone}"),
])
def test_a_broken_placeholder_is_an_error(source, translation, missing):
    problems = translation_errors(source, translation)
    assert codes(problems) == ["placeholders"] and missing in problems[0].detail


@pytest.mark.parametrize("translation", ["اقرأ <b>الأسئلة", "اقرأ الأسئلة</b>", "<i>اقرأ</i> الأسئلة",
                                         "<b title=x>اقرأ</b> الأسئلة", "<b>اقرأ</b> الأسئلة<img/src=x>"])
def test_a_tag_mismatch_is_an_error(translation):
    assert codes(translation_errors("Read <b>the FAQ</b>", translation)) == ["tags"]


@pytest.mark.parametrize("control", ["\u202e", "\u200f", "\u2067", "\u061c"])
def test_a_bidi_control_is_an_error(control):
    assert codes(translation_errors("Home", f"الرئيسية{control}")) == ["bidi"]


def test_an_empty_translation_is_an_error():
    assert codes(translation_errors("Home", "  ")) == ["empty"]


def test_plural_forms_must_all_be_filled():
    forms = ("لا طلبات", "طلب واحد", "طلبان", "%(count)d طلبات", "", "%(count)d طلبًا")
    assert codes(value_errors(PLURAL, forms, 6)) == ["plurals"]
    assert codes(value_errors(PLURAL, forms[:5], 6)) == ["plurals"]


def test_plural_forms_may_spell_out_one_and_two_but_not_break_placeholders():
    forms = ("لا طلبات", "طلب واحد", "طلبان", "%(count)d طلبات", "%(count)d طلب", "%(count)d طلبًا")
    assert value_errors(PLURAL, forms, 6) == []
    broken = forms[:3] + ("%(cnt)d طلبات",) + forms[4:]
    problems = value_errors(PLURAL, broken, 6)
    assert codes(problems) == ["placeholders"] and problems[0].detail.startswith("form 3")


def test_a_much_longer_translation_is_a_warning():
    assert codes(translation_warnings("Home", " ".join(["الصفحة الرئيسية"] * 5), "ar")) == ["length"]


@pytest.mark.parametrize("translation", [" الرئيسية", "الرئيسية "])
def test_leading_or_trailing_spaces_are_a_warning(translation):
    assert codes(translation_warnings("Home", translation, "ar")) == ["spaces"]


def test_latin_letters_in_arabic_are_a_warning_outside_placeholders_and_tags():
    assert codes(translation_warnings("Home page", "الصفحة Home", "ar")) == ["latin"]
    assert translation_warnings("Hi %(name)s <b>x</b>", "أهلًا %(name)s <b>س</b>", "ar") == []
    assert translation_warnings("Home", "Home", "en") == []


def test_plural_warnings_name_the_form():
    forms = ("صفر", "واحد ", "اثنان", "%(count)d", "%(count)d", "%(count)d")
    problems = value_warnings(PLURAL, forms, "ar", 6)
    assert codes(problems) == ["spaces"] and problems[0].detail.startswith("form 1")
