"""The consult form in Chromium: happy path and error path in both languages, axe-core, screenshots."""
import re
import time
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from pages import LOCALES

pytestmark = pytest.mark.browser
SENT_URL = re.compile(r".*/(en|ar)/consult/sent\?ref=[2-9A-HJ-NP-Z-]{7}$")
ARABIC_INDIC_MOBILE = "٠٥٠ ١٢٣ ٤٥٦٧"
STAYING = {
    "en": "This screen will stay open. Tap “Back to the start” when you have finished.",
    "ar": "ستبقى هذه الشاشة مفتوحة. يُرجى الضغط على «العودة إلى البداية» عند الانتهاء.",
}


def shoot(page, artifacts, name):
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"{name}.png", full_page=True)


@contextmanager
def posts_received(app):
    """The request headers (WSGI `HTTP_…` keys) of every POST that reaches the live server meanwhile."""
    received, inner = [], app.wsgi_app

    def recording(environ, start_response):
        if environ["REQUEST_METHOD"] == "POST":
            received.append({key: value for key, value in environ.items() if key.startswith("HTTP_")})
        return inner(environ, start_response)

    app.wsgi_app = recording
    try:
        yield received
    finally:
        app.wsgi_app = inner


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
    with posts_received(live_server.app) as received:
        page.tap("button[type=submit]")
        page.wait_for_url(SENT_URL)
    reference = page.locator(".reference")
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}", reference.inner_text())
    assert page.url.endswith(f"/{lang}/consult/sent?ref={reference.inner_text()}")
    assert reference.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert "4567" not in page.content()
    shoot(page, artifacts, f"consult-{lang}-sent")
    no_axe_violations(page)
    # What reached the server is what the Fetch Metadata rule accepts (SPEC §4) ... (read at the server: the
    # service worker sends the form on, and Playwright reports the page's request from before it)
    headers = received[-1]
    assert headers["HTTP_SEC_FETCH_SITE"] == "same-origin" and headers["HTTP_ORIGIN"] == live_server.url
    assert "cookie" not in headers
    # ... and the patient's whole visit left nothing behind in the browser: no cookie at all.
    assert page.context.cookies() == []


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
        fill_the_form(page)
        page.click("button[type=submit]")
        page.wait_for_url(SENT_URL)
        page.wait_for_url(f"{server.url}/", timeout=15_000)
    finally:
        context.close()
        server.stop()


FOREIGN_PAGE = """<!doctype html><html lang="en"><title>Prize</title>
<form method="post" action="{action}"><input name="name" value="Sara"><input name="phone" value="0501234567">
<input name="preferred_time" value="morning"><input name="consent" value="y">
<input name="submission_id" value="{submission_id}"><button>Win</button></form></html>"""


@pytest.mark.parametrize("lang", LOCALES)
def test_a_form_posted_from_another_site_is_refused_calmly(page, live_server, artifacts, lang):
    """A page on another site posts the kiosk's form: Chromium says so, nothing is stored, a calm 403."""
    from consult_support import new_submission_id, stored

    action = f"{live_server.url}/{lang}/consult"
    submission_id = new_submission_id()
    foreign_url = "http://prize.example"
    page.route(f"{foreign_url}/", lambda route: route.fulfill(
        content_type="text/html", body=FOREIGN_PAGE.format(action=action, submission_id=submission_id)))
    page.goto(f"{foreign_url}/")
    with page.expect_navigation() as navigation:
        page.click("button")
    assert navigation.value.status == 403
    # (With page.route on, Playwright reports the headers from before Chromium's network stack adds
    # Sec-Fetch-*; Origin is there either way.)
    headers = navigation.value.request.all_headers()
    assert headers.get("sec-fetch-site", "cross-site") == "cross-site" and headers["origin"] == foreign_url
    assert page.locator("html").get_attribute("lang") == lang
    shoot(page, artifacts, f"consult-{lang}-refused")
    no_axe_violations(page)
    assert not [record for record in stored(live_server.app) if record.submission_id == submission_id]
    page.tap(".form-failure a")
    page.wait_for_url(action)
    assert page.input_value("#name") == ""
    assert page.context.cookies() == []


def fill_the_form(page) -> None:
    page.fill("#name", "Sara")
    page.fill("#phone", "0501234567")
    page.check("#preferred_time-0")
    page.check("#consent")


def send_a_request(page, server, lang: str) -> None:
    page.goto(f"{server.url}/{lang}/consult")
    fill_the_form(page)
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


def test_over_plain_http_to_a_lan_name_the_origin_carries_the_submit(browser, app_factory):
    """http://kiosk.lan is not a trustworthy origin: Chromium sends no Sec-Fetch-* there, only Origin."""
    from conftest import BROWSER_ARGS, CHROMIUM, LiveServer

    server = LiveServer(app_factory(TRUSTED_HOSTS=["kiosk.lan"]))
    url = server.url.replace("127.0.0.1", "kiosk.lan")
    args = [arg for arg in BROWSER_ARGS if not arg.startswith("--host-resolver-rules")]
    args.append("--host-resolver-rules=MAP kiosk.lan 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    try:
        lan_browser = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
        page = lan_browser.new_page()
        page.goto(f"{url}/en/consult")
        fill_the_form(page)
        with page.expect_request(lambda request: request.method == "POST") as posted:
            page.click("button[type=submit]")
        page.wait_for_url(SENT_URL)
        headers = posted.value.all_headers()
        assert "sec-fetch-site" not in headers and headers["origin"] == url
        assert page.context.cookies() == []
        lan_browser.close()
    finally:
        server.stop()
