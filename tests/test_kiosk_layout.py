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
