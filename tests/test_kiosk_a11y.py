"""Accessibility measured in Chromium: axe-core, contrast of the Arabic text, target sizes, mirroring."""
import pytest
from kiosk_checks import CONTRAST, READING, TARGETS, axe_violations
from pages import CONTENT_PATHS, LOCALES, TEXT_SIZE_READY

pytestmark = pytest.mark.browser

# Every page a patient can reach, in both languages, the consult form among them.
PATIENT_PATHS = (*CONTENT_PATHS, "/consult")
PAGES = ["/", "/en/missing"] + [f"/{lang}{path}" for lang in LOCALES for path in PATIENT_PATHS]
ORIENTATIONS = {"portrait": (1080, 1920), "landscape": (1920, 1080)}


def open_page(screen, server, url, size=(1080, 1920)):
    page = screen(*size)
    response = page.goto(server.url + url)
    assert response.status == (404 if url.endswith("/missing") else 200), url
    page.evaluate("document.fonts.ready")
    return page


def assert_no_violations(page, label):
    violations, ran = axe_violations(page)
    assert "target-size" in ran, "axe-core did not run the target-size rule"
    assert not violations, f"{label}: {violations}"


@pytest.mark.parametrize("url", PAGES)
def test_axe_finds_no_wcag_violation(screen, live_server, url):
    page = open_page(screen, live_server, url)
    assert_no_violations(page, url)


def test_axe_on_the_offline_page(screen, live_server):
    """The page the service worker shows while the server is away: both languages, nothing to tap."""
    page = open_page(screen, live_server, "/offline")
    violations, _ = axe_violations(page)
    assert not violations, violations
    texts = page.evaluate(CONTRAST)  # both languages' text (axe-core skips shaped Arabic)
    assert len(texts) >= 6 and not [t for t in texts if t["ratio"] < t["needed"]]
    sizes = page.evaluate("[...document.querySelectorAll('main p')]"
                          ".map((p) => parseFloat(getComputedStyle(p).fontSize))")
    assert sizes and min(sizes) >= 20, sizes


@pytest.mark.parametrize("lang", LOCALES)
def test_axe_on_the_consult_form_with_errors(screen, live_server, lang):
    page = open_page(screen, live_server, f"/{lang}/consult")
    # Submitted empty and past the browser's own checks, so the server answers with its error messages.
    with page.expect_navigation():
        page.evaluate("document.querySelector('main form').submit()")
    assert page.locator("[aria-invalid=true], .error, [role=alert]").count() > 0
    assert_no_violations(page, f"/{lang}/consult with errors")


@pytest.mark.parametrize("lang", LOCALES)
def test_axe_with_the_idle_dialog_open(screen, kiosk_server, lang):
    server = kiosk_server(IDLE_SECONDS=1, IDLE_COUNTDOWN_SECONDS=600)
    page = open_page(screen, server, f"/{lang}/faq")
    page.wait_for_selector("dialog[data-idle-dialog][open]")
    assert_no_violations(page, f"/{lang}/faq with the idle dialog open")


@pytest.mark.parametrize("lang", LOCALES)
def test_axe_with_the_on_screen_keyboard_open(screen, live_server, lang):
    page = open_page(screen, live_server, f"/{lang}/faq")
    page.tap("#faq-query")
    page.wait_for_selector("[data-osk]:not([hidden])")
    assert_no_violations(page, f"/{lang}/faq with the keyboard open")


@pytest.mark.parametrize("url", [url for url in PAGES if url.startswith("/ar/")] + ["/"])
def test_arabic_text_meets_wcag_aa_contrast(screen, live_server, url):
    """axe-core skips shaped Arabic text, so every text element's contrast is computed here."""
    page = open_page(screen, live_server, url)
    texts = page.evaluate(CONTRAST)
    assert len(texts) > 3
    low = [t for t in texts if t["ratio"] < t["needed"]]
    assert not low, low


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_every_control_is_large_and_spaced(screen, live_server, url, orientation):
    page = open_page(screen, live_server, url, ORIENTATIONS[orientation])
    measured = page.evaluate(TARGETS)
    assert measured["boxes"], url
    small = [box for box in measured["boxes"] if box["width"] < 48 or box["height"] < 48]
    assert not small, small
    close = [pair for pair in measured["gaps"] if pair["gap"] < 8]
    assert not close, close
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "page scrolls sideways"


@pytest.mark.parametrize("lang", LOCALES)
def test_keyboard_keys_are_at_least_56_px_and_spaced(screen, live_server, lang):
    page = open_page(screen, live_server, f"/{lang}/faq")
    page.tap("#faq-query")
    page.wait_for_selector("[data-osk]:not([hidden])")
    keys = page.eval_on_selector_all(".osk-key", "keys => keys.map(k => k.getBoundingClientRect())"
                                     ".map(r => [r.width, r.height])")
    assert len(keys) > 30 and all(w >= 56 and h >= 56 for w, h in keys), keys
    close = [pair for pair in page.evaluate(TARGETS)["gaps"] if pair["gap"] < 8]
    assert not close, close


@pytest.mark.parametrize("url", [url for url in PAGES if url != "/en/missing"])
def test_reading_text_is_large_and_arabic_is_airy(screen, live_server, url):
    page = open_page(screen, live_server, url)
    texts = page.evaluate(READING)
    assert texts
    assert all(t["size"] >= 20 for t in texts), [t for t in texts if t["size"] < 20]
    if url.startswith("/ar/"):
        assert all(t["line"] >= 1.6 for t in texts), [t for t in texts if t["line"] < 1.6]
        assert all(t["spacing"] in ("normal", "0px") for t in texts)


@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_layout_mirrors_in_arabic(screen, live_server, orientation):
    """The home button and the explainer's "next" sit on opposite sides in Arabic and English."""
    width = ORIENTATIONS[orientation][0]
    sides = {}
    for lang in LOCALES:
        page = open_page(screen, live_server, f"/{lang}/how-it-works", ORIENTATIONS[orientation])
        centre = "el => { const r = el.getBoundingClientRect(); return (r.left + r.right) / 2; }"
        sides[lang] = {name: page.eval_on_selector(selector, centre) for name, selector in
                       {"home": ".button-home", "next": "[data-step-next]", "prev": "[data-step-prev]",
                        "language": ".button-language"}.items()}
        # The arrow on "next" points the reading direction: mirrored in Arabic, never the text.
        transform = page.eval_on_selector("[data-step-next] .icon", "el => getComputedStyle(el).transform")
        assert (transform == "matrix(-1, 0, 0, 1, 0, 0)") == (lang == "ar"), transform
    en, ar = sides["en"], sides["ar"]
    assert en["home"] < width / 2 < ar["home"]
    assert ar["language"] < width / 2 < en["language"]
    assert en["prev"] < en["next"] and ar["next"] < ar["prev"]
    assert en["next"] > width / 2 > ar["next"]


@pytest.mark.parametrize("url", ["/ar/", "/en/how-it-works", "/ar/faq", "/en/consult"])
@pytest.mark.parametrize("orientation", ORIENTATIONS)
def test_largest_text_keeps_controls_spaced_and_nothing_sideways(screen, live_server, url, orientation):
    page = open_page(screen, live_server, url, ORIENTATIONS[orientation])
    page.wait_for_function(TEXT_SIZE_READY)
    page.tap(".text-size [data-text-size='3']")
    measured = page.evaluate(TARGETS)
    assert not [pair for pair in measured["gaps"] if pair["gap"] < 8]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert_no_violations(page, f"{url} at the largest text size")
