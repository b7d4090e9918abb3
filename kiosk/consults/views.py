"""The consult-request pages: the form (GET/POST) and the confirmation, POST/redirect/GET.

No cookie, no session, no token (SPEC §4): cross-site posts are refused by kiosk.crossorigin before this
runs, the confirmation reads its reference code from its URL, and a double POST with the same
submission_id is answered with the first one's reference.
"""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask import request as http_request

from .. import stitch, takehome
from ..reception.expect import expect, sentence
from . import outbox, privacy, store
from .forms import MESSAGE_MAX, NAME_MAX, PHONE_MAX, ConsultForm, new_submission_id
from .reference import is_reference

bp = Blueprint("consult", __name__, url_prefix="/<any(ar, en):lang>/consult")
log = logging.getLogger(__name__)
SENT_SECONDS = 20  # the confirmation goes back to the start after this long
NO_STORE = "no-store"


@bp.after_request
def no_store(response):
    """These pages hold what a patient typed: never keep them in any cache or the back/forward cache."""
    if response.headers.get("Cache-Control") != NO_STORE:  # the stored blank form has it already
        response.headers["Cache-Control"] = NO_STORE
    return response


def _page(form: ConsultForm, lang: str, status: int, storage_failed: bool = False):
    config = current_app.config
    return render_template(
        "consult/form.html", form=form, lang=lang, storage_failed=storage_failed,
        notice=privacy.notice(config["RETENTION_DAYS"], config["CLINIC_NAME"]),
        limits={"name": NAME_MAX, "message": MESSAGE_MAX, "phone": PHONE_MAX},
        idle_seconds=2 * config["IDLE_SECONDS"]), status


def _blank_page(lang: str, submission_id: str):
    form = ConsultForm()
    form.start(lang)
    form.submission_id.data = submission_id
    return _page(form, lang, 200)


@bp.route("", methods=["GET", "POST"])
def form(lang: str):
    """The form; a valid POST is stored durably, then answered 303 to the confirmation."""
    if http_request.method == "GET":
        # Rendered once per language and catalog version; each response gets its own submission_id.
        return stitch.serve(f"<consult form {lang}>", lambda slot: _blank_page(lang, slot),
                            new_submission_id(), NO_STORE)
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
    return redirect(url_for(".sent", lang=lang, ref=reference), 303)


@bp.get("/sent")
def sent(lang: str):
    """The reference code (from the URL) and what happens next; no personal data; back to the start."""
    reference = http_request.args.get("ref", "")
    if not is_reference(reference):
        return redirect(url_for(".form", lang=lang), 303)
    seconds = current_app.config.get("CONSULT_SENT_SECONDS", SENT_SECONDS)
    # sent.js goes back after `seconds` itself; the idle reset keeps its usual timing for one who stays.
    return render_template("consult/sent.html", reference=reference, seconds=seconds,
                           call_expected=sentence(expect(current_app.config), lang),
                           contact_code=takehome.contact_code(reference))
