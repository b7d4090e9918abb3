"""What only a browser shows: direction, the bundled Arabic face, and how every page looks."""
import pytest
from conftest import fail_on_csp_violations, watch_csp
from pages import CONTENT_PATHS, LOCALES

pytestmark = pytest.mark.browser

LOADED_FACES = """async () => {
  await document.fonts.ready;
  return [...document.fonts].filter(f => f.status === "loaded")
    .map(f => ({family: f.family, weight: f.weight, range: f.unicodeRange}));
}"""


def test_arabic_article_is_rtl_in_the_bundled_arabic_face(page, live_server):
    page.goto(f"{live_server.url}/ar/article")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    faces = page.evaluate(LOADED_FACES)
    arabic = [face for face in faces
              if face["family"].strip('"') == "Kiosk Sans" and "U+600" in face["range"]]
    assert {face["weight"] for face in arabic} >= {"400", "700"}, faces
    fonts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(name.split("?")[0].endswith("/static/fonts/plex-arabic-400.woff2") for name in fonts), fonts
    family = page.evaluate("getComputedStyle(document.querySelector('main p')).fontFamily")
    assert family.startswith('"Kiosk Sans"')


def test_no_request_leaves_the_origin(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for lang in LOCALES:
        for path in CONTENT_PATHS:
            page.goto(f"{live_server.url}/{lang}{path}")
    page.goto(f"{live_server.url}/")
    assert requested and all(url.startswith(live_server.url) for url in requested), requested


@pytest.mark.parametrize("lang", LOCALES)
def test_language_switch_opens_the_same_page(page, live_server, lang):
    other = "ar" if lang == "en" else "en"
    page.goto(f"{live_server.url}/{lang}/faq")
    page.click(".button-language")
    page.wait_for_url(f"{live_server.url}/{other}/faq")
    assert page.evaluate("document.documentElement.dir") == ("rtl" if other == "ar" else "ltr")


@pytest.mark.parametrize("orientation", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"])
def test_screenshot_every_page(browser, live_server, artifacts, orientation):
    """Pictures of every page in both languages, to look at (test-artifacts/screens)."""
    width, height = orientation
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True)
    violations = watch_csp(context)
    page = context.new_page()
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    urls = ["/"] + [f"/{lang}{path}" for lang in LOCALES for path in CONTENT_PATHS] + ["/en/missing"]
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status in (200, 404)
        page.evaluate("document.fonts.ready")
        name = url.strip("/").replace("/", "-") or "welcome"
        page.screenshot(path=folder / f"{name}-{width}x{height}.png", full_page=True)
    context.close()
    fail_on_csp_violations(violations)


def test_csp_violations_are_caught(browser, live_server):
    """The watch behind the `page` fixture sees what the policy blocks: inline script, outside images."""
    context = browser.new_context()
    violations = watch_csp(context)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    page.evaluate("""() => {
      const script = document.createElement("script");
      script.textContent = "window.ran = true";
      document.body.append(script);
    }""")
    page.wait_for_function("() => true")
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None, "inline script must not run"
    context.close()
    assert any("script-src" in violation for violation in violations), violations
