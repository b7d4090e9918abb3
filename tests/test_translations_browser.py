"""Staff correct Arabic in the browser: a broken placeholder is blocked, the fix reaches the kiosk."""
import time

import pytest
from conftest import LiveServer
from staffkit import browser_sign_in

from kiosk.content import STEPS
from kiosk.i18n import catalogs
from kiosk.i18n.models import key_hash

pytestmark = pytest.mark.browser

PASSWORD = "a long enough passphrase 42"
STEP = catalogs.message_key(("Step %(num)d of %(total)d", "Step %(num)d of %(total)d"))


@pytest.fixture
def editor_server(app_factory):
    app = app_factory(IDLE_SECONDS=3600)
    from kiosk.staff import accounts

    with app.app_context():
        accounts.add_user("mona", PASSWORD, "admin")
    server = LiveServer(app)
    yield server
    server.stop()


def sign_in(page, server, ui="ar"):
    browser_sign_in(page, server.app, server.url, "mona", PASSWORD, ui)
    page.wait_for_url(f"{server.url}/staff/**")


def shoot(page, artifacts, name):
    """Screenshot for a human to look at, and axe-core's WCAG 2.2 A/AA check of the same page."""
    from axe_playwright_python.sync_playwright import Axe

    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": tags}})
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == [], name


def test_staff_fix_a_broken_placeholder_and_the_kiosk_shows_it(browser, editor_server, artifacts):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, editor_server)
    page.goto(f"{editor_server.url}/staff/translations/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    shoot(page, artifacts, "staff-translations-ar")
    page.goto(f"{editor_server.url}/staff/translations/{key_hash('ar', STEP)}")
    few = page.locator("#form-3")
    assert few.get_attribute("dir") == "rtl"
    few.fill("الخطوة %(num)d من أصل %(totl)d")
    assert "الخطوة 3 من أصل" in page.locator("#preview-3").text_content()  # live, example number in place
    page.locator("form.tr-form button[type=submit]").click()
    alert = page.locator(".tr-findings")
    assert "أبقِ العناصر المتغيرة كما هي" in alert.text_content() and "%(total)d" in alert.text_content()
    shoot(page, artifacts, "staff-translation-blocked-ar")
    page.locator("#form-3").fill("الخطوة %(num)d من أصل %(total)d")
    page.locator("form.tr-form button[type=submit]").click()
    assert "تم الحفظ" in page.locator("main").text_content()
    kiosk = context.new_page()
    deadline, shown = time.monotonic() + 5, f"الخطوة 1 من أصل {len(STEPS)}"
    while True:
        kiosk.goto(f"{editor_server.url}/ar/how-it-works")
        if shown in kiosk.locator("main").text_content() or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert shown in kiosk.locator("main").text_content()  # 3 to 10 steps: Arabic's "few" form
    context.close()


@pytest.mark.parametrize("ui", ["en", "ar"])
def test_editor_pages_look_right_in_both_languages(browser, editor_server, artifacts, ui):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    sign_in(page, editor_server, ui)
    page.goto(f"{editor_server.url}/staff/translations/?ui={ui}")
    assert page.evaluate("document.documentElement.lang") == ui
    shoot(page, artifacts, f"staff-translations-list-{ui}")
    page.goto(f"{editor_server.url}/staff/translations/{key_hash('ar', STEP)}?ui={ui}")
    labels = page.locator("fieldset label code").all_text_contents()
    assert labels == ["zero", "one", "two", "few", "other", "many"]
    shoot(page, artifacts, f"staff-translation-plural-{ui}")
    page.goto(f"{editor_server.url}/staff/translations/{key_hash('ar', 'Home')}?ui={ui}")
    page.locator("#msgstr").fill("الصفحة الرئيسية ")
    page.locator("form.tr-form button[type=submit]").click()
    assert page.locator("input[name=accept_warnings]").count() == 1
    shoot(page, artifacts, f"staff-translation-warning-{ui}")
    page.locator("input[name=accept_warnings]").check()
    page.locator("form.tr-form button[type=submit]").click()
    page.goto(f"{editor_server.url}/staff/translations/page?q=password&ui={ui}")
    shoot(page, artifacts, f"staff-translations-page-{ui}")
    page.goto(f"{editor_server.url}/staff/translations/history?ui={ui}")
    assert page.locator(".tr-changes li").count() >= 1
    shoot(page, artifacts, f"staff-translations-history-{ui}")
    context.close()
