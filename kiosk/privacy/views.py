"""/staff/privacy (admin): a patient's data request under the PDPL — find, download, correct, erase, log.

Every action that carries a phone number is a POST: a number never goes in a URL, so it never reaches an
access log, the browser's history or a Referer."""
from __future__ import annotations

import json

from flask import Blueprint, Response, abort, g, redirect, request, url_for
from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm
from wtforms import StringField, TelField

from ..consults.cleaning import clean_line
from ..consults.forms import PHONE_MAX, check_name, check_phone
from ..consults.phone import PhoneError, normalise
from ..records.staff import utcnow
from ..routing import whole_number
from ..staff import audit, dates, labels
from ..staff.auth import current_staff, protect, staff_page
from ..staff.dates import today
from . import changes, holdings, log
from .models import KIND_NAMES

# Admins only: the page shows and changes everything held about a patient.
bp = protect(Blueprint("privacy", __name__, url_prefix="/staff/privacy"), allow=())


class CorrectionForm(FlaskForm):
    """The name and the phone, cleaned and checked exactly as the kiosk form checks them."""

    class Meta:
        csrf = False  # the blueprint's guard has checked this session's token already

        def get_translations(self, form):
            return None

    name = StringField(filters=[clean_line], validators=[check_name])
    new_phone = TelField(filters=[clean_line], validators=[check_phone])
    e164 = ""


def _actor() -> str:
    return current_staff().username


def _searched() -> tuple[str, str | None]:
    """The number typed into the search (as typed, cleaned) and its E.164 form, or None when it is not one."""
    typed = clean_line(request.form.get("phone", "")[:200])
    try:
        return typed, normalise(typed) if len(typed) <= PHONE_MAX else None
    except PhoneError:
        return typed, None


def _page(status: int = 200, **context):
    """The privacy page: the search (and what it found) and the open requests of the log."""
    for name, default in (("typed", ""), ("found", None), ("correcting", ""), ("correction", None),
                          ("correction_errors", {})):
        context.setdefault(name, default)
    locale, now = g.get("ui_locale", "en"), today()
    return staff_page("staff/privacy.html", entries=log.open_requests(), kinds=KIND_NAMES, today=now,
                      labels=labels, overdue=lambda entry: entry.due_on < now,
                      day=lambda value: {"date": dates.gregorian(value, locale),
                                         "hijri": dates.hijri(value) if locale == "ar" else ""},
                      **context), status


def _bad_number(typed: str):
    return _page(400, typed=typed,
                 error=gettext("Please enter a Saudi mobile number, for example 05X XXX XXXX."))


def _results(phone: str, typed: str = "", status: int = 200, **context):
    found = holdings.find(phone)
    return _page(status, typed=typed or phone, found=found, **context)


@bp.get("")
def index():
    """The search form and the privacy request log."""
    return _page()


@bp.post("")
def search():
    """Everything held about a phone number, in any spelling of the kiosk form; audited by count only."""
    typed, phone = _searched()
    if phone is None:
        return _bad_number(typed)
    found = holdings.find(phone)
    audit.record("privacy_search", None, f"requests={len(found.references)} mails={found.mails} "
                                         f"spooled={len(found.spooled)}")
    return _page(typed=typed, found=found)


@bp.post("/download")
def download():
    """Everything held about the number as one JSON file (UTF-8), for the patient."""
    typed, phone = _searched()
    if phone is None:
        return _bad_number(typed)
    found = holdings.find(phone)
    now = utcnow()
    body = json.dumps(holdings.as_json(found, now), ensure_ascii=False, indent=2)
    audit.record("privacy_download", None, found.described())
    return Response(body.encode("utf-8"), content_type="application/json; charset=utf-8",
                    headers={"Content-Disposition":
                             f'attachment; filename="privacy-request-{today().isoformat()}.json"'})


@bp.post("/correct")
def correct():
    """Correct the name and phone of one request of the searched number, checked as the kiosk form checks."""
    typed, phone = _searched()
    if phone is None:
        return _bad_number(typed)
    reference = clean_line(request.form.get("reference", ""))[:40]
    form = CorrectionForm(formdata=request.form)
    if not form.validate():
        errors = {name: field.errors[0] for name, field in form._fields.items() if field.errors}
        return _results(phone, typed, 400, correcting=reference, correction=form, correction_errors=errors)
    done = changes.correct(phone, reference, _actor(), form.name.data, form.e164)
    if done is None:
        abort(404)
    message = gettext("Corrected.") if done.fields else gettext(
        "Nothing to correct: the name and the number were already so.")
    # Shown again under the number the request has now.
    return _results(form.e164, form.new_phone.data if "phone" in done.fields else typed, message=message)


@bp.post("/erase")
def erase():
    """Erase everything held about the number, once the admin has ticked the confirmation."""
    typed, phone = _searched()
    if phone is None:
        return _bad_number(typed)
    if request.form.get("confirm") != "yes":
        return _results(phone, typed, 400, erase_error=gettext("Please tick the box to confirm the erasure."))
    erased = changes.erase(phone)
    message = ngettext("%(num)d request erased.", "%(num)d requests erased.", erased.requests)
    return _results(phone, typed, message=message)


@bp.post("/log")
def add_to_log():
    """Log a patient's request: its kind and the day it was received (default today, Riyadh)."""
    try:
        entry = log.parse(request.form.get("kind", ""), request.form.get("received", "")[:40],
                          request.form.get("reference", ""), today())
    except log.LogError as error:
        messages = {"kind": gettext("Please choose what the patient asked for."),
                    "received": gettext("Please give the day the request was received: a real date, "
                                        "not after today."),
                    "reference": gettext("This is not a reference code. Leave it empty if the patient "
                                         "has none.")}
        return _page(400, log_error=messages[error.reason], log_field=error.reason)
    log.add(entry, _actor())
    return redirect(url_for("privacy.index", _anchor="log"), code=303)


@bp.post("/log/done")
def mark_done():
    """Mark a logged request answered: it leaves the list."""
    entry_id = whole_number(request.form.get("entry", ""), largest=2**31 - 1)
    if entry_id is None or not log.mark_done(entry_id, _actor()):
        abort(404)
    return redirect(url_for("privacy.index", _anchor="log"), code=303)

