"""Instant taps (SPEC §3): each kiosk page names, in a `Speculation-Rules` header, a same-origin rules file
that has Chromium prerender the (at most two) pages a patient most likely opens next from it.

A file, not an inline `<script type="speculationrules">`, so the CSP stays as strict as it is. Never a
/staff page, never the answer to a POST, never the confirmation (it carries a reference code). The consult
form is not prerendered either: its submission_id is fresh per response (SPEC §4), and a prerendered copy
would hold an id issued before the patient chose to open the form. That id would still be used at most once
(a prerender is shown once or thrown away), but a form prerendered on the home page and shown minutes later
is a copy nobody needs; the form page is small, and its tap is measured like any other.
"""
from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Flask, Response, abort, current_app, request

bp = Blueprint("speculation", __name__)

# From page (endpoint) to the pages prerendered from it, written per language ("{lang}"), at most two.
NEXT = {
    "public.welcome": ("/en/", "/ar/"),
    "public.home": ("/{lang}/article", "/{lang}/how-it-works"),
    "public.article": ("/{lang}/", "/{lang}/how-it-works"),
    "public.how_it_works": ("/{lang}/", "/{lang}/faq"),
    "public.faq": ("/{lang}/", "/{lang}/article"),
    "consult.form": ("/{lang}/",),
    "consult.sent": ("/",),
}
MAX_URLS = 2
CONTENT_TYPE = "application/speculationrules+json"
IMMUTABLE = "public, max-age=31536000, immutable"


def _name(endpoint: str, lang: str | None) -> str:
    page = endpoint.split(".", 1)[1].replace("_", "-")
    return f"{lang}-{page}" if lang else page


def _build() -> dict[str, bytes]:
    files = {}
    for endpoint, urls in NEXT.items():
        for lang in (("en", "ar") if any("{lang}" in url for url in urls) else (None,)):
            chosen = [url.format(lang=lang) for url in urls][:MAX_URLS]
            rules = {"prerender": [{"urls": chosen, "eagerness": "immediate"}]}
            files[_name(endpoint, lang)] = json.dumps(rules, separators=(",", ":")).encode()
    return files


FILES = _build()
VERSION = hashlib.sha256(b"".join(FILES[name] for name in sorted(FILES))).hexdigest()[:12]


def rules_url(endpoint: str | None, lang: str | None) -> str | None:
    """The rules file for a page, or None for a page that prerenders nothing."""
    if endpoint not in NEXT:
        return None
    name = _name(endpoint, lang if "{lang}" in "".join(NEXT[endpoint]) else None)
    return f"/speculation-rules/{name}.json?v={VERSION}" if name in FILES else None


@bp.get("/speculation-rules/<name>.json")
def rules(name: str) -> Response:
    """A page's rules file; kept for a year when asked for by its current ?v= (the header always names it)."""
    body = FILES.get(name)
    if body is None:
        abort(404)
    response = Response(body, mimetype=CONTENT_TYPE)
    response.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == VERSION else "no-cache"
    return response


def _add_header(response: Response) -> Response:
    # PRERENDER off (app config, not an environment setting): bench/taps.py's "prerender off" figures.
    if request.method == "GET" and response.status_code == 200 and current_app.config.get("PRERENDER", True):
        url = rules_url(request.endpoint, (request.view_args or {}).get("lang"))
        if url:
            response.headers["Speculation-Rules"] = f'"{url}"'  # a structured-field string
    return response


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(_add_header)
