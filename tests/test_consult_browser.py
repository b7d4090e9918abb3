"""The consult form in Chromium: happy path and error path in both languages, axe-core, screenshots."""
import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from pages import LOCALES

pytestmark = pytest.mark.browser
ARABIC_INDIC_MOBILE = "٠٥٠ ١٢٣ ٤٥٦٧"
STAYING = {
    "en": "This screen will stay open. Tap “Back to the start” when you have finished.",
    "ar": "ستبقى هذه الشاشة مفتوحة. يُرجى لمس «العودة إلى البداية» عند الانتهاء.",
}


def shoot(page, artifacts, name):
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def no_axe_violations(page):
    results = Axe().run(page)
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    assert violations == [], violations


@pytest.mark.parametrize("lang", LOCALES)
def test_patient_sends_a_request_by_touch(page, live_server, artifacts, lang):
    page.goto(f"{live_server.url}/{lang}/consult")
    shoot(page, artifacts, f"consult-{lang}-form")
    no_axe_violations(page)
    page.tap("#name")
    page.fill("#name", "سارة القحطاني" if lang == "ar" else "Sara Al-Qahtani")
    page.fill("#phone", ARABIC_INDIC_MOBILE)
    page.tap("label[for=preferred_time-1]")
    page.tap("label[for=consent]")
    page.tap("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/{lang}/consult/sent")
    reference = page.locator(".reference")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}", reference.inner_text())
    assert reference.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert "4567" not in page.content()
    shoot(page, artifacts, f"consult-{lang}-sent")
    no_axe_violations(page)


@pytest.mark.parametrize("lang", LOCALES)
def test_errors_are_summarised_and_shown_beside_their_fields(page, live_server, artifacts, lang):
    page.goto(f"{live_server.url}/{lang}/consult")
    page.fill("#name", "Sara 2")
    page.fill("#phone", "0112345678")
    page.fill("#message", "مرحبا")
    with page.expect_navigation() as navigation:
        page.tap("button[type=submit]")
    assert navigation.value.status == 400
    assert page.locator(".error-summary li").count() == 4  # name, phone, time, consent
    for field in ("name", "phone", "consent"):
        described = page.get_attribute(f"#{field}", "aria-describedby")
        assert f"{field}-error" in described.split()
        assert page.locator(f"#{field}-error").is_visible()
    assert page.input_value("#name") == "Sara 2" and page.input_value("#message") == "مرحبا"
    page.tap(".error-summary li:nth-child(2) a")
    assert page.evaluate("location.hash") == "#phone"
    shoot(page, artifacts, f"consult-{lang}-errors")
    no_axe_violations(page)


def test_confirmation_goes_back_to_the_start_without_javascript(browser, app_factory):
    from conftest import LiveServer

    server = LiveServer(app_factory(CONSULT_SENT_SECONDS=2))
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/en/consult")
        page.fill("#name", "Sara")
        page.fill("#phone", "0501234567")
        page.check("#preferred_time-0")
        page.check("#consent")
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.url}/en/consult/sent")
        page.wait_for_url(f"{server.url}/", timeout=15_000)
    finally:
        context.close()
        server.stop()


@pytest.mark.parametrize("lang", LOCALES)
def test_a_form_whose_session_is_gone_offers_a_fresh_one(page, live_server, artifacts, lang):
    page.goto(f"{live_server.url}/{lang}/consult")
    page.context.clear_cookies()  # as if the form was left open past its token's life
    page.fill("#name", "Sara")
    with page.expect_navigation() as navigation:
        page.tap("button[type=submit]")
    assert navigation.value.status == 400
    shoot(page, artifacts, f"consult-{lang}-expired")
    no_axe_violations(page)
    page.tap(".form-failure a")
    page.wait_for_url(f"{live_server.url}/{lang}/consult")
    assert page.input_value("#name") == ""


def send_a_request(page, server, lang: str) -> None:
    page.goto(f"{server.url}/{lang}/consult")
    page.fill("#name", "Sara")
    page.fill("#phone", "0501234567")
    page.check("#preferred_time-0")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf".*/{lang}/consult/sent.*"))


@pytest.mark.parametrize("lang", LOCALES)
def test_confirmation_goes_back_to_the_start_when_it_says(screen, kiosk_server, lang):
    # The idle dialog (its own countdown of at least 20 s) must not stretch the time the page announces.
    server = kiosk_server(CONSULT_SENT_SECONDS=3, IDLE_COUNTDOWN_SECONDS=30)
    page = screen()
    send_a_request(page, server, lang)
    started = time.monotonic() - page.evaluate("performance.now()") / 1000  # when the page began to load
    assert "3" in page.locator("#return-note").inner_text()
    page.wait_for_url(f"{server.url}/", timeout=10_000)
    assert 2.9 <= time.monotonic() - started <= 6
    page.go_back()  # location.replace: the confirmation is gone from the history
    assert "/consult/sent" not in page.url


@pytest.mark.parametrize("lang", LOCALES)
def test_confirmation_offers_to_stay_and_says_so(screen, kiosk_server, artifacts, lang):
    server = kiosk_server(CONSULT_SENT_SECONDS=3)
    page = screen()
    send_a_request(page, server, lang)
    stay = page.locator("[data-sent-stay]")
    shoot(page, artifacts, f"consult-{lang}-sent-countdown")
    box = stay.bounding_box()
    assert box["width"] >= 48 and box["height"] >= 48
    assert stay.get_attribute("aria-describedby") == "return-note"
    stay.tap()
    status = page.locator("[data-sent-status]")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == STAYING[lang]
    assert stay.is_hidden() and page.evaluate("document.activeElement.matches('a[href=\"/\"]')")
    page.wait_for_timeout(4_500)  # past the announced return: the patient asked to stay
    assert "/consult/sent" in page.url
    assert page.locator("dialog[data-idle-dialog]").is_hidden()
    shoot(page, artifacts, f"consult-{lang}-sent-staying")
    no_axe_violations(page)


def test_confirmation_without_javascript_has_no_stay_button(screen, kiosk_server):
    server = kiosk_server(CONSULT_SENT_SECONDS=60)
    page = screen(java_script_enabled=False)
    send_a_request(page, server, "en")
    assert page.locator("[data-sent-stay]").is_hidden()  # nothing could stop the meta refresh
