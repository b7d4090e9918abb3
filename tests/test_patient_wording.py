"""What patients read says no more than the article, in both languages (issue 20's review findings)."""
import html
import re

import pytest


def page_text(client, path: str) -> str:
    """The page's text with tags (and SVG titles' markup) gone and entities decoded."""
    body = client.get(path).get_data(as_text=True)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize(("lang", "caption"), [
    ("en", "Pattern hair loss: over time, follicles shrink and may stop making hair"),
    ("ar", "تساقط الشعر الوراثي: تنكمش البصيلات مع مرور الوقت، وقد تتوقف عن إنتاج الشعر"),
])
def test_pattern_loss_caption_keeps_the_articles_may(client, lang, caption):
    text = page_text(client, f"/{lang}/how-it-works")
    assert caption in text
    assert "until they stop making hair" not in text and "حتى تتوقف عن إنتاج الشعر" not in text


@pytest.mark.parametrize(("lang", "beyond"), [
    ("en", ["thick hair", "moves up", "club hair", "small blood vessels", "base of the follicle",
            "three phases"]),
    ("ar", ["شعرة سميكة", "ترتفع", "هراوية", "أوعية دموية صغيرة", "قاعدة البصيلة", "ثلاث مراحل"]),
])
def test_captions_and_answers_say_no_more_than_the_article(client, lang, beyond):
    text = " ".join(page_text(client, f"/{lang}{path}") for path in ("/", "/how-it-works", "/faq"))
    assert [phrase for phrase in beyond if phrase in text] == []


def test_the_prp_entry_asks_plainly_and_leads_with_what_is_not_known(client):
    en, ar = page_text(client, "/en/faq"), page_text(client, "/ar/faq")
    assert "كيف تُقارَن الإكسوسومات بالبلازما الغنية بالصفائح الدموية (PRP) المأخوذة من دم المريض؟" in ar
    assert "بدمي أنا" not in ar
    assert ("How do exosomes compare with PRP or my own blood? How effective exosome therapy is compared to "
            "other treatments is not yet fully understood") in en
    assert "(PRP) المأخوذة من دم المريض؟ لم يُفهم بعدُ فهمًا كاملًا مدى فعالية" in ar


@pytest.mark.parametrize(("lang", "pointer"), [
    ("en", "For its own side effects, see “What about side effects and safety?”."),
    ("ar", "فيُرجى الاطلاع على سؤال «ماذا عن الآثار الجانبية والسلامة؟»"),
])
def test_the_stem_cell_answer_points_to_side_effects(client, lang, pointer):
    text = page_text(client, f"/{lang}/faq")
    assert "complexity and risks" in text or "التعقيد والمخاطر" in text
    assert pointer in text


def test_microneedling_is_not_acupuncture(client):
    for path in ("/ar/article", "/ar/faq"):
        text = page_text(client, path)
        assert "الإبر الدقيقة (Microneedling)" in text and "الوخز بالإبر" not in text


def test_the_optional_note_agrees_with_its_noun(client):
    text = page_text(client, "/ar/consult")
    assert "ملاحظات إضافية للعيادة (اختيارية)" in text and "(اختياري)" not in text


def test_the_welcome_and_the_intro_address_no_one_by_gender(client):
    welcome, article = page_text(client, "/"), page_text(client, "/ar/article")
    assert "للبدء، يُرجى اختيار اللغة" in welcome and "البدء بالعربية" in welcome
    assert "اختر لغتك" not in welcome and "ابدأ بالعربية" not in welcome
    assert "يمكن أن يساعد على اتخاذ القرار" in article and "يساعدك" not in article


# The register fixes: the plain MSA the reviewer asked for, and never the forms it replaces.
REGISTER = {"طبيعيًا": "بشكل طبيعي", "بالنسبة إلى": "بالنسبة ل", "يعانون ترقق": "يعانون من",
            "جريان الدم": "تدفق الدم", "يمثّل العلاج بالإكسوسومات تقدمًا واعدًا": "تقدم واعد،"}


def test_the_register_fixes(client):
    text = " ".join(page_text(client, f"/ar{path}") for path in ("/article", "/faq"))
    assert [good for good in REGISTER if good not in text] == []
    assert [bad for bad in REGISTER.values() if bad in text] == []
