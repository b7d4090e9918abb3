"""The consult-request pages: the form (GET/POST) and the confirmation, POST/redirect/GET."""
from __future__ import annotations

import logging

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask import request as http_request

from . import privacy, store
from .forms import MESSAGE_MAX, NAME_MAX, PHONE_MAX, ConsultForm

bp = Blueprint("consult", __name__, url_prefix="/<any(ar, en):lang>/consult")
log = logging.getLogger(__name__)
SENT = "consult_sent"  # the session key holding the last reference code, for the confirmation page
SENT_SECONDS = 20


@bp.after_request
def no_store(response):
    """These pages hold what a patient typed: never keep them in any cache or the back/forward cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _page(form: ConsultForm, lang: str, status: int, storage_failed: bool = False):
    config = current_app.config
    return render_template(
        "consult/form.html", form=form, lang=lang, storage_failed=storage_failed,
        notice=privacy.notice(config["RETENTION_DAYS"], config["CLINIC_NAME"]),
        limits={"name": NAME_MAX, "message": MESSAGE_MAX, "phone": PHONE_MAX},
        idle_seconds=2 * config["IDLE_SECONDS"]), status


@bp.route("", methods=["GET", "POST"])
def form(lang: str):
    """The form; a valid POST is stored durably, then answered 303 to the confirmation."""
    form = ConsultForm()
    if http_request.method == "GET":
        if SENT in session:
            session.pop(SENT)  # the previous patient's reference is not for the next one
        form.start(lang)
        return _page(form, lang, 200)
    form.use_page_language_if_missing(lang)
    if not form.validate():
        form.consent.data = False  # consent is given afresh, never carried over
        return _page(form, lang, 400)
    try:
        reference = store.save(form.draft(lang, current_app.config["KIOSK_ID"]))
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
    return render_template("consult/sent.html", reference=reference, seconds=SENT_SECONDS)
