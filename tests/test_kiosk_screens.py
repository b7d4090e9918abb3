"""Pictures of the consult pages and of every interactive state, both languages, both orientations.

tests/test_browser.py photographs the content pages; these go beside them in test-artifacts/screens.
"""
import pytest
from pages import LOCALES

pytestmark = pytest.mark.browser

ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def snap(page, folder, name, size, full_page=True):
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"{name}-{size[0]}x{size[1]}.png", full_page=full_page)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
@pytest.mark.parametrize("lang", LOCALES)
def test_screenshot_every_state(screen, kiosk_server, artifacts, lang, orientation):
    size = ORIENTATIONS[orientation]
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    server = kiosk_server(IDLE_SECONDS=3600)
    page = screen(*size)
    base = server.url + f"/{lang}"

    page.goto(f"{base}/how-it-works")
    for _ in range(8):
        page.tap("[data-step-next]")
    snap(page, folder, f"{lang}-how-it-works-last-step", size)

    page.goto(f"{base}/faq")
    page.locator("details.faq-entry summary").first.tap()
    page.tap("#faq-query")
    page.keyboard.type("exosomes" if lang == "en" else "الاكسوسومات")
    snap(page, folder, f"{lang}-faq-filtered-keyboard", size, full_page=False)
    page.fill("#faq-query", "")
    page.keyboard.type("zzz")
    snap(page, folder, f"{lang}-faq-no-match", size, full_page=False)

    page.goto(f"{base}/consult")
    assert page.locator("main form").count() == 1
    snap(page, folder, f"{lang}-consult", size)
    page.tap("[name=phone]")
    snap(page, folder, f"{lang}-consult-phone-pad", size, full_page=False)
    page.tap("[name=name]")
    snap(page, folder, f"{lang}-consult-keyboard", size, full_page=False)
    with page.expect_navigation():
        page.evaluate("document.querySelector('main form').submit()")
    snap(page, folder, f"{lang}-consult-errors", size)

    page.goto(f"{base}/consult")
    page.fill("[name=name]", "Sara Ali" if lang == "en" else "سارة علي")
    page.fill("[name=phone]", "0551234567")
    page.check("[name=preferred_time][value=morning]")
    page.check("[name=consent]")
    with page.expect_navigation():
        page.click("main form [type=submit]")
    assert "/consult/sent" in page.url
    snap(page, folder, f"{lang}-consult-sent", size)

    idle = kiosk_server(IDLE_SECONDS=1, IDLE_COUNTDOWN_SECONDS=30)  # as in production
    page.goto(f"{idle.url}/{lang}/article")
    page.wait_for_selector("dialog[data-idle-dialog][open]")
    snap(page, folder, f"{lang}-idle-dialog", size, full_page=False)
