"""In Chromium: the live inbox on one server shows a request stored through another server sharing the
database, within 10 s and without a reload; overdue rows; screenshots of the reception pages."""
import datetime as dt
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from staffkit import add_consult, add_staff, browser_sign_in

from kiosk.reception import calls

pytestmark = pytest.mark.browser
LONG_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)


def sign_in(page, server, lang="en"):
    browser_sign_in(page, server.app, server.url, "alice", lang=lang)
    page.wait_for_url(f"{server.url}/staff/")


def no_axe_violations(page):
    results = Axe().run(page)
    violations = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]
    assert violations == [], violations


def shoot(page, artifacts, name):
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"{name}.png", full_page=True)


@pytest.fixture
def two_servers(kiosk_server, tmp_path):
    """Two waitress servers (two apps, two engines) on one shared SQLite database file."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    kiosk = kiosk_server(DATABASE_URL=url, KEYBOARD=False, BRANCH="Olaya", KIOSK_ID="lobby-1")
    desk = kiosk_server(DATABASE_URL=url, BRANCH="Olaya")
    add_staff(desk.app)
    return kiosk, desk


def test_a_request_stored_on_one_server_appears_in_the_other_servers_open_inbox(two_servers, screen,
                                                                                artifacts):
    kiosk, desk = two_servers
    inbox = screen(1366, 900)
    sign_in(inbox, desk)
    assert inbox.title().startswith("Consult requests")
    expect(inbox.locator("[data-chime-controls]")).to_be_visible()
    assert "tapped this page" in inbox.locator("#chime-hint").inner_text()

    inbox.evaluate("window.sameDocument = 'yes'")
    patient = screen()
    patient.goto(f"{kiosk.url}/en/consult")
    patient.fill("#name", "Live Arrival")
    patient.fill("#phone", "0501234567")
    patient.click("label[for=preferred_time-1]")
    patient.click("label[for=consent]")
    patient.click("button[type=submit]")
    patient.wait_for_url(re.compile(rf"{re.escape(kiosk.url)}/en/consult/sent\?ref=.*"))

    # No reload: the same document shows the row, says so in its status line and counts it in the title.
    expect(inbox.locator("table.inbox")).to_contain_text("Live Arrival", timeout=10_000)
    expect(inbox.locator("[data-live-status]")).to_have_text("1 new consult request arrived.")
    assert inbox.title().startswith("(1 new) Consult requests")
    assert inbox.locator("[data-live-status]").get_attribute("role") == "status"
    assert inbox.evaluate("window.sameDocument") == "yes"

    add_consult(kiosk.app, name="Waited Too Long", created_at=LONG_AGO, due_at=LONG_AGO)
    expect(inbox.locator("table.inbox tbody tr").first).to_contain_text("Waited Too Long", timeout=10_000)
    expect(inbox.locator("tr.overdue .overdue-badge")).to_have_text("⚠ Overdue")
    assert inbox.title().startswith("(2 new · 1 overdue) Consult requests")
    shoot(inbox, artifacts, "reception-en-inbox-live")


def test_without_javascript_the_inbox_is_as_drawn(two_servers, screen):
    _kiosk, desk = two_servers
    page = screen(1366, 900, java_script_enabled=False)
    sign_in(page, desk)
    assert page.locator("[data-chime-controls]").is_hidden()
    assert page.locator("[data-live-status]").inner_text() == ""


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_reception_pages_screenshots(two_servers, screen, artifacts, lang):
    kiosk, desk = two_servers
    app = desk.app
    add_consult(app, name="Fresh Request" if lang == "en" else "نورة العتيبي", branch="Olaya")
    late = add_consult(app, name="Waited Too Long" if lang == "en" else "سارة القحطاني",
                       created_at=LONG_AGO, due_at=LONG_AGO, branch="Khobar")
    called = add_consult(app, name="Called Once" if lang == "en" else "محمد الشهري", branch="Olaya",
                         created_at=LONG_AGO)
    with app.app_context():
        calls.record(called, "alice", "no_answer", "لا يرد", now=LONG_AGO + dt.timedelta(hours=1))
        calls.record(called, "alice", "call_back", "after 5 pm",
                     callback_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=5))
        calls.record(late, "alice", "call_back", "", callback_at=LONG_AGO + dt.timedelta(hours=3),
                     now=LONG_AGO + dt.timedelta(hours=2))
    page = screen(1366, 900)
    sign_in(page, desk, lang)
    add_consult(kiosk.app, name="Just Arrived" if lang == "en" else "خالد الدوسري", branch="Olaya")
    expect(page.locator("[data-live-status]")).not_to_be_empty(timeout=10_000)
    expect(page.locator("tr.overdue")).to_have_count(1)
    shoot(page, artifacts, f"reception-{lang}-inbox")
    no_axe_violations(page)
    page.goto(f"{desk.url}/staff/requests/{called}")
    expect(page.locator(".attempts li")).to_have_count(2)
    shoot(page, artifacts, f"reception-{lang}-request")
    no_axe_violations(page)
    page.goto(f"{desk.url}/staff/dashboard")
    expect(page.locator("#chart-wait-weeks svg")).to_be_visible()
    shoot(page, artifacts, f"reception-{lang}-dashboard")
    no_axe_violations(page)
