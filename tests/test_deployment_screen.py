"""SPEC §9, deployment tier: the screen's Chromium exactly as docs/deployment.md launches it (cage swapped
for Xvfb; no DevTools attached) shows the kiosk, beats to its server and follows taps, on the kiosk PC
(http://127.0.0.1:PORT/, the guide's URL) and through the documented Caddy (https, Caddy's root trusted)."""
import deployguide
import pytest
from deployment import Stack
from kioskscreen import KioskScreen, wait_for

SCREEN = "lobby-2"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("screen-stack"), KIOSK_HEARTBEAT_SECONDS="2")
    yield stack
    stack.stop()


def test_the_guides_launch_line_and_its_service_start_the_same_chromium():
    """The guide shows the line twice (explained, and in kiosk-browser.service): one must not drift."""
    assert deployguide.chromium_in_service() == deployguide.chromium_command()
    argv = deployguide.chromium_command()
    assert "--kiosk" in argv and not any(arg.startswith("--remote-debugging") for arg in argv)


def start_button(browser, url: str) -> tuple[int, int]:
    """Where "Start in English" is on the 1080×1920 welcome page: learnt in Playwright's own Chromium (never
    the screen's), from the kiosk directly: the page is the same through Caddy."""
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    try:
        page = context.new_page()
        page.goto(url)
        box = page.get_by_role("link", name="Start in English").bounding_box()
    finally:
        context.close()
    return round(box["x"] + box["width"] / 2), round(box["y"] + box["height"] / 2)


def shown(stack, name: str):
    """The path the screen's latest flushed beat named, by screen name."""
    rows = stack.query("SELECT path FROM screens WHERE name = ?", name)
    return rows[0][0] if rows else None


def walk(stack, screen: KioskScreen, url: str, name: str, browser, shot) -> None:
    x, y = start_button(browser, f"{stack.kiosk.url}/")
    screen.launch(url)
    try:
        wait_for(lambda: shown(stack, name) == "/", timeout=60)
        screen.tap(x, y)
        wait_for(lambda: shown(stack, name) == "/en/", timeout=30)
    finally:
        screen.screenshot(shot)  # what the screen showed at the end, passed or not


def test_the_documented_screen_on_the_kiosk_pc_beats_and_follows_taps(stack, tmp_path, browser, artifacts):
    with KioskScreen(tmp_path / "screen") as screen:
        walk(stack, screen, f"{stack.kiosk.url}/?screen=pc-1", "pc-1", browser,
             artifacts / "deployment-screen-direct.png")


def test_the_documented_screen_through_caddy_beats_and_follows_taps(stack, tmp_path, browser, artifacts):
    with KioskScreen(tmp_path / "screen") as screen:
        screen.trust(stack.caddy.root)  # Caddy's local root in the screen's own NSS database, nothing else
        walk(stack, screen, f"{stack.caddy.origin}/?screen={SCREEN}", SCREEN, browser,
             artifacts / "deployment-screen-caddy.png")
    assert " POST /heartbeat 204 " in (stack.folder / "kiosk.log").read_text()
