"""The service worker and the offline page, by request (SPEC §3 Offline); the browser half is in
tests/test_offline_browser.py."""
import gzip
import json
import re
import time

from sqlalchemy import select

from kiosk import db
from kiosk.i18n import overlay
from kiosk.staff.models import UsageCount

LIST = re.compile(r"^const (PAGES|FILES) = (?:new Set\()?(\[.*?\])\)?;$", re.M)


def worker(client) -> tuple[str, dict[str, list[str]], str]:
    response = client.get("/sw.js")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    lists = {name: json.loads(value) for name, value in LIST.findall(body)}
    cache = re.search(r'^const CACHE = "([^"]+)";$', body, re.M).group(1)
    return cache, lists, body


def test_the_worker_is_served_at_the_root_as_a_script_asked_for_every_time(client):
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    # Scope `/` needs no Service-Worker-Allowed at the root; the CSP lets a same-origin worker run.
    assert "Service-Worker-Allowed" not in response.headers
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    packed = client.get("/sw.js", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == response.get_data()


def test_the_worker_keeps_the_public_pages_of_both_languages_and_never_the_form(client):
    _, lists, body = worker(client)
    pages = set(lists["PAGES"])
    assert pages == {"/", *(f"/{lang}{path}" for lang in ("en", "ar")
                            for path in ("/", "/article", "/how-it-works", "/faq"))}
    assert not [url for url in pages | set(lists["FILES"]) if "consult" in url or "staff" in url]
    assert 'const OFFLINE = "/offline";' in body
    for url in lists["FILES"]:  # the versioned URLs the pages use: cached for a year, so kept as they are
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        assert client.get(url).status_code == 200, url


def test_every_static_file_of_a_kept_page_is_kept(client):
    _, lists, _ = worker(client)
    for page in [*lists["PAGES"], "/offline"]:
        linked = re.findall(r'(?:href|src)="(/static/[^"]+)"', client.get(page).get_data(as_text=True))
        assert set(linked) <= set(lists["FILES"]), page


def test_a_saved_translation_renews_the_workers_cache(app, client):
    before, _, _ = worker(client)
    with app.app_context():
        overlay.save("ar", "Home", "الصفحة الأولى", "Home", "mona", 0)
    for _ in range(30):  # the catalogs look at the database once a second
        after, _, _ = worker(client)
        if after != before:
            break
        time.sleep(0.1)
    assert after != before and after.startswith("kiosk-")


def test_the_offline_page_says_back_shortly_in_both_languages(client):
    response = client.get("/offline")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-cache"
    html = response.get_data(as_text=True)
    assert 'lang="en"' in html and 'lang="ar"' in html
    assert "Back shortly" in html and "Please ask at reception." in html
    assert "يُرجى التوجّه إلى مكتب الاستقبال." in html  # from the Arabic catalog, on the same page
    assert "data-beat" not in html and "js/kiosk.js" not in html  # no beats, no idle timer from a copy
    assert 'data-offline-retry="15"' in html


def page_views(app) -> int:
    app.extensions["kiosk_usage"].flush()
    with app.app_context(), db.reading() as session:
        return sum(session.scalars(select(UsageCount.count).where(UsageCount.event == "page_view")))


def test_a_prerender_or_the_workers_precache_counts_no_page_view(app, client):
    client.get("/en/article", headers={"Sec-Purpose": "prefetch;prerender"})
    client.get("/ar/faq", headers={"Kiosk-Purpose": "precache"})
    assert page_views(app) == 0
    client.get("/en/article")
    assert page_views(app) == 1


def test_a_shown_prerendered_page_may_count_its_own_view(app, client):
    assert client.post("/usage", data={"event": "page_view", "lang": "ar", "detail": ""}).status_code == 204
    assert client.post("/usage", data={"event": "page_view", "lang": "ar", "detail": "x"}).status_code == 400
    assert page_views(app) == 1
