"""In Chromium: a real enrolled page beating; "Reload" and "Back to start" issued from the desk reach it with
its next beat, a page whose form holds typed text waits for its idle reset, and a screen behind its
server's catalog reloads itself on the welcome screen (SPEC §3 Commands, Self-update)."""
import time

import pytest
from sqlalchemy import select
from staffkit import add_staff, csrf_token, login

from kiosk import db, extensions
from kiosk.i18n import overlay
from kiosk.screens.models import Enrolment
from kiosk.staff import screen_admin

pytestmark = pytest.mark.browser
BEAT = 1  # seconds between beats: the answers come quickly


def _enrolled(server, name: str) -> str:
    with server.app.app_context():
        return screen_admin.add(server.app.config["BRANCH"], name, "test").path


def _desk(app):
    client = app.test_client()
    add_staff(app, "desk", role="reception")
    login(client, "desk")
    return client


def _command(desk, command: str, screen: str | None = None) -> None:
    data = {"csrf_token": csrf_token(desk, "/staff/screens"), "command": command, "branch": "main"}
    if screen:
        data["screen"] = screen
    assert desk.post("/staff/screens/command", data=data).status_code == 303


def _waiting(app, name: str) -> str | None:
    with app.app_context(), db.reading() as session:
        return session.scalar(select(Enrolment.command).where(Enrolment.name == name))


def test_reload_and_back_to_start_reach_a_beating_page(kiosk_server, screen):
    server = kiosk_server(HEARTBEAT_SECONDS=BEAT, IDLE_SECONDS=3600)
    launch = _enrolled(server, "lobby-1")
    desk = _desk(server.app)
    page = screen()
    page.goto(server.url + launch)
    page.goto(f"{server.url}/en/faq")
    page.evaluate("window.__before = 1")
    _command(desk, "reload", "lobby-1")
    page.wait_for_function("() => window.__before === undefined", timeout=15_000)  # a new document
    assert page.url == f"{server.url}/en/faq"
    page.evaluate("window.__before = 1")
    _command(desk, "home")  # the whole branch
    page.wait_for_url(f"{server.url}/", timeout=15_000)
    assert _waiting(server.app, "lobby-1") is None


def test_a_command_waits_while_the_form_holds_typed_text_then_the_idle_reset_does_it(kiosk_server, screen):
    server = kiosk_server(HEARTBEAT_SECONDS=BEAT, IDLE_SECONDS=8, IDLE_COUNTDOWN_SECONDS=2)
    launch = _enrolled(server, "lobby-2")
    desk = _desk(server.app)
    page = screen()
    page.goto(server.url + launch)
    page.goto(f"{server.url}/en/consult")
    page.fill("#name", "Sara")
    page.evaluate("window.__before = 1")
    _command(desk, "home", "lobby-2")
    # The screen took the command with a beat and holds it: the typed name is still there.
    page.wait_for_function("() => sessionStorage.getItem('kiosk-command-waiting') === 'home'", timeout=15_000)
    assert _waiting(server.app, "lobby-2") is None
    assert page.url.endswith("/en/consult") and page.input_value("#name") == "Sara"
    assert page.evaluate("window.__before") == 1
    page.wait_for_url(f"{server.url}/", timeout=30_000)  # the idle reset
    page.wait_for_function("() => sessionStorage.getItem('kiosk-command-waiting') === null", timeout=5_000)


def test_a_screen_behind_its_servers_catalog_reloads_itself_on_the_welcome_screen(kiosk_server, screen):
    server = kiosk_server(HEARTBEAT_SECONDS=BEAT, IDLE_SECONDS=3600, CATALOG_CHECK_SECONDS=0)
    launch = _enrolled(server, "lobby-3")
    page = screen()
    page.goto(server.url + launch)
    before = int(page.get_attribute("html", "data-catalog"))
    page.evaluate("window.__before = 1")
    with server.app.app_context():  # a translation save bumps the catalog version
        overlay.save("ar", "Home", "الصفحة الأولى", "Home", "mona", 0)
    for _ in range(50):  # a request thread may be looking at the database: that look returns the old one
        after = extensions.catalogs(server.app).version
        if after > before:
            break
        time.sleep(0.1)
    assert after > before
    page.wait_for_function(f"""() => window.__before === undefined
                               && document.documentElement.dataset.catalog === '{after}'""", timeout=15_000)
    assert page.url == f"{server.url}/"
    # Now on the server's version: the next beats are answered 204 and the page stays.
    page.evaluate("window.__before = 2")
    page.wait_for_timeout(3 * BEAT * 1000)
    assert page.evaluate("window.__before") == 2
