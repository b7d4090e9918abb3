"""The glossary rule (§5): an English term asks for its approved Arabic, compared as Arabic is written."""
import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.i18n import glossary
from kiosk.i18n.checks import translation_warnings
from kiosk.paths import TRANSLATIONS

FOLLICLE = glossary.Term("follicle", "بصيلة | بصيلات")
SCREEN = glossary.Term("screen", "الشاشة")
STEM_CELLS = glossary.Term("stem cells", "الخلايا الجذعية")
TERMS = (FOLLICLE, SCREEN, STEM_CELLS)
# No deadline: the machine is shared, and a slow example is not a wrong one.
bounded = settings(max_examples=100, deadline=None)
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"


def flagged(english: str, arabic: str, terms=TERMS) -> list[str]:
    return [term.en for term in glossary.missing(english, arabic, terms)]


@pytest.mark.parametrize("english", ["The Screen", "SCREEN", "a screen.", "on-screen keyboard"])
def test_the_english_term_matches_as_a_whole_word_in_any_case(english):
    assert flagged(english, "نص آخر") == ["screen"]


@pytest.mark.parametrize("english", ["screens", "screening", "touchscreen", "stem cell"])
def test_a_longer_or_shorter_english_word_is_not_the_term(english):
    assert flagged(english, "نص آخر") == []


@pytest.mark.parametrize("arabic", [
    "ستعود الشاشة", "ستعود شاشة",  # with or without ال
    "على الشَّاشَةِ", "الشـــاشة",  # diacritics and tatweel are ignored
    "والشاشة", "بالشاشة", "فالشاشة", "كالشاشة", "وشاشة",  # a one-letter proclitic
    "للشاشة التفاعلية",  # ل + ال is written لل
])
def test_the_arabic_term_matches_however_arabic_writes_it(arabic):
    assert flagged("The screen", arabic) == []


@pytest.mark.parametrize("arabic", ["الكشك", "الشاشات", "شاشتك", "والكشك", "مشاشة"])
def test_another_word_or_a_changed_word_is_flagged(arabic):
    assert flagged("The screen", arabic) == ["screen"]


def test_each_word_of_a_phrase_may_be_definite_or_not_but_the_order_holds():
    assert flagged("Stem cells", "تحفيز خلايا جذعية") == []
    assert flagged("Stem cells", "بالخلايا الجذعية") == []
    assert flagged("Stem cells", "الجذعية الخلايا") == ["stem cells"]
    assert flagged("Stem cells", "الخلايا البشرية الجذعية") == ["stem cells"]


def test_a_term_may_approve_several_arabic_forms():
    assert flagged("The follicle", "البصيلة") == [] and flagged("hair follicle cells", "بصيلات الشعر") == []
    assert flagged("The follicle", "الجريب") == ["follicle"]


@bounded
@given(prefix=st.sampled_from(["", "و", "ب", "ف", "ك", "ل"]), article=st.booleans(),
       marks=st.lists(st.sampled_from(HARAKAT + "\u0640"), max_size=6), position=st.integers(0, 4),
       before=st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي ", max_size=20))
def test_proclitics_articles_diacritics_and_tatweel_never_hide_an_approved_term(prefix, article, marks,
                                                                                 position, before):
    word = ("ال" if article else "") + "شاشة"
    if prefix == "ل" and article:
        word = "لشاشة"  # ل + الشاشة = للشاشة
    word = word[:position] + "".join(marks) + word[position:]
    assert glossary.has_term(f"{before} {prefix}{word}.", SCREEN)


@bounded
@given(words=st.lists(st.sampled_from(["الشاشة", "شاشات", "للشاشة", "الكشك", "و", "على", "مشاشة", "شاش"]),
                     max_size=6),
       marks=st.lists(st.sampled_from(HARAKAT + "\u0640"), max_size=8), seed=st.randoms())
def test_diacritics_and_tatweel_never_change_the_verdict(words, marks, seed):
    text = " ".join(words)
    marked = list(text)
    for mark in marks:
        marked.insert(seed.randint(1, max(len(marked), 1)), mark)
    assert glossary.has_term("".join(marked), SCREEN) == glossary.has_term(text, SCREEN)


def test_the_shipped_glossary_has_the_approved_arabic_of_every_recurring_term():
    path = TRANSLATIONS / "glossary.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["en", "ar", "note"]
        rows = {row["en"]: row["ar"] for row in reader}
    for english in ("follicle", "dermal papilla", "anagen", "catagen", "telogen", "exosome", "stem cell",
                    "growth factor", "PRP", "transplant", "androgenetic alopecia", "microneedling", "screen",
                    "kiosk", "reference code", "mobile number", "consult"):
        assert rows.get(english), english
    assert "الصلع الأندروجيني" in rows["androgenetic alopecia"] and "الشاشة" in rows["kiosk"]
    assert rows["reference code"] == "رمز الطلب" and rows["mobile number"] == "رقم الجوال"


def test_a_missing_term_is_a_warning_that_names_it():
    terms = glossary.load()
    problems = [p for p in translation_warnings("Ask about androgenetic alopecia.", "اسأل عن الثعلبة.", "ar",
                                                terms) if p.code == "glossary"]
    assert len(problems) == 1 and "الصلع الأندروجيني" in problems[0].detail
    assert [p.code for p in translation_warnings("Ask about androgenetic alopecia.",
                                                 "اسأل عن الصلع الأندروجيني.", "ar", terms)] == []


def test_the_editor_view_lists_an_entrys_terms_with_whether_each_is_there():
    shown = glossary.for_entry(("%(num)d screen", "%(num)d screens"), ("لا شاشة", "شاشة", "", "", "", ""),
                               TERMS)
    assert shown == [(SCREEN, True)]
    assert glossary.for_entry("The follicle", "الجريب", TERMS) == [(FOLLICLE, False)]
