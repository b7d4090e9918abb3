"""The bilingual medical reviewer's corrections, pinned: terms, hedges, names, FAQ gaps, one wording each."""
import re

import pytest
from pages import PageReader

from kiosk import content
from kiosk.i18n import catalogs
from kiosk.paths import TRANSLATIONS


@pytest.fixture(scope="module")
def arabic():
    return catalogs.read_catalog(catalogs.po_path(TRANSLATIONS, "ar"), "ar")


def arabic_of(catalog, msgid: str, context: str | None = None) -> str:
    message = catalog.get(msgid, context=context)
    assert message is not None, msgid
    return message.string


def all_arabic(catalog) -> str:
    texts = []
    for message in catalog:
        if message.id:
            texts += list(message.string) if isinstance(message.string, tuple) else [message.string]
    return "\n".join(texts)


def test_pattern_baldness_is_never_called_alopecia_areata(arabic):
    """«الثعلبة» is alopecia areata in Saudi usage, another disease."""
    assert "الثعلبة" not in all_arabic(arabic)
    androgenetic = [m for m in arabic if m.id and "androgenetic alopecia" in str(m.id)]
    assert len(androgenetic) == 3
    for message in androgenetic:
        assert "الصلع الوراثي (الصلع الأندروجيني)" in message.string, message.id


ILLUSTRATION_CAPTIONS = [
    "Exosomes can deliver signals that reactivate the follicle's stem cells",
    "Exosomes can stimulate the formation of new blood vessels and improve circulation around the follicle",
    "Blood supply may improve",
    "The scalp may calm down",
    "Exosomes can help calm inflammation around the follicle",
    "Exosomes can help repair and strengthen the dermal papilla",
    "Exosomes can carry messages between dermal papilla cells and epidermal cells",
]


@pytest.mark.parametrize("caption", ILLUSTRATION_CAPTIONS)
def test_explainer_captions_are_hedged_as_the_article_hedges_them(arabic, caption):
    assert re.search(r"\b(can|may)\b", caption)
    assert re.search(r"(^|\s)قد\s", arabic_of(arabic, caption))


@pytest.mark.parametrize(("lang", "title"), [("en", "The hair cycle and the possible role of exosomes"),
                                             ("ar", "دورة الشعر والدور المحتمل للإكسوسومات")])
def test_the_explainer_is_named_neutrally_on_its_page_and_its_tile(client, lang, title):
    page = PageReader(client.get(f"/{lang}/how-it-works").get_data(as_text=True))
    assert title in page.texts
    home = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'href="/{lang}/how-it-works"' in home and title in home
    assert "How it works" not in home and "كيف يعمل" not in home


def faq(slug: str) -> content.FaqEntry:
    return next(entry for entry in content.FAQ if entry.slug == slug)


def english(lazy) -> str:
    return lazy._args[0]  # the msgid of a lazy string, without rendering it


@pytest.mark.parametrize("slug", ["why-considered-powerful", "expectations"])
def test_faq_answers_that_praise_carry_the_articles_limits(arabic, slug):
    answer = english(faq(slug).answer)
    assert "still emerging" in answer and "advanced hair loss" in answer and "scarred" in answer
    translated = arabic_of(arabic, answer)
    assert "ناشئ" in translated and "المتقدمة" in translated and "التندّب" in translated


@pytest.mark.parametrize(("slug", "phrases", "arabic_words"), [
    ("compared-with-prp", ["own blood", "not yet fully understood", "does not discuss PRP"],
     ["دم المريض", "مقارنةً بالعلاجات الأخرى", "لا يتناول المقال"]),
    ("where-exosomes-come-from", ["regenerative cell types", "quality, source and processing"],
     ["خلايا تجديدية", "مصدرها"]),
    ("side-effects-and-safety", ["does not cover side effects", "ask our doctors"],
     ["لا يتناول المقال", "أطبائنا"]),
])
def test_the_faq_answers_what_patients_ask_first_only_from_the_article(client, arabic, slug, phrases,
                                                                       arabic_words):
    entry = faq(slug)
    assert all(phrase in english(entry.answer) for phrase in phrases)
    translated = arabic_of(arabic, english(entry.answer))
    assert all(word in translated for word in arabic_words)
    for lang in ("en", "ar"):
        assert f'id="faq-{slug}"' in client.get(f"/{lang}/faq").get_data(as_text=True)


@pytest.mark.parametrize(("wrong", "why"), [
    ("الكشك", "a kiosk is «الشاشة»"), ("الجهاز", "a kiosk is «الشاشة»"),
    ("الرقم المرجعي", "the reference is «رمز الطلب»"), ("رمز طلبك", "the reference is «رمز الطلب»"),
    ("الهاتف", "the mobile is «الجوال»"), ("لوحة الأرقام", "the dashboard is «لوحة المؤشرات»"),
    ("يرجى", "always «يُرجى»"), ("جمع القلة", "plural labels are number ranges"),
    ("جمع الكثرة", "plural labels are number ranges"), ("خط أكبر", "the largest step is «أكبر خط»"),
    ("المس لغتك", "«للبدء، يُرجى اختيار اللغة»"), ("اختر لغتك", "«للبدء، يُرجى اختيار اللغة»"),
    ("الوخز بالإبر", "microneedling is «الإبر الدقيقة»: «الوخز بالإبر» reads as acupuncture"),
    ("أحد المسؤولين", "an administrator is «مسؤول النظام», as the role is named"),
    ("الفهرس", "the catalog version is «نسخة الترجمات»"), ("بمراجع", "a patient is «مريض», not a visitor"),
    ("دقيقةً", "one spelling: «دقيقة»"), ("لن يتغير", "one wording: «لا يتغيّر»"),
    ("لم تتوقف محاولة إرسال أي رسالة", "the zero form read as 'no message stopped being tried'"),
    ("منذ %(duration)s", "a duration after «منذ» is in the wrong case: «قبل دقيقتين» (format_timedelta)"),
])
def test_one_wording_for_each_thing(arabic, wrong, why):
    assert wrong not in all_arabic(arabic), why


def test_no_stale_fragment_of_an_old_msgid_is_left(arabic):
    """A `#|` previous msgid belongs to a fuzzy entry only; wrapped, it came back as `# | …` comments."""
    stale = [m.id for m in arabic if m.id and (any(c.lstrip().startswith("|") for c in m.user_comments)
                                               or (m.previous_id and not m.fuzzy))]
    assert stale == []
    text = TRANSLATIONS.joinpath("ar", "LC_MESSAGES", "messages.po").read_text(encoding="utf-8")
    assert not re.search(r"^# \|", text, re.MULTILINE)


def test_questions_use_one_form(arabic):
    questions = [arabic_of(arabic, english(entry.question)) for entry in content.FAQ]
    assert [q for q in questions if q.startswith(("ما هي", "ما هو"))] == []


@pytest.mark.parametrize(("msgid", "context", "expected"), [
    ("Largest text", None, "أكبر خط"),
    ("Touch your language to begin", None, "للبدء، يُرجى اختيار اللغة"),
    ("Dashboard", None, "لوحة المؤشرات"),
    ("Reference", None, "رمز الطلب"),
    ("Your reference code", None, "رمز الطلب الخاص بك"),
    ("Phone", None, "الجوال"),
    ("Kiosk", None, "الشاشة"),
    ("Name", "staff sign-in", "اسم المستخدم"),
    ("numbers 3 to 10", "plural form", "الأعداد من 3 إلى 10"),
    ("numbers 11 to 99", "plural form", "الأعداد من 11 إلى 99"),
])
def test_the_reviewers_wording(arabic, msgid, context, expected):
    assert arabic_of(arabic, msgid, context) == expected


@pytest.mark.parametrize("msgid", [
    "We can only call Saudi mobile numbers. Please enter a number that starts with 05, for example 05X"
    " XXX XXXX.",
    "This looks like a landline number. Please enter a mobile number that starts with 05.",
    "Please enter a Saudi mobile number, for example 05X XXX XXXX.",
    "A Saudi mobile number, for example 05X XXX XXXX.",
])
def test_phone_hints_end_with_a_full_stop(arabic, msgid):
    assert arabic_of(arabic, msgid).endswith(".")


# Masculine imperatives in patient strings: kiosk/i18n/register.py, tests/test_translations_register.py.


def test_ambiguous_sources_carry_a_context_and_a_note(arabic):
    start = arabic.get("Start in English", context="welcome button in its own language")
    assert start is not None and start.string == "البدء بالعربية"
    assert any("its own language" in comment for comment in start.auto_comments)
    login = arabic.get("Name", context="staff sign-in")
    assert login.auto_comments and login.string == "اسم المستخدم"
