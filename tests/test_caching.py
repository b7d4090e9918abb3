"""Static files with hashed URLs and year-long caching; content pages cached by catalog version."""
import gzip
import re

import pytest
from pages import CONTENT_PATHS, LOCALES

from kiosk.assets import IMMUTABLE

STATIC_URL = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_urls(client, url="/ar/article") -> list[str]:
    return STATIC_URL.findall(client.get(url).get_data(as_text=True))


def test_pages_link_static_files_by_content_hash(client):
    urls = static_urls(client)
    assert {url.split("?")[0] for url in urls} >= {"/static/css/kiosk.css", "/static/js/kiosk.js"}
    assert all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in urls), urls


def test_versioned_static_files_are_cached_for_a_year(client):
    for url in static_urls(client):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == IMMUTABLE


def test_stylesheet_names_its_fonts_by_hash_too(client):
    css_url = next(url for url in static_urls(client) if ".css" in url)
    css = client.get(css_url).get_data(as_text=True)
    fonts = re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css)
    assert len(fonts) == 4 and all("?v=" in font for font in fonts), fonts
    for font in fonts:
        response = client.get(f"/static/{font}")
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.mimetype == "font/woff2"


def test_unversioned_or_stale_static_urls_revalidate(client):
    for url in ("/static/css/kiosk.css", "/static/css/kiosk.css?v=000000000000"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-cache"
        again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304


def test_static_files_outside_the_folder_are_not_served(app, client):
    for url in ("/static/../kiosk/__init__.py", "/static/%2e%2e/pyproject.toml", "/static/nope.js"):
        assert client.get(url).status_code == 404, url
    for number in range(50):
        client.get(f"/static/random-{number}.css")
    assert not any("random" in name for name in app.extensions["kiosk_assets"]._assets), "misses are not kept"


def test_stylesheet_is_gzipped_when_accepted(client):
    plain = client.get("/static/css/kiosk.css")
    packed = client.get("/static/css/kiosk.css", headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_cached_page_is_the_rendered_page(client, lang, path):
    url = f"/{lang}{path}"
    first = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert gzip.decompress(packed.data) == first.data
    assert packed.headers["Content-Encoding"] == "gzip"
    assert client.get(url).data == first.data
    assert first.headers["Cache-Control"] == "no-cache"


def test_catalog_version_bump_renders_pages_afresh(app, client):
    """A staff edit bumps the catalog version; the stored page gives way to one with the new wording."""
    from kiosk.i18n import overlay

    catalogs = app.extensions["kiosk_catalogs"]
    catalogs.interval = 0  # look at the database's version on every request, not once a second
    before = client.get("/ar/faq").get_data(as_text=True)
    assert "سؤال وجواب معدل" not in before
    with app.app_context():
        overlay.save("ar", "Questions and answers", "سؤال وجواب معدل", "Questions and answers", "mona", 0)
    after = client.get("/ar/faq").get_data(as_text=True)
    assert "سؤال وجواب معدل" in after
    assert client.get("/en/faq").data == client.get("/en/faq").data


def test_page_cache_is_bounded(app, client):
    cache = app.extensions["kiosk_pagecache"]
    cache.max_pages = 3
    for lang in LOCALES:
        for path in CONTENT_PATHS:
            client.get(f"/{lang}{path}")
    assert len(cache) == 3


def test_unknown_urls_share_one_stored_404_page(app, client):
    for number in range(20):
        assert client.get(f"/en/missing-{number}").status_code == 404
    assert len(app.extensions["kiosk_pagecache"]) == 1
    assert client.post("/en/faq").status_code == 405


def test_pages_marked_no_store_are_never_kept(app):
    from flask import make_response

    from kiosk import pagecache

    calls = []

    @pagecache.cached
    def personal():
        calls.append(1)
        response = make_response(f"form {len(calls)}")
        response.headers["Cache-Control"] = "no-store"
        return response

    app.add_url_rule("/test/personal", "personal", personal)
    client = app.test_client()
    assert client.get("/test/personal").data == b"form 1"
    assert client.get("/test/personal").data == b"form 2"
    assert client.get("/test/personal").headers["Cache-Control"] == "no-store"


def test_module_imports_and_css_urls_carry_the_hash_of_what_they_load(tmp_path):
    from kiosk.assets import Assets

    (tmp_path / "js").mkdir()
    (tmp_path / "css").mkdir()
    (tmp_path / "fonts").mkdir()
    (tmp_path / "js" / "idle.js").write_text("export const idle = 1;\n")
    (tmp_path / "js" / "keys.js").write_text("export default 2;\n")
    (tmp_path / "js" / "main.js").write_text(
        'import { idle } from "./idle.js";\nimport "./missing.js";\nconst keys = import("./keys.js");\n')
    (tmp_path / "fonts" / "face.woff2").write_bytes(b"wOF2")
    (tmp_path / "css" / "site.css").write_text('@font-face { src: url("../fonts/face.woff2"); }')
    assets = Assets(tmp_path)
    main = assets.get("js/main.js").body.decode()
    assert f'from "./idle.js?v={assets.version("js/idle.js")}"' in main
    assert f'import("./keys.js?v={assets.version("js/keys.js")}")' in main
    assert 'import "./missing.js"' in main, "unknown files are left alone"
    css = assets.get("css/site.css").body.decode()
    assert f'url("../fonts/face.woff2?v={assets.version("fonts/face.woff2")}")' in css
    before = assets.version("js/main.js")
    (tmp_path / "js" / "idle.js").write_text("export const idle = 3;\n")
    assert Assets(tmp_path).version("js/main.js") != before, "a changed import changes the importer's URL"
