"""Nothing moves once a kiosk page is painted: what the scripts add (text size, explainer steps, FAQ search)
has its place from the first paint, so a patient never taps a button that has just jumped away."""
import pytest
from pages import CONTENT_PATHS, LOCALES, TEXT_SIZE_READY

pytestmark = pytest.mark.browser

# Every layout shift since the page started, with what moved (the Layout Instability API, buffered).
SHIFTS = """
async () => {
  await document.fonts.ready;
  await new Promise((done) => setTimeout(done, 600));  // the module scripts have run by now
  const entries = [];
  new PerformanceObserver((list) => entries.push(...list.getEntries()))
    .observe({type: "layout-shift", buffered: true});
  await new Promise((done) => setTimeout(done, 100));  // buffered entries arrive in a task of their own
  return entries.map((e) => ({value: e.value, at: Math.round(e.startTime), moved: e.sources.map(
    (s) => s.node?.nodeType === 1 ? `${s.node.tagName}.${s.node.className}` : String(s.node?.nodeName))}));
}
"""
LIMIT = 0.01  # the sum of every shift while the page loads; Lighthouse's own bar (CLS) is 0.1


def layout_shifts(page, url: str) -> tuple[float, list]:
    page.goto(url)
    shifts = page.evaluate(SHIFTS)
    return sum(shift["value"] for shift in shifts), shifts


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("path", [*CONTENT_PATHS, "/consult"])
def test_scripts_start_without_moving_the_page(screen, live_server, lang, path):
    page = screen()
    total, shifts = layout_shifts(page, f"{live_server.url}/{lang}{path}")
    assert total < LIMIT, shifts


@pytest.mark.parametrize("lang", LOCALES)
def test_a_chosen_text_size_is_in_place_before_the_next_page_paints(screen, live_server, lang):
    page = screen()
    page.goto(f"{live_server.url}/{lang}/")
    page.wait_for_function(TEXT_SIZE_READY)
    page.tap(".text-size [data-text-size='3']")
    total, shifts = layout_shifts(page, f"{live_server.url}/{lang}/article")
    assert page.evaluate("document.documentElement.dataset.textSize") == "3"
    assert total < LIMIT, shifts


ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
# The bounding box of every element a selector matches, in CSS px.
UNION = """selector => {
  const boxes = [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect());
  return {top: Math.min(...boxes.map((b) => b.top)), bottom: Math.max(...boxes.map((b) => b.bottom)),
          left: Math.min(...boxes.map((b) => b.left)), right: Math.max(...boxes.map((b) => b.right)),
          smallest: Math.min(...boxes.map((b) => b.height)), count: boxes.length};
}"""


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_home_tiles_fill_the_screen(screen, live_server, lang, orientation):
    width, height = ORIENTATIONS[orientation]
    page = screen(width, height)
    page.goto(f"{live_server.url}/{lang}/")
    page.evaluate("document.fonts.ready")
    tiles = page.evaluate(UNION, ".tile")
    notice = page.locator(".notice").bounding_box()
    assert tiles["count"] == 4
    # Most of the screen's height, all of it above the medical notice: no scrolling, no empty lower half.
    assert tiles["bottom"] - tiles["top"] >= 0.65 * height, tiles
    assert tiles["bottom"] <= notice["y"] <= height - notice["height"] + 1
    assert tiles["right"] - tiles["left"] >= 0.75 * width, tiles
    # Type for arm's length: titles at least 36 px, the line under them at least 24 px.
    sizes = page.evaluate("""() => ['.tile-title', '.tile-text'].map((s) =>
      parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
    assert sizes[0] >= 36 and sizes[1] >= 24, sizes


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_the_welcome_screen_fills_the_screen_with_large_language_buttons(screen, live_server, orientation):
    width, height = ORIENTATIONS[orientation]
    page = screen(width, height)
    page.goto(f"{live_server.url}/")
    page.evaluate("document.fonts.ready")
    shown = page.evaluate(UNION, ".welcome-brand, .attract, .welcome-language")
    buttons = page.evaluate(UNION, ".welcome-language .button")
    assert shown["bottom"] - shown["top"] >= 0.8 * height and shown["bottom"] <= height, shown
    assert buttons["smallest"] >= 112, buttons  # 7 rem: a target found at a glance from arm's length
