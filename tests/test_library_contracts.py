"""Where the kiosk leans on a library's private parts, pin what it relies on, so an upgrade fails here,
loudly and by name, rather than somewhere far away (STYLE: libraries through their front doors)."""
from importlib.metadata import version

import flask_babel
from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.server import create_server
from werkzeug.datastructures import Headers

from kiosk import pagecache
from kiosk.i18n import _CatalogDomain


def _upgrade_note(library: str, what: str) -> str:
    return f"{library} {version(library)} changed {what}: see the module named in this test before upgrading"


def test_werkzeug_headers_keep_their_pairs_in_one_list():
    """kiosk.pagecache._ReadyHeaders fills `Headers._list` with pairs checked once, skipping werkzeug's
    per-header validation on every cached response (bench/README.md)."""
    plain = Headers([("Content-Type", "text/html"), ("Vary", "Accept-Encoding")])
    assert vars(plain) == {"_list": [("Content-Type", "text/html"), ("Vary", "Accept-Encoding")]}, \
        _upgrade_note("werkzeug", "how Headers stores its pairs (kiosk/pagecache.py)")
    pairs = (("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store"))
    ready = pagecache._ReadyHeaders(pairs, 12)
    expected = [*pairs, ("Content-Length", "12")]
    assert list(ready.items()) == expected and ready.to_wsgi_list() == expected
    assert ready.get("cache-control") == "no-store" and "Content-Type" in ready
    ready["Cache-Control"] = "no-cache"
    ready.add("Vary", "Origin")
    assert ready.getlist("Cache-Control") == ["no-cache"] and ready["Vary"] == "Origin"
    assert pairs[1] == ("Cache-Control", "no-store"), "the stored pairs themselves are never changed"


def test_waitress_server_keeps_its_sockets_in_a_map():
    """kiosk.serve.run_until_stopped drives waitress's own socket map to stop gracefully."""
    server = create_server(lambda environ, start_response: [], host="127.0.0.1", port=0)
    try:
        assert isinstance(server._map, dict) and server in server._map.values(), \
            _upgrade_note("waitress", "its server's socket map (kiosk/serve.py)")
        assert server.trigger in server._map.values()
        assert isinstance(server.adj.asyncore_use_poll, bool)
        assert callable(server.task_dispatcher.shutdown) and callable(wasyncore.loop)
        for attribute in ("requests_lock", "requests", "request", "total_outbufs_len", "will_close"):
            assert hasattr(HTTPChannel, attribute) or attribute in HTTPChannel.__init__.__code__.co_names, \
                _upgrade_note("waitress", f"HTTPChannel.{attribute} (kiosk/serve.py)")
    finally:
        server.close()


def test_flask_babel_takes_its_domain_from_babel_domain_instance(app):
    """kiosk.i18n._KioskBabel overrides Babel.domain_instance so that gettext reads the live catalogs."""
    with app.test_request_context("/ar/"):
        app.preprocess_request()
        assert isinstance(flask_babel.get_domain(), _CatalogDomain), \
            _upgrade_note("flask-babel", "where gettext finds its Domain (kiosk/i18n/__init__.py)")
        assert flask_babel.gettext("Request a consultation") == "طلب استشارة"


def test_a_stored_response_goes_out_with_its_headers_as_stored(app, client):
    """_StoredResponse turns off werkzeug's own Content-Length and keeps get_wsgi_headers' result as is."""
    response = client.get("/en/faq", headers={"Accept-Encoding": "gzip"})
    assert response.headers.getlist("Content-Length") == [str(len(response.get_data()))]
    assert response.headers.getlist("Content-Type") == ["text/html; charset=utf-8"]
    assert response.headers.getlist("Content-Encoding") == ["gzip"]
