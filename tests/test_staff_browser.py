"""In Chromium: stored-XSS payloads typed into the kiosk form never run on any staff page; screenshots."""
import re

import pytest
from staffkit import PASSWORD, browser_sign_in

from kiosk import screens
from kiosk.staff import accounts

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "<a href=\"javascript:alert('js-url')\">tap</a>",
    "<svg onload=alert('svg')><circle r=5 /></svg>",
    "\"><script>alert('attr')</script>",
    "</textarea><script>alert('textarea')</script>",
    "<iframe srcdoc=\"<script>parent.alert('iframe')</script>\"></iframe>",
    "<details open ontoggle=alert('toggle')>",
    "\u202egnp.exe\u2066 مرحبا <b onmouseover=alert('bidi')>x</b>",
    "{{ 7*7 }} ${alert('template')} %(name)s",
]
DESK_USER = "desk"

PAGE_CHECK = """() => {
  const scripts = [...document.scripts].map(s => s.getAttribute('src'));
  const handlers = [...document.querySelectorAll('*')].flatMap(el =>
      [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name));
  const jsLinks = [...document.querySelectorAll('[href],[src],[action],[formaction]')].filter(el =>
      /^\\s*javascript:/i.test(el.getAttribute('href') || el.getAttribute('src') ||
                              el.getAttribute('action') || el.getAttribute('formaction') || ''));
  const foreign = document.querySelectorAll('main iframe, main img, main svg:not(.chart)');
  return {scripts, handlers, jsLinks: jsLinks.length, foreign: foreign.length};
}"""


@pytest.fixture
def desk_server(live_server):
    with live_server.app.app_context():
        if DESK_USER not in {name for name, _ in accounts.list_users()}:
            accounts.add_user(DESK_USER, PASSWORD, "admin")
    return live_server


def _submit(page, base: str, lang: str, name: str, message: str) -> None:
    page.goto(f"{base}/{lang}/consult")
    page.fill("[name=name]", name)
    page.fill("[name=phone]", "055 123 4567")
    page.check("input[name=preferred_time][value=evening]")
    page.fill("[name=message]", message)
    hide_keyboard = page.locator(".osk-hide")  # the kiosk's on-screen keyboard, where it is on
    if hide_keyboard.count() and hide_keyboard.first.is_visible():
        hide_keyboard.first.click()
    page.check("[name=consent]")
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert re.search(rf"/{lang}/consult/sent\?ref=[2-9A-Z-]+$", page.url), page.url


def _sign_in(page, base: str, lang: str, app) -> None:
    browser_sign_in(page, app, base, DESK_USER, PASSWORD, lang)


def test_stored_xss_never_runs_on_staff_pages(browser, desk_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    ran = []
    page.on("dialog", lambda dialog: (ran.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: ran.append(f"{message.text} {message.location.get('url')}")
            if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
            else None)
    page.on("pageerror", lambda error: ran.append(str(error)))
    base = desk_server.url
    for number, payload in enumerate(PAYLOADS):
        _submit(page, base, "ar" if number % 2 else "en", f"Xss Probe {chr(65 + number)}", payload)
    _sign_in(page, base, "en", desk_server.app)
    page.goto(f"{base}/staff/?q=Xss+Probe")
    links = page.eval_on_selector_all("table.inbox a[href^='/staff/requests/']",
                                      "els => els.map(e => e.href)")
    assert len(links) == len(PAYLOADS)
    pages = [f"{base}/staff/?q=Xss+Probe", f"{base}/staff/dashboard", *links]
    for lang in ("en", "ar"):
        for url in pages:
            page.goto(f"{url}{'&' if '?' in url else '?'}ui={lang}")
            found = page.evaluate(PAGE_CHECK)
            assert found["handlers"] == [] and found["jsLinks"] == 0 and found["foreign"] == 0, (url, found)
            assert all(src and src.startswith("/static/") for src in found["scripts"]), found
    # The staff member's own note is patient-adjacent text too; it stays text.
    page.goto(links[0])
    page.fill("#note", PAYLOADS[1])
    with page.expect_navigation():
        page.click(".consult-change button[type=submit]")
    assert page.locator(".history .patient-text").first.text_content() == PAYLOADS[1]
    # What the patients typed is shown literally, as text, direction-isolated.
    texts = []
    for url in links:
        page.goto(url)
        texts.append(page.locator("dd .patient-text").text_content())
        assert page.locator("dd .patient-text").get_attribute("dir") == "auto"
        assert page.evaluate("getComputedStyle(document.querySelector('dd .patient-text')).unicodeBidi") \
            == "isolate"
    assert "<script>alert('script')</script>" in texts
    assert not any("\u202e" in text for text in texts), "bidi overrides are removed before storage"
    page.wait_for_timeout(300)  # let any late event handler fire before concluding nothing ran
    assert ran == [], ran
    context.close()


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_screenshot_staff_pages(browser, desk_server, artifacts, lang):
    """Pictures of the staff pages at a desk PC's 1366×768 (test-artifacts/screens)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    base = desk_server.url
    page.goto(f"{base}/staff/login?ui={lang}")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"staff-login-{lang}-1366x768.png")
    _submit(page, base, lang, "نورة العتيبي" if lang == "ar" else "Maryam O'Neil",
            "أفضل الاتصال بعد العصر، شكرًا." if lang == "ar" else "Please call after 4 pm (I work mornings).")
    _sign_in(page, base, lang, desk_server.app)
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    for name, path in (("inbox", "/staff/"), ("dashboard", "/staff/dashboard")):
        page.goto(f"{base}{path}")
        page.evaluate("document.fonts.ready")
        page.screenshot(path=folder / f"staff-{name}-{lang}-1366x768.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), f"{name} scrolls sideways"
    page.goto(f"{base}/staff/")
    with page.expect_navigation():
        page.click("table.inbox tbody tr:first-child a")
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"staff-detail-{lang}-1366x768.png", full_page=True)
    context.close()


A11Y_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_staff_pages_have_no_axe_violations(browser, desk_server, lang):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    base = desk_server.url
    page.goto(f"{base}/staff/login?ui={lang}")
    urls = [page.url]
    _submit(page, base, lang, "Hala Axe" if lang == "en" else "هالة", "")
    _sign_in(page, base, lang, desk_server.app)
    page.goto(f"{base}/staff/")
    first = page.eval_on_selector("table.inbox tbody tr:first-child a", "a => a.href")
    with desk_server.app.app_context():
        screens.flush_now()  # the form's pages have beaten: the screens overview has rows to check
    problems = {}
    for url in urls + [f"{base}/staff/", first, f"{base}/staff/dashboard", f"{base}/staff/screens"]:
        page.goto(url)
        page.eval_on_selector_all("details", "els => els.forEach(d => d.open = true)")
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": A11Y_TAGS}})
        assert result.response["passes"], "axe ran"
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]]
        if found:
            problems[url] = found
    assert problems == {}
    context.close()


def test_the_usage_module_sends_a_beacon(page, desk_server):
    app = desk_server.app
    page.goto(f"{desk_server.url}/ar/how-it-works")
    page.evaluate("import('/static/js/usage.js').then(m => m.count('explainer_step', 'catagen'))")
    counter = app.extensions["kiosk_usage"]
    for _ in range(100):  # the beacon is asynchronous: wait until the server has it, not for a time
        if any(key[1:] == ("ar", "explainer_step", "catagen") for key in counter.pending):
            break
        if _stored_catagen(app):
            break
        page.wait_for_timeout(50)
    counter.flush()
    assert _stored_catagen(app) >= 1


def _stored_catagen(app) -> int:
    from kiosk import db
    from kiosk.records.staff import UsageCount

    with app.app_context(), db.reading() as session:
        row = session.query(UsageCount).filter_by(lang="ar", event="explainer_step", detail="catagen").first()
        return row.count if row else 0


def test_inbox_is_usable_on_a_tablet(browser, desk_server, artifacts):
    """Portrait tablet (820×1180): the page never scrolls sideways; the table scrolls in its own box."""
    context = browser.new_context(viewport={"width": 820, "height": 1180}, has_touch=True)
    page = context.new_page()
    _submit(page, desk_server.url, "ar", "عبد الرحمن بن عبد العزيز آل سعود",
            "يفضل الاتصال مساءً بعد الساعة السابعة.")
    _sign_in(page, desk_server.url, "ar", desk_server.app)
    for path in ("/staff/", "/staff/dashboard"):
        page.goto(f"{desk_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
    page.goto(f"{desk_server.url}/staff/")
    page.screenshot(path=artifacts / "screens" / "staff-inbox-ar-820x1180.png", full_page=True)
    context.close()
