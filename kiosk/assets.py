"""Static files with content-hashed URLs, served from memory with year-long caching.

`url_for('static', filename=…)` gets `?v=<hash>`; the stylesheet's font URLs and the ES modules'
relative imports are rewritten to carry the same hashes, so the kiosk loads CSS, JS and fonts once and
a change to any of them (or to anything they load) changes every URL that leads to it. Files are read
once per process (re-read on every use under the development server, `kiosk run --debug`).
"""
from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, request

from . import extensions

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"  # unversioned URLs: always ask, a 304 costs a few hundred bytes
COMPRESSIBLE = (".css", ".js", ".svg", ".txt", ".html", ".json")

# url("../fonts/x.woff2") in CSS; import … from "./x.js", import "./x.js" and import("./x.js") in JS.
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')?#]+)\1\s*\)""")
_JS_IMPORT = re.compile(r"""((?:\bfrom|\bimport)\s*\(?\s*)(["'])(\.{1,2}/[^"'?#]+)\2""")


@dataclass(frozen=True)
class Asset:
    """One static file as served: its bytes, their gzip form when that is smaller, and its hash."""

    body: bytes
    gzipped: bytes | None
    mimetype: str
    version: str


class Assets:
    """The static folder, read and hashed once per process (lazily, file by file)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder).resolve()
        self._lock = threading.RLock()
        self._assets: dict[str, Asset] = {}

    def get(self, name: str, fresh: bool = False) -> Asset | None:
        """The file as served; `fresh` re-reads it (the development server, where files change)."""
        asset = None if fresh else self._assets.get(name)
        if asset is None:
            with self._lock:
                if fresh:
                    self._assets.clear()
                asset = self._assets.get(name) or self._load(name, ())
                if asset is not None:  # misses are not kept: random names must not grow the dict
                    self._assets[name] = asset
        return asset

    def version(self, name: str, fresh: bool = False) -> str | None:
        asset = self.get(name, fresh)
        return asset.version if asset else None

    def _load(self, name: str, loading: tuple[str, ...]) -> Asset | None:
        if name in loading or "\x00" in name:
            return None
        try:
            path = (self.folder / name).resolve()
            if not path.is_file() or not path.is_relative_to(self.folder):
                return None
            body = path.read_bytes()
        except (OSError, ValueError):  # a name too long for the file system, or one it cannot hold: no file
            return None
        if name.endswith(".css"):
            body = self._rewrite(name, body, _CSS_URL, 2, loading)
        elif name.endswith(".js"):
            body = self._rewrite(name, body, _JS_IMPORT, 3, loading)
        gzipped = None
        if name.endswith(COMPRESSIBLE):
            squeezed = gzip.compress(body, compresslevel=9, mtime=0)
            gzipped = squeezed if len(squeezed) < len(body) else None
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"  # werkzeug adds charset
        return Asset(body, gzipped, mimetype, hashlib.sha256(body).hexdigest()[:12])

    def _rewrite(self, name: str, body: bytes, pattern: re.Pattern, group: int,
                 loading: tuple[str, ...]) -> bytes:
        """Append ?v=<hash> to every relative reference that names a file we serve."""
        text = body.decode("utf-8")

        def versioned(match: re.Match) -> str:
            reference = match.group(group)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), reference))
            asset = self._assets.get(target) or self._load(target, (*loading, name))
            if asset is None:
                return match.group(0)
            self._assets[target] = asset
            start, end = match.span(group)
            whole = match.group(0)
            offset = match.start(0)
            return whole[:start - offset] + f"{reference}?v={asset.version}" + whole[end - offset:]

        return pattern.sub(versioned, text).encode("utf-8")


def accepts_gzip() -> bool:
    return "gzip" in request.environ.get("HTTP_ACCEPT_ENCODING", "")


def init_app(app: Flask) -> None:
    assets = Assets(Path(app.static_folder))
    extensions.register(app, assets=assets)

    @app.url_defaults
    def version_static_urls(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "v" not in values:
            version = assets.version(values.get("filename", ""), fresh=app.debug)
            if version:
                values["v"] = version

    def static(filename: str) -> Response:
        """Serve a static file from memory: immutable when the URL carries its current hash."""
        asset = assets.get(filename, fresh=app.debug)
        if asset is None:
            abort(404)
        versioned = request.args.get("v") == asset.version
        use_gzip = asset.gzipped is not None and accepts_gzip()
        response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.mimetype)
        if use_gzip:
            response.headers["Content-Encoding"] = "gzip"
        if asset.gzipped is not None:
            response.vary.add("Accept-Encoding")
        response.headers["Cache-Control"] = IMMUTABLE if versioned else REVALIDATE
        response.set_etag(asset.version + ("-gz" if use_gzip else ""))
        return response.make_conditional(request)

    app.view_functions["static"] = static
