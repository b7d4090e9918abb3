"""The consult-request pages: the form (GET/POST) and the confirmation, POST/redirect/GET."""
from __future__ import annotations

import gzip
import logging

from flask import Blueprint, Response, current_app, redirect, render_template, session, url_for
from flask import request as http_request
from flask_wtf.csrf import generate_csrf

from ..assets import accepts_gzip
from . import outbox, privacy, store
from .forms import MESSAGE_MAX, NAME_MAX, PHONE_MAX, ConsultForm, new_submission_id

bp = Blueprint("consult", __name__, url_prefix="/<any(ar, en):lang>/consult")
log = logging.getLogger(__name__)
SENT = "consult_sent"  # the session key holding the last reference code, for the confirmation page
SENT_SECONDS = 20  # the confirmation goes back to the start after this long


@bp.after_request
def no_store(response):
    """These pages hold what a patient typed: never keep them in any cache or the back/forward cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(form: ConsultForm, lang: str, status: int, storage_failed: bool = False, csrf_value: str = ""):
    config = current_app.config
    return render_template(
        "consult/form.html", form=form, lang=lang, storage_failed=storage_failed, csrf_value=csrf_value,
        notice=privacy.notice(config["RETENTION_DAYS"], config["CLINIC_NAME"]),
        limits={"name": NAME_MAX, "message": MESSAGE_MAX, "phone": PHONE_MAX},
        idle_seconds=2 * config["IDLE_SECONDS"]), status


# A blank form is the same for every patient but for two values, and rendering it cost ten times a
# content page (bench/README.md). So it is rendered once per language and catalog version with stand-ins,
# and each request puts its own CSRF token and submission id in their place.
_CSRF_STAND_IN = "csrf-token-stand-in"
_SUBMISSION_STAND_IN = "submission-id-stand-in"


def _blank_page(lang: str):
    key = (lang, current_app.extensions["kiosk_catalogs"].version)
    blanks = current_app.extensions.setdefault("kiosk_blank_forms", {})
    html = blanks.get(key)
    if html is None:
        form = ConsultForm()
        form.start(lang)
        form.submission_id.data = _SUBMISSION_STAND_IN
        html, _status = _page(form, lang, 200, csrf_value=_CSRF_STAND_IN)
        blanks.clear()  # only the current catalog version's forms are worth keeping
        blanks[key] = html
    html = (html.replace(_CSRF_STAND_IN, generate_csrf(), 1)
            .replace(_SUBMISSION_STAND_IN, new_submission_id(), 1))
    if not accepts_gzip():
        return html
    # Compressed per request (it differs in two values), at the fastest level: ~9 KB becomes ~3 KB, which
    # keeps a first visit to the form within the page-weight budget (bench/README.md).
    response = Response(gzip.compress(html.encode(), compresslevel=1), mimetype="text/html")
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    return response


@bp.route("", methods=["GET", "POST"])
def form(lang: str):
    """The form; a valid POST is stored durably, then answered 303 to the confirmation."""
    if http_request.method == "GET":
        if SENT in session:
            session.pop(SENT)  # the previous patient's reference is not for the next one
        return _blank_page(lang)
    form = ConsultForm()
    form.use_page_language_if_missing(lang)
    if not form.validate():
        form.consent.data = False  # consent is given afresh, never carried over
        return _page(form, lang, 400)
    try:
        # The outbox stores it, or spools it while the central database cannot be reached (SPEC §5).
        reference = outbox.save(form.draft(lang, current_app.config["KIOSK_ID"]))
    except store.StorageUnavailable as error:
        log.error("consult request not stored, database unavailable: %s", error.reason)
        return _page(form, lang, 503, storage_failed=True)
    session[SENT] = reference
    return redirect(url_for(".sent", lang=lang), 303)


@bp.get("/sent")
def sent(lang: str):
    """The reference code and what happens next; no personal data; back to the start by itself."""
    reference = session.get(SENT)
    if not reference:
        return redirect(url_for(".form", lang=lang), 303)
    seconds = current_app.config.get("CONSULT_SENT_SECONDS", SENT_SECONDS)
    return render_template("consult/sent.html", reference=reference, seconds=seconds, idle_seconds=seconds)
