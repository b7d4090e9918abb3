"""Rendered content pages kept in memory, keyed by path and catalog version.

A content page is a pure function of (locale, path, catalog version): the locale is in the path, the
configuration is fixed per process, and nothing per-request (nonces, tokens, personal data) is on it.
So the first request renders it and later ones send the stored bytes (gzipped when the browser accepts
it). A translation save bumps the catalog version, which is part of the key: the next request renders
afresh. Pages holding personal data (a filled-in form, staff pages) never use this; the blank consult form
uses it through kiosk.stitch, which puts each response's own submission_id into the stored page.

The cache sits inside the view (a decorator), not in a before_request short-circuit. A before_request
hook returning the page would also get the after_request hooks (security headers, usage counts), but it
would run before hooks registered after it — such as the periodic catalog-version check that makes a saved
translation visible — and could serve a page of the old version. Inside the view every hook has run; a hit
skips only the template rendering, which is what the profile showed to be the cost (bench/README.md).
"""
from __future__ import annotations

import functools
import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request
from werkzeug.datastructures import Headers

from . import extensions, security
from .assets import accepts_gzip

MAX_PAGES = 256  # 2 languages × a handful of pages, plus room for other paths that render (404s)
# The browser asks again every time (a saved translation shows at once); no ETag: a page is 1–6 KB
# gzipped, and one header fewer on every response measured better than the rare 304 it would allow.
CACHE_CONTROL = "no-cache"


class _ReadyHeaders(Headers):
    """Headers built from pairs that were checked once, when the page was stored.

    werkzeug validates every header on every add (and again when the response starts); for a stored page
    with a dozen fixed headers that was a third of the request's time, so the checked list is reused.
    `_list` is werkzeug's private storage: tests/test_library_contracts.py pins what this relies on.
    """

    def __init__(self, pairs: tuple[tuple[str, str], ...], length: int):
        self._list = [*pairs, ("Content-Length", str(length))]


class _StoredResponse(Response):
    """A stored page's response: its headers are ours and final, so they go out as they are."""

    has_security_headers = True  # stored with the page, so kiosk.security adds nothing
    automatically_set_content_length = False  # _ReadyHeaders has it, without a second check

    def get_wsgi_headers(self, environ) -> Headers:
        return self.headers


@dataclass(frozen=True)
class Variant:
    """The page as sent in one encoding: body and ready-made headers (built once)."""

    body: bytes
    headers: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Page:
    """One rendered page: its status, and its plain and gzip variants."""

    status: int
    plain: Variant
    gzipped: Variant


class PageCache:
    """A bounded, thread-safe LRU of rendered pages."""

    def __init__(self, max_pages: int = MAX_PAGES):
        self.max_pages = max_pages
        self._pages: OrderedDict[tuple, Page] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, page: Page) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def catalog_version() -> object:
    return extensions.catalogs().version


def ready_headers(content_type: str, cache_control: str, encoding: str | None) -> tuple[tuple[str, str], ...]:
    """A stored page's complete header list, checked once: caching, encoding and the security headers."""
    headers = Headers([("Content-Type", content_type), ("Cache-Control", cache_control),
                       ("Vary", "Accept-Encoding")])
    if encoding:
        headers.add("Content-Encoding", encoding)
    # The security headers too, so the after_request hook finds them present and adds nothing.
    headers.extend(security.headers_for(current_app).items())
    return tuple(headers.items())


def ready_response(body: bytes, status: int, headers: tuple[tuple[str, str], ...]) -> Response:
    """A response from a stored page's parts, its headers (Content-Type included) sent as they were stored."""
    return _StoredResponse(body, status, _ReadyHeaders(headers, len(body)))


def _variant(body: bytes, content_type: str, encoding: str | None) -> Variant:
    return Variant(body, ready_headers(content_type, CACHE_CONTROL, encoding))


def _store(response: Response) -> Page:
    body = response.get_data()
    content_type = response.headers["Content-Type"]
    return Page(response.status_code, _variant(body, content_type, None),
                _variant(gzip.compress(body, compresslevel=9, mtime=0), content_type, "gzip"))


def send(page: Page) -> Response:
    """The stored page as a response, gzipped when the browser accepts it."""
    variant = page.gzipped if accepts_gzip() else page.plain
    return ready_response(variant.body, page.status, variant.headers)


def serve(name: str, render: Callable[[], object]) -> Response:
    """The page stored under `name` for the current catalog version, rendered by `render` on a miss."""
    cache: PageCache = extensions.pagecache()
    version = catalog_version()
    key = (name, version)
    page = cache.get(key)
    if page is None:
        response = current_app.make_response(render())
        personal = "no-store" in response.headers.get("Cache-Control", "")
        if personal or response.headers.get("Set-Cookie") or response.headers.get("Content-Encoding"):
            return response  # never store anything tied to one visitor or marked as personal
        page = _store(response)
        cache.put(key, page)
    return send(page)


def cached(view: Callable) -> Callable:
    """Decorate a content view: its page is rendered once per path and catalog version."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        # PATH_INFO as the server gave it: the same key as request.path, without decoding it every time.
        return serve(request.environ.get("PATH_INFO", ""), lambda: view(*args, **kwargs))

    return wrapper


def init_app(app) -> None:
    extensions.register(app, pagecache=PageCache())
