"""Rendered content pages kept in memory, keyed by path and catalog version.

A content page is a pure function of (locale, path, catalog version): the locale is in the path, the
configuration is fixed per process, and nothing per-request (nonces, CSRF tokens, personal data) is on it.
So the first request renders it and later ones send the stored bytes (gzipped when the browser accepts
it). A translation save bumps the catalog version, which is part of the key: the next request renders
afresh. Pages holding personal data (the consult form, staff pages) never use this.

The cache sits inside the view (a decorator), not in a before_request short-circuit: Flask still matches
the URL, runs before_request and after_request hooks (security headers, usage counts) on every hit, and a
hit skips only the template rendering, which is what the profile showed to be the cost.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request

from .assets import accepts_gzip

MAX_PAGES = 256  # 2 languages × a handful of pages, plus room for other paths that render (404s)
CACHE_CONTROL = "no-cache"  # the browser revalidates; an unchanged page is a 304 of a few hundred bytes


@dataclass(frozen=True)
class Page:
    """One rendered page: status, bytes, their gzip form and an ETag."""

    status: int
    body: bytes
    gzipped: bytes
    etag: str
    mimetype: str


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
    return current_app.extensions["kiosk_catalogs"].version


def _store(response: Response, version: object) -> Page:
    body = response.get_data()
    etag = hashlib.blake2b(body, digest_size=8).hexdigest()
    return Page(response.status_code, body, gzip.compress(body, compresslevel=6, mtime=0), etag,
                response.mimetype)


def send(page: Page) -> Response:
    """The stored page as a response, compressed and conditional as the request allows."""
    use_gzip = accepts_gzip()
    response = Response(page.gzipped if use_gzip else page.body, status=page.status, mimetype=page.mimetype)
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.set_etag(page.etag + ("-gz" if use_gzip else ""))
    return response.make_conditional(request) if page.status == 200 else response


def serve(name: str, render: Callable[[], object]) -> Response:
    """The page stored under `name` for the current catalog version, rendered by `render` on a miss."""
    cache: PageCache = current_app.extensions["kiosk_pagecache"]
    version = catalog_version()
    key = (name, version)
    page = cache.get(key)
    if page is None:
        response = current_app.make_response(render())
        if response.headers.get("Set-Cookie") or response.headers.get("Content-Encoding"):
            return response  # never store anything tied to one visitor
        page = _store(response, version)
        cache.put(key, page)
    return send(page)


def cached(view: Callable) -> Callable:
    """Decorate a content view: its page is rendered once per path and catalog version."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        return serve(request.path, lambda: view(*args, **kwargs))

    return wrapper


def init_app(app) -> None:
    app.extensions["kiosk_pagecache"] = PageCache()
