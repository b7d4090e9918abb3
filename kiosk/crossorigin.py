"""Cross-site requests refused by Fetch Metadata (SPEC §4): no token, no cookie, for every route of the app.

The rule, as in OWASP's CSRF Prevention Cheat Sheet (Fetch Metadata, with an Origin fallback), Go 1.25's
`net/http.CrossOriginProtection` and Rails 8.1, but stricter than Go where a request names nothing:
- GET, HEAD and OPTIONS change nothing here and always pass.
- Otherwise, when the browser sent `Sec-Fetch-Site`, its word decides: `same-origin` or `none` (typed by
  the user) pass; `same-site` (another host of the clinic's domain), `cross-site` or anything else do not.
- Without it — browsers send `Sec-Fetch-*` only to trustworthy origins, so a screen on `http://<LAN
  address>` sends none — `Origin` must be the server's own origin, as the browser saw it: scheme and host
  after the trusted proxies (KIOSK_PROXY_HOPS), https when KIOSK_HTTPS says the browser used it.
- A request with neither header is refused: every browser sends `Origin` on a POST, so only a tool or a
  very old browser sends neither, and the kiosk has no use for either.
The answer depends on those two headers, so every unsafe-method response says so in `Vary`.
"""
from __future__ import annotations

from collections.abc import Iterable

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import Forbidden

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACCEPTED_SITES = frozenset({"same-origin", "none"})
VARY = ("Sec-Fetch-Site", "Origin")
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


class CrossOriginRequest(Forbidden):
    """A POST (or other unsafe method) that did not come from the kiosk's own pages; nothing was done."""


def allowed(method: str, site: str | None, origin: str | None, own_origins: Iterable[str]) -> bool:
    """The rule itself, as a plain function of the request's method and headers."""
    if method in SAFE_METHODS:
        return True
    if site is not None:
        return site in ACCEPTED_SITES
    return origin is not None and _origin(origin) in own_origins


def _origin(value: str) -> str:
    """An origin as compared here: lower case, without the scheme's default port."""
    value = value.strip().lower()
    scheme = value.partition("://")[0]
    port = _DEFAULT_PORTS.get(scheme)
    return value[:-len(port)] if port and value.endswith(port) else value


def own_origins() -> tuple[str, ...]:
    """The origins this request may come from: the one it reached us by, and https if KIOSK_HTTPS."""
    host = request.host  # checked against TRUSTED_HOSTS; behind the proxy, the one waitress took from it
    origins = (_origin(f"{request.scheme}://{host}"),)
    if current_app.config["HTTPS"] and request.scheme != "https":
        origins += (_origin(f"https://{host}"),)
    return origins


def check() -> None:
    """before_request: refuse a cross-site request before any view or other hook sees it."""
    method = request.method
    if method in SAFE_METHODS or request.routing_exception is not None:
        return  # a URL no route matches does nothing: its 404 (or 405) follows
    headers = request.headers
    if not allowed(method, headers.get("Sec-Fetch-Site"), headers.get("Origin"), own_origins()):
        raise CrossOriginRequest()


def vary(response: Response) -> Response:
    if request.method not in SAFE_METHODS:
        response.vary.update(VARY)
    return response


def init_app(app: Flask) -> None:
    """Call first in create_app: no other hook (a session, a database lookup) runs for a refused request."""
    app.before_request(check)
    app.after_request(vary)
