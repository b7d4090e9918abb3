"""The kiosk's own on-screen keyboard: typing by taps at the caret, layouts, ARIA, and off when asked."""
import pytest

pytestmark = pytest.mark.browser

OPEN = "[data-osk]:not([hidden])"


def tap_keys(page, text):
    for char in text:
        page.locator(".osk-key", has_text=char).filter(has_text=char).and_(
            page.locator(f".osk-key[data-value='{char}']")).tap()


def focused_name(page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.id")


def test_typing_an_arabic_name_and_a_phone_number_on_the_consult_form(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/ar/consult")
    page.tap("[name=name]")
    panel = page.wait_for_selector(OPEN)
    assert panel.get_attribute("role") == "region"  # a labelled landmark: axe wants all content inside one
    assert panel.get_attribute("aria-label") == "لوحة المفاتيح على الشاشة"
    assert page.get_attribute("[data-osk]", "data-layout") == "ar"  # follows the page language
    tap_keys(page, "محمد")
    page.locator(".osk-space").tap()
    tap_keys(page, "علي")
    assert page.input_value("[name=name]") == "محمد علي"
    assert focused_name(page) == "name"  # the keys never took focus
    page.tap("[name=phone]")
    assert page.get_attribute("[data-osk]", "data-layout") == "phone"
    tap_keys(page, "0551234567")
    page.locator(".osk-backspace").tap()
    tap_keys(page, "8")
    assert page.input_value("[name=phone]") == "0551234568"
    assert focused_name(page) == "phone"
    # A physical keyboard keeps working in the same field.
    page.keyboard.press("Backspace")
    page.keyboard.type("9")
    assert page.input_value("[name=phone]") == "0551234569"


def test_english_name_gets_capitals_where_the_keys_show_them(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/en/consult")
    page.tap("[name=name]")
    page.wait_for_selector(OPEN)
    shifted = "document.querySelector('[data-osk]').classList.contains('is-shifted')"
    assert page.evaluate(shifted)
    tap_keys(page, "sara")
    assert not page.evaluate(shifted)
    page.locator(".osk-space").tap()
    assert page.evaluate(shifted)
    tap_keys(page, "ali")
    assert page.input_value("[name=name]") == "Sara Ali"


def test_message_field_switches_to_english_and_obeys_maxlength(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/ar/consult")
    page.tap("[name=message]")
    page.wait_for_selector(OPEN)
    page.locator(".osk-switch").tap()
    assert page.get_attribute("[data-osk]", "data-layout") == "en"
    tap_keys(page, "hi")
    assert page.input_value("[name=message]") == "hi"
    limit = page.get_attribute("[name=message]", "maxlength")
    if limit:
        page.fill("[name=message]", "x" * int(limit))
        tap_keys(page, "q")
        assert len(page.input_value("[name=message]")) == int(limit)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_keyboard_types_at_the_caret_and_feeds_the_faq_filter(screen, live_server, lang):
    page = screen()
    page.goto(f"{live_server.url}/{lang}/faq")
    total = page.locator("details.faq-entry").count()
    page.tap("#faq-query")
    page.wait_for_selector(OPEN)
    assert page.get_attribute("[data-osk]", "data-layout") == lang
    word = {"en": "stem", "ar": "شعر"}[lang]
    tap_keys(page, word[0] + word[2:])
    page.evaluate("document.querySelector('#faq-query').setSelectionRange(1, 1)")
    tap_keys(page, word[1])  # typed at the caret, after the first letter
    assert page.input_value("#faq-query") == word
    assert focused_name(page) == "faq-query"
    # Real `input` events: the page's own filter reacted to every key.
    assert 0 < page.locator("details.faq-entry:visible").count() < total
    page.evaluate("document.querySelector('#faq-query').setSelectionRange(4, 4)")
    for _ in word:
        page.locator(".osk-backspace").tap()
    assert page.input_value("#faq-query") == ""
    assert page.locator("details.faq-entry:visible").count() == total
    page.locator(".osk-hide").tap()
    assert page.locator("[data-osk]").is_hidden()
    page.tap("#faq-query")  # the same field, tapped again, brings it back
    page.wait_for_selector(OPEN)


def test_keyboard_labels_are_translated(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/ar/faq")
    page.tap("#faq-query")
    page.wait_for_selector(OPEN)
    assert page.locator(".osk-space").inner_text() == "مسافة"
    assert page.locator(".osk-hide").inner_text() == "إخفاء لوحة المفاتيح"
    assert page.locator(".osk-switch").inner_text() == "حروف إنجليزية"
    assert page.get_attribute(".osk-backspace", "aria-label") == "حذف"
    assert page.locator(".osk-key[tabindex='-1']").count() == page.locator(".osk-key").count()


def test_keyboard_off_renders_nothing_and_typing_still_works(screen, kiosk_server):
    server = kiosk_server(KEYBOARD=False)
    page = screen()
    page.goto(f"{server.url}/en/faq")
    assert page.locator("[data-osk]").count() == 0
    page.tap("#faq-query")
    page.keyboard.type("stem")
    assert page.input_value("#faq-query") == "stem"
    assert page.get_attribute("#faq-query", "inputmode") is None


def test_kiosk_keyboard_off_in_the_environment_drops_the_container(app_factory, monkeypatch):
    monkeypatch.setenv("KIOSK_KEYBOARD", "off")
    html = app_factory().test_client().get("/ar/faq").get_data(as_text=True)
    assert "data-osk" not in html and 'data-keyboard="text"' in html


@pytest.mark.parametrize("path", ["/en/faq", "/ar/how-it-works", "/ar/", "/"])
def test_content_pages_stay_the_same_bytes_with_keyboard_and_idle_settings(app, path):
    """The keyboard, idle dialog and plural forms add nothing per request: the page cache can keep them."""
    client = app.test_client()
    first, second = client.get(path).data, app.test_client().get(path).data
    assert first == second
    assert b"csrf" not in first.lower()
