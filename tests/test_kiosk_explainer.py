"""The explainer and the FAQ, driven by taps in Chromium; and every page readable with JavaScript off."""
import re

import pytest
from pages import CONTENT_PATHS, LOCALES
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STEPS = 10
STEP_COUNT = {"en": "Step {n} of 10", "ar": "الخطوة {n} من 10"}
# The article's two limitations are a step of their own, the last one before "what next" (SPEC §2).
LIMITS = {"en": ("Limitations and Considerations", ("still emerging", "scarred")),
          "ar": ("حدود العلاج وأمور ينبغي مراعاتها", ("ناشئًا", "متندبة"))}


def current_step(page) -> str:
    return page.locator("[data-step]:visible .step-count").inner_text()


@pytest.mark.parametrize("lang", LOCALES)
def test_explainer_by_taps_to_the_end_and_back(screen, live_server, lang):
    page = screen()
    page.goto(f"{live_server.url}/{lang}/how-it-works")
    assert page.locator("[data-step]:visible").count() == 1
    assert current_step(page) == STEP_COUNT[lang].format(n=1)
    assert page.locator("[data-step-prev]").is_disabled()
    assert page.locator("[data-step-end]").is_hidden()
    titles = []
    for n in range(2, STEPS + 1):
        page.tap("[data-step-next]")
        assert current_step(page) == STEP_COUNT[lang].format(n=n)
        titles.append(page.locator("[data-step]:visible h2").inner_text())
        status = page.locator("[data-step-status]")
        assert status.inner_text() == f"{STEP_COUNT[lang].format(n=n)}: {titles[-1]}"
    assert len(set(titles)) == STEPS - 1
    title, phrases = LIMITS[lang]
    assert titles[-1] == title
    last = page.locator("[data-step]:visible")
    assert last.get_attribute("data-step") == "limitations"
    assert all(phrase in last.inner_text() for phrase in phrases)
    assert page.locator("[data-step-next]").is_disabled()
    assert page.locator("[data-step-end]").is_visible()
    # The button that went dead handed focus to the new step's heading, not to <body>.
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.tap("[data-step-prev]")
    assert current_step(page) == STEP_COUNT[lang].format(n=STEPS - 1)
    page.tap("[data-step-next]")
    page.tap("[data-step-restart]")
    assert current_step(page) == STEP_COUNT[lang].format(n=1)


@pytest.mark.parametrize("lang", LOCALES)
def test_explainer_swipes_towards_the_reading_direction(screen, live_server, lang):
    page = screen()
    page.goto(f"{live_server.url}/{lang}/how-it-works")
    box = page.locator("[data-step]:visible").bounding_box()
    y = box["y"] + box["height"] / 2
    forward = (box["x"] + box["width"] * 0.8, box["x"] + box["width"] * 0.2)  # finger moves leftwards
    if lang == "ar":
        forward = forward[::-1]  # in Arabic the next page comes from the left
    for start, end in (forward, forward, forward[::-1]):
        page.mouse.move(start, y)
        page.mouse.down()
        page.mouse.move(end, y, steps=5)
        page.mouse.up()
    assert current_step(page) == STEP_COUNT[lang].format(n=2)


@pytest.mark.parametrize("lang", LOCALES)
def test_explainer_follows_the_arrow_keys_in_reading_direction(screen, live_server, lang):
    page = screen()
    page.goto(f"{live_server.url}/{lang}/how-it-works")
    page.focus("[data-step-next]")
    forward, back = ("ArrowRight", "ArrowLeft") if lang == "en" else ("ArrowLeft", "ArrowRight")
    page.keyboard.press(forward)
    page.keyboard.press(forward)
    page.keyboard.press(back)
    assert current_step(page) == STEP_COUNT[lang].format(n=2)


def test_explainer_opens_at_the_step_in_the_address(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/en/how-it-works")
    page.tap("[data-step-next]")
    assert page.url.endswith("#step-catagen")
    page.reload()
    assert current_step(page) == "Step 2 of 10"


def filter_faq(page, query):
    page.fill("#faq-query", "")
    page.type("#faq-query", query)
    return [page.locator("details.faq-entry:visible summary").nth(i).inner_text()
            for i in range(page.locator("details.faq-entry:visible").count())]


def test_faq_filter_in_english(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/en/faq")
    total = page.locator("details.faq-entry").count()
    shown = filter_faq(page, "stem cells")
    assert "How are exosomes different from stem cells?" in shown
    assert 0 < len(shown) < total
    count = page.locator("[data-faq-count]").inner_text()
    assert count == (f"{len(shown)} question found" if len(shown) == 1 else f"{len(shown)} questions found")
    expect(page.locator("[data-faq-status]")).not_to_have_text("")  # no eval: the CSP forbids it
    assert page.locator("[data-faq-status]").text_content() == count
    assert filter_faq(page, "STEM") == filter_faq(page, "stem")


# Each query is typed the way people do: without diacritics, with another alef, with a plain haa for taa
# marbuta, a yaa for alef maqsura, a tatweel; each must find the question spelled properly on the page.
ARABIC_QUERIES = {
    "الاكسوسومات والخلايا": "ما الفرق بين الإكسوسومات والخلايا الجذعية؟",
    "الجذعيه": "ما الفرق بين الإكسوسومات والخلايا الجذعية؟",
    "تستخدم": "كيف تُستخدم الإكسوسومات في فروة الرأس؟",
    "متي": "متى قد لا يفيد العلاج بالإكسوسومات؟",
    "الشـــعر": "ما دورة نمو الشعر؟",
    "أكسوسومات": "ما الإكسوسومات؟",
    "الخَلَايَا": "ما الفرق بين الإكسوسومات والخلايا الجذعية؟",
}


def test_faq_filter_in_arabic_ignores_spelling_variants(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/ar/faq")
    for query, question in ARABIC_QUERIES.items():
        assert question in filter_faq(page, query), query


# The loanword as patients type it (SPEC §3): each spelling finds every exosome question the proper one does.
@pytest.mark.parametrize("spelling", ["اكزوزوم", "إكزوسوم", "اكسوسوم", "إكسوسوم", "الاكزوزومات"])
def test_faq_filter_finds_the_exosome_questions_by_any_spelling(screen, live_server, spelling):
    page = screen()
    page.goto(f"{live_server.url}/ar/faq")
    proper = filter_faq(page, "الإكسوسومات" if spelling.startswith("ال") else "إكسوسوم")
    assert len(proper) > 10
    assert filter_faq(page, spelling) == proper


@pytest.mark.parametrize("lang", LOCALES)
def test_faq_no_match_offers_all_questions_again(screen, live_server, lang):
    page = screen()
    page.goto(f"{live_server.url}/{lang}/faq")
    total = page.locator("details.faq-entry").count()
    assert filter_faq(page, "zzqx" if lang == "en" else "ظظظ") == []
    empty = page.locator("[data-faq-empty]")
    assert empty.is_visible()
    message = {"en": "No question matches your search.", "ar": "لا يوجد سؤال يطابق بحثك."}[lang]
    assert empty.locator("p").inner_text() == message
    assert page.locator("[data-faq-count]").inner_text() == ""
    expect(page.locator("[data-faq-status]")).not_to_have_text("")  # no eval: the CSP forbids it
    assert page.locator("[data-faq-status]").text_content() == message
    page.tap("[data-faq-clear]")
    assert page.locator("details.faq-entry:visible").count() == total
    assert page.input_value("#faq-query") == ""
    assert empty.is_hidden()


def test_arabic_result_count_uses_arabic_plural_forms(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/ar/faq")
    pick = ("n => import('/static/js/plural.js')"
            ".then(m => m.countMessage(document.querySelector('[data-faq-count]'), n))")
    forms = {n: page.evaluate(pick, n) for n in (1, 2, 3, 11, 100)}
    assert forms == {1: "وُجد سؤال واحد", 2: "وُجد سؤالان", 3: "وُجدت 3 أسئلة", 11: "وُجد 11 سؤالًا",
                     100: "وُجد 100 سؤال"}


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_every_page_is_readable_with_javascript_off(screen, live_server, lang, path):
    page = screen(java_script_enabled=False)
    page.goto(f"{live_server.url}/{lang}{path}")
    assert page.locator("main").inner_text().strip()
    assert page.locator(".text-size").is_hidden()
    if path == "/how-it-works":
        steps = page.locator("[data-step]")
        assert steps.count() == STEPS and all(steps.nth(i).is_visible() for i in range(STEPS))
        counts = [steps.nth(i).locator(".step-count").inner_text() for i in range(STEPS)]
        assert counts == [STEP_COUNT[lang].format(n=n) for n in range(1, STEPS + 1)]
        assert page.locator("[data-step-nav]").is_hidden()
        assert page.locator("[data-step-end]").is_visible()
    if path == "/faq":
        assert page.locator("[data-faq-search]").is_hidden()
        entries = page.locator("details.faq-entry")
        assert entries.count() > 5 and all(entries.nth(i).is_visible() for i in range(entries.count()))
        page.locator("details.faq-entry summary").first.click()
        assert re.search(r"\w", page.locator("details.faq-entry[open] p").inner_text())
