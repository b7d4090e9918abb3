"""Security headers on every response, error pages included.

No X-Frame-Options: `frame-ancestors 'none'` does its job in every browser a kiosk runs.
"""
from __future__ import annotations

from flask import Flask, Response

# Every script and style is an external file from our own origin, so the policy needs no nonce and the
# cached pages stay byte-identical for every visitor.
CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    # Violations reach the screens overview (kiosk.screens). report-uri, not report-to: Chromium ignores
    # report-uri once report-to is present, and its Reporting API batches reports for up to a minute and
    # sends them only to secure origins, which a kiosk on a clinic's plain-HTTP network is not. Measured:
    # with report-to a blocked inline script never reached /csp-report; with report-uri at once.
    "report-uri /csp-report",
))

# A kiosk needs none of these powerful features; deny them even if a page is ever compromised. (Kept to
# the ones that matter: every header byte is paid on every response, and the bench counts them.)
PERMISSIONS = ", ".join(f"{feature}=()" for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid",
    "display-capture",
))

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` even on the kiosk's own
    # form posts, and over plain http to a LAN address (no Sec-Fetch-* there) Origin is what tells our own
    # form from a foreign one (kiosk.crossorigin). Nothing is sent to another origin either way.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS,
}

HSTS = "max-age=31536000"


def headers_for(app: Flask) -> dict[str, str]:
    """The header set for this app; HSTS only when it is served over HTTPS (else browsers ignore it)."""
    headers = dict(HEADERS)
    if app.config.get("HTTPS"):
        headers["Strict-Transport-Security"] = HSTS
    return headers


def init_app(app: Flask) -> None:
    # Computed on the first response, not at start-up, so config set after create_app still counts.
    computed: list[list[tuple[str, str]]] = []

    @app.after_request
    def add_security_headers(response: Response) -> Response:
        if getattr(response, "has_security_headers", False):
            return response  # a stored page (kiosk.pagecache) carries them already
        if not computed:
            computed.append(list(headers_for(app).items()))
        # One pass over the response's headers: Headers.setdefault per name cost a fifth of a cached page.
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend([item for item in computed[0] if item[0].lower() not in present])
        return response
