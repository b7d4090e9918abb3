"""The privacy page in Chromium, in both languages: a search's results and the request log, axe-clean, no
sideways scrolling, the JSON download as a real file; screenshots in test-artifacts/screens."""
import datetime as dt
import json

import pytest
from privacykit import ARABIC_NAME, NAME, seed_patient
from staffkit import add_staff, login

from kiosk.privacy import log
from kiosk.staff.dates import today

pytestmark = pytest.mark.browser
A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _signed_in_context(browser, server):
    """A desk browser holding a staff session made by the staffkit sign-in (whatever factors it needs)."""
    add_staff(server.app, "mona")
    client = server.app.test_client()
    assert login(client, "mona").status_code == 303
    cookie = client.get_cookie("session", path="/staff")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    # The path the app's own cookie has: a second "session" cookie on another path would shadow it.
    context.add_cookies([{"name": "session", "value": cookie.value, "domain": "127.0.0.1", "path": "/staff",
                          "httpOnly": True, "sameSite": "Lax"}])
    return context


def _seed_log(app) -> None:
    with app.app_context():
        log.add(log.Entry("erasure", today() - dt.timedelta(days=35), "K7Q-M4X"), "mona")
        log.add(log.Entry("access", today() - dt.timedelta(days=3), ""), "mona")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_privacy_page_in_both_languages(browser, kiosk_server, artifacts, lang):
    from axe_playwright_python.sync_playwright import Axe

    server = kiosk_server(IDLE_SECONDS=3600)
    references = seed_patient(server.app)
    _seed_log(server.app)
    context = _signed_in_context(browser, server)
    page = context.new_page()
    page.goto(f"{server.url}/staff/privacy?ui={lang}")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    page.fill("#phone", "٠٥٥ ١٢٣ ٤٥٦٧" if lang == "ar" else "055 123 4567")
    with page.expect_navigation():
        page.click(".privacy-search button[type=submit]")
    assert "?" not in page.url.split("/staff/privacy", 1)[1].replace(f"?ui={lang}", "")  # no number in it
    assert page.locator(".privacy-request").count() == 2, page.locator("main").inner_text()
    shown = page.locator(".privacy-found").inner_text()
    assert all(reference in shown for reference in references) and NAME in shown and ARABIC_NAME in shown
    assert page.locator(".privacy-open tbody tr").count() == 2
    assert page.locator(".privacy-open tr.overdue .overdue-badge").count() == 1
    page.locator("details.privacy-correct").first.evaluate("d => d.open = true")
    page.evaluate("document.fonts.ready")
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=folder / f"staff-privacy-{lang}-1366x768.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the page scrolls sideways"
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": A11Y_TAGS}})
    assert result.response["passes"], "axe ran"
    found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]
    assert found == []
    with page.expect_download() as waiting:
        page.click(".privacy-actions button[type=submit] >> nth=0")
    download = waiting.value
    assert download.suggested_filename.endswith(".json") and "551234567" not in download.suggested_filename
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert [request["reference"] for request in data["requests"]] == references
    # A refused correction: the errors beside their fields, and still nothing for axe to report.
    first = page.locator("article.privacy-request").first
    first.locator("details.privacy-correct").evaluate("d => d.open = true")
    first.locator("input[name=name]").fill("R2D2")
    with page.expect_navigation():
        first.locator("details.privacy-correct button[type=submit]").click()
    assert page.locator("input[name=name][aria-invalid=true]").count() == 1
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": A11Y_TAGS}})
    assert [v["id"] for v in result.response["violations"]] == []
    page.screenshot(path=folder / f"staff-privacy-correction-error-{lang}-1366x768.png", full_page=True)
    context.close()
