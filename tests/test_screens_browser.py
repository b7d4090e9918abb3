"""In Chromium: an enrolled kiosk screen appears online on /staff/screens, goes offline when closed, and its
thrown script errors and CSP violations show there; a name not enrolled is listed apart; screenshots of the
overview in both languages."""
import pytest
from conftest import LiveServer, make_app
from staffkit import PASSWORD, add_staff, browser_sign_in

from kiosk import screens
from kiosk.staff import screen_admin

pytestmark = pytest.mark.browser
BEAT_SECONDS = 2


@pytest.fixture
def screens_server(instance):
    app = make_app(instance, HEARTBEAT_SECONDS=BEAT_SECONDS, IDLE_SECONDS=3600)
    add_staff(app, "desk")
    with app.app_context():
        app.launch = screen_admin.add(app.config["BRANCH"], "lobby-7", "test").path
    server = LiveServer(app)
    flusher = screens.start_flush(app)  # as `kiosk serve` does
    yield server
    flusher.stop()
    server.stop()
    app.extensions["kiosk_db"].engine.dispose()


def _row(desk, name: str):
    return desk.locator(f'tr[data-screen="{name}"]')


def test_screen_online_then_offline_with_its_script_error_and_csp_report(browser, screens_server, artifacts):
    # Contexts of our own, not the `page` fixture: that one fails on any CSP violation, and we cause one.
    base = screens_server.url
    kiosk = browser.new_context(viewport={"width": 1080, "height": 1920})
    screen = kiosk.new_page()
    screen.goto(base + screens_server.app.launch)
    assert screen.evaluate("location.search") == "", "the key does not stay in the address bar"
    screen.goto(f"{base}/en/faq")  # name and key are kept for the browser session, without a cookie
    assert kiosk.cookies() == []
    other = browser.new_context().new_page()
    other.goto(f"{base}/ar/?screen=lobby-8")

    desk_context = browser.new_context(viewport={"width": 1366, "height": 900})
    desk = desk_context.new_page()
    browser_sign_in(desk, screens_server.app, base, "desk", PASSWORD, "en")
    desk.goto(f"{base}/staff/screens?ui=en")
    row = _row(desk, "lobby-7")
    row.wait_for(timeout=30_000)  # the page updates itself: no reload here
    assert "Online" in row.inner_text() and "/en/faq" in row.inner_text()

    screen.evaluate("setTimeout(() => { throw new TypeError('screen test boom'); }, 0)")
    screen.evaluate("""() => { const s = document.createElement('script');
                                s.textContent = 'window.injected = 1'; document.body.append(s); }""")
    desk.wait_for_function("""() => {
        const row = document.querySelector('tr[data-screen="lobby-7"]');
        return row && row.innerText.includes('screen test boom') && row.innerText.includes('CSP report');
    }""", timeout=45_000)
    text = _row(desk, "lobby-7").inner_text()
    assert "Script error" in text and "script-src-elem blocked inline" in text

    kiosk.close()  # the screen is switched off
    desk.wait_for_function("""() => document.querySelector('tr[data-screen="lobby-7"]')
                                      ?.innerText.includes('Offline since')""", timeout=45_000)
    stranger = desk.locator('tr[data-unenrolled="lobby-8"]')
    assert "Online" in stranger.inner_text() and "/ar/" in stranger.inner_text()

    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    for lang in ("en", "ar"):
        desk.goto(f"{base}/staff/screens?ui={lang}")
        desk.evaluate("document.fonts.ready")
        desk.screenshot(path=folder / f"staff-screens-{lang}-1366x900.png", full_page=True)
    assert "غير متصلة منذ" in _row(desk, "lobby-7").inner_text()
    desk_context.close()
    other.context.close()


def _desk_context(browser, server, name: str):
    """A staff browser signed in through staffkit (its session copied from a test client)."""
    from staffkit import sign_in_directly

    client = server.app.test_client()
    sign_in_directly(server.app, client, name)
    cookie = client.get_cookie(server.app.config["SESSION_COOKIE_NAME"], path="/staff")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "domain": "127.0.0.1", "path": "/staff",
                          "httpOnly": True, "sameSite": "Strict"}])
    return context


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_enrolling_on_the_page_shows_a_qr_code_that_decodes_to_the_launch_url(browser, screens_server,
                                                                              artifacts, lang):
    import json
    import subprocess

    from axe_playwright_python.sync_playwright import Axe

    base, app = screens_server.url, screens_server.app
    kiosk = browser.new_context(viewport={"width": 1080, "height": 1920})
    kiosk.new_page().goto(base + app.launch)  # lobby-7, enrolled and beating
    client = app.test_client()
    key = app.launch.rsplit("key=", 1)[1]
    client.post("/heartbeat", content_type="application/json", data=json.dumps({
        "screen": "lobby-7", "key": key, "path": "/", "version": "x", "catalog": 0,
        "taps": {"count": 30, "p50_ms": 38, "p75_ms": 212, "prerendered": 0.6}}))
    for n in range(3):
        client.post("/heartbeat", content_type="application/json",
                    data=json.dumps({"screen": f"stranger-{n}", "path": "/en/", "version": "x",
                                     "catalog": 0}))
    with app.app_context():
        screens.flush_now(app)
    desk_context = _desk_context(browser, screens_server, "desk")
    desk = desk_context.new_page()
    desk.goto(f"{base}/staff/screens?ui={lang}")
    name = f"lobby-{lang}"
    desk.fill("#enrol-name", name)
    with desk.expect_navigation():
        desk.click(".enrol-form button[type=submit]")
    url = desk.inner_text("[data-launch-url]")
    assert url.startswith(f"{base}/?screen={name}&key=")
    desk.evaluate("document.fonts.ready")
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    shot = folder / f"staff-screens-enrolled-{lang}-1366x900.png"
    desk.screenshot(path=shot, full_page=True)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(shot)], capture_output=True, text=True,
                             timeout=30)
    assert decoded.stdout.strip() == url, "an independent decoder reads the launch URL"
    assert desk.locator('tr[data-unenrolled="stranger-2"]').count() == 1
    assert desk.locator('tr[data-screen="lobby-7"] .screen-slow').count() == 1
    result = Axe().run(desk, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    assert [v["id"] for v in result.response["violations"]] == []
    desk_context.close()
    kiosk.close()
