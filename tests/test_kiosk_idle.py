"""Idle reset, text size and the welcome screen's attract loop, with a short timeout of the tests' own."""
import pytest
from pages import TEXT_SIZE_READY

pytestmark = pytest.mark.browser

SHORT = {"IDLE_SECONDS": 1, "IDLE_COUNTDOWN_SECONDS": 2}


@pytest.fixture
def quick(kiosk_server):
    """A kiosk that goes idle after 1 s and counts down 2 s (production: 90 s and at least 20 s)."""
    return kiosk_server(**SHORT)


def test_idle_dialog_is_labelled_and_counts_down(screen, kiosk_server):
    server = kiosk_server(IDLE_SECONDS=1, IDLE_COUNTDOWN_SECONDS=600)
    page = screen()
    page.goto(f"{server.url}/ar/article")
    dialog = page.wait_for_selector("dialog[data-idle-dialog][open]")
    assert page.evaluate("document.querySelector('dialog[open]').matches(':modal')")
    assert page.locator("#idle-title").inner_text() == "هل ما زلت هنا؟"
    assert dialog.get_attribute("aria-labelledby") == "idle-title"
    assert dialog.get_attribute("aria-describedby") == "idle-text"
    assert page.evaluate("document.activeElement.matches('[data-idle-continue]')")
    assert page.locator("[data-idle-count]").inner_text() in ("بقيت 600 ثانية", "بقيت 599 ثانية")
    # Continue keeps the patient where they were, and the timer starts over.
    page.tap("[data-idle-continue]")
    assert page.locator("dialog[data-idle-dialog]").is_hidden()
    assert page.url == f"{server.url}/ar/article"
    page.wait_for_selector("dialog[data-idle-dialog][open]")
    page.keyboard.press("Escape")
    assert page.locator("dialog[data-idle-dialog]").is_hidden()


def test_production_countdown_is_at_least_20_seconds(app):
    html = app.test_client().get("/en/faq").get_data(as_text=True)
    countdown = int(html.split('data-idle-countdown="')[1].split('"')[0])
    assert countdown >= 20
    assert f'data-idle-seconds="{app.config["IDLE_SECONDS"]}"' in html


@pytest.mark.parametrize(("path", "field"), [("/en/faq", "#faq-query"), ("/ar/consult", "[name=name]")])
def test_idle_returns_to_start_and_back_cannot_reach_typed_text(screen, kiosk_server, path, field):
    # 3 s before the dialog: on a busy machine the page's scripts can take more than 1 s to start.
    quick = kiosk_server(IDLE_SECONDS=3, IDLE_COUNTDOWN_SECONDS=2)
    page = screen()
    page.goto(f"{quick.url}/en/")
    page.goto(f"{quick.url}{path}")
    page.wait_for_function(TEXT_SIZE_READY)
    page.tap(".text-size [data-text-size='3']")
    page.type(field, "stem cells")
    page.wait_for_selector("dialog[data-idle-dialog][open]")
    assert page.locator("[data-idle-count]").inner_text().strip()
    page.wait_for_url(f"{quick.url}/", timeout=15_000)
    # location.replace: the FAQ entry with its typed query is gone from the history.
    page.go_back()
    assert page.url == f"{quick.url}/en/"
    assert page.evaluate("document.documentElement.dataset.textSize") == "1"
    assert page.evaluate("sessionStorage.length") == 0


def test_page_restored_from_back_forward_cache_resets(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/en/faq")
    page.type("#faq-query", "stem")
    page.goto(f"{live_server.url}/en/article")
    page.go_back()
    # Restored from the bfcache it goes straight to the start; loaded afresh it has no typed text.
    page.wait_for_load_state()
    if page.url.startswith(f"{live_server.url}/en/faq"):
        assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "back_forward"
        assert page.input_value("#faq-query") == ""
    else:
        assert page.url == f"{live_server.url}/"
    # The same path, triggered directly: a persisted pageshow clears the field and replaces the page.
    page.goto(f"{live_server.url}/en/faq")
    page.fill("#faq-query", "stem")
    with page.expect_navigation():
        page.evaluate("dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    assert page.url == f"{live_server.url}/"


def test_welcome_screen_has_no_idle_dialog(screen, quick):
    page = screen()
    page.goto(f"{quick.url}/")
    assert page.locator("dialog").count() == 0
    page.wait_for_timeout(3500)  # longer than idle + countdown: nothing may happen on the start screen
    assert page.url == f"{quick.url}/"


def test_attract_loop_ends_on_touch_and_honours_reduced_motion(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/")
    dot = "getComputedStyle(document.querySelector('.attract-dot')).animationName"
    assert page.evaluate("document.documentElement.dataset.attract") == "on"
    assert page.evaluate(dot) == "drift"
    page.touchscreen.tap(540, 60)
    assert page.evaluate("document.documentElement.dataset.attract") == "off"
    assert page.evaluate(dot) == "none"
    calm = screen(reduced_motion="reduce")
    calm.goto(f"{live_server.url}/")
    assert calm.evaluate(dot) == "none"


def test_text_size_has_three_steps_for_this_visit(screen, live_server):
    page = screen()
    page.goto(f"{live_server.url}/en/article")
    page.wait_for_function(TEXT_SIZE_READY)
    sizes = []
    for step in ("1", "2", "3"):
        page.tap(f".text-size [data-text-size='{step}']")
        assert page.get_attribute(f".text-size [data-text-size='{step}']", "aria-pressed") == "true"
        sizes.append(page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"))
    assert sizes[0] >= 20 and sizes[0] < sizes[1] < sizes[2]
    page.goto(f"{live_server.url}/ar/faq")
    assert page.evaluate("document.documentElement.dataset.textSize") == "3"
    other = screen()  # a new visit (new session) starts at the normal size
    other.goto(f"{live_server.url}/en/article")
    assert other.evaluate("document.documentElement.dataset.textSize") == "1"
