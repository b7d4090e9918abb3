"""A screen whose server goes away (SPEC §3 Offline): the service worker shows kept pages or the offline
page, never Chromium's error page, and the offline page goes back to `/` once the server answers again."""

import pytest
from conftest import LiveServer, make_app

pytestmark = pytest.mark.browser


@pytest.fixture
def server(instance):
    running = LiveServer(make_app(instance, IDLE_SECONDS=3600, OFFLINE_RETRY_SECONDS=1))
    yield running
    running.stop()
    running.app.extensions["kiosk_db"].engine.dispose()


def wait_for_worker(page) -> None:
    """Until the worker controls the page: it takes over only once it has kept everything (install done)."""
    for _ in range(100):  # polled from here: wait_for_function's own polling is an eval the CSP refuses
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(200)
    pytest.fail("the service worker never took over the page")


def shows_offline_page(page) -> bool:
    page.wait_for_load_state()
    return sorted(page.locator("h1").all_inner_texts()) == ["Back shortly", "نعود إليكم قريبًا"]


def test_with_the_server_gone_a_tap_shows_a_kept_page_or_the_offline_page(server, screen):
    page = screen()
    page.goto(f"{server.url}/en/")
    wait_for_worker(page)
    server.stop()

    page.click("a.tile-article")  # a kept page, from the cache, styled and whole
    page.wait_for_url(f"{server.url}/en/article")
    assert "Exosome" in page.locator("h1").inner_text()
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Kiosk Sans"')
    fonts = "document.fonts.ready.then(() => [...document.fonts].some((f) => f.status == 'loaded'))"
    assert page.evaluate(fonts)
    page.click("a.button-language")  # the other language's copy too
    page.wait_for_url(f"{server.url}/ar/article")
    assert page.evaluate("document.documentElement.dir") == "rtl"

    page.goto(f"{server.url}/en/")  # from the cache as well
    page.click("a.tile-consult")  # the form is never kept: the offline page, in both languages
    page.wait_for_url(f"{server.url}/en/consult")
    assert shows_offline_page(page)
    for url in ("/en/consult/sent?ref=K7Q-M9P", "/ar/not-a-page", "/en/article?any=thing#x"):
        page.goto(server.url + url)
        assert not page.url.startswith("chrome-error:"), url
        assert shows_offline_page(page) or url.startswith("/en/article"), url


def test_nothing_a_patient_typed_or_marked_no_store_is_kept(server, screen):
    page = screen()
    page.goto(f"{server.url}/en/consult")  # no-store, seen while the worker runs
    wait_for_worker(page)
    page.goto(f"{server.url}/en/consult")
    page.fill("#name", "Sara Test")
    page.fill("#phone", "0501234567")
    page.check("#preferred_time-0")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url("**/en/consult/sent**")
    kept = page.evaluate("""async () => {
      const urls = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.method + " " + request.url);
      }
      return urls;
    }""")
    assert kept and all(entry.startswith("GET ") for entry in kept)
    assert not [entry for entry in kept if "consult" in entry or "Sara" in entry or "staff" in entry]


def test_the_offline_page_goes_back_to_the_start_when_the_server_answers(server, screen):
    page = screen()
    page.goto(f"{server.url}/ar/")
    wait_for_worker(page)
    server.stop()
    page.click("a.tile-consult")
    page.wait_for_url(f"{server.url}/ar/consult")
    assert shows_offline_page(page)
    page.wait_for_timeout(2500)  # it keeps asking while the server is away, and stays
    assert shows_offline_page(page)
    server.start()
    page.wait_for_url(f"{server.url}/", timeout=15000)
    assert page.locator(".welcome-language").count() == 2  # the live welcome page
