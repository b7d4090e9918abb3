"""The audit log and the approval view in Chromium, both languages: no axe violations; screenshots."""
import pytest
from kiosk_checks import axe_violations
from staffkit import add_consult, add_staff, browser_sign_in

from kiosk.editor import proposals

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_audit_and_approval_pages_pass_axe(browser, kiosk_server, artifacts, lang):
    server = kiosk_server()
    add_staff(server.app, "lead", role="admin")
    consult_id = add_consult(server.app, reference="K000321")
    with server.app.app_context():
        proposals.propose("ar", "Home", "صفحة البدء", "Home", "sara", 0)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    browser_sign_in(page, server.app, server.url, "lead", lang=lang)
    page.goto(f"{server.url}/staff/requests/{consult_id}")  # recorded: a view of K000321
    problems = {}
    for name, path in (("audit", "/staff/audit"), ("proposals", "/staff/translations/proposals")):
        page.goto(f"{server.url}{path}")
        assert page.locator("html").get_attribute("lang") == lang
        page.screenshot(path=str(artifacts / f"staff-{name}-{lang}.png"), full_page=True)
        found, ran = axe_violations(page)
        assert "color-contrast" in ran or lang == "ar"
        if found:
            problems[path] = found
    assert "K000321" in page.goto(f"{server.url}/staff/audit").text()
    assert problems == {}
    context.close()
