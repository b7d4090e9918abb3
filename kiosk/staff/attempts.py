"""Recording a call to a patient from the request's page (POST/redirect/GET)."""
from __future__ import annotations

import datetime as dt

from flask import abort, redirect, request, url_for
from flask_babel import gettext

from .. import db
from ..consults.cleaning import clean_text
from ..consults.phone import ascii_digits
from ..reception import calls
from ..records.reception import OUTCOMES
from . import audit, bp
from .auth import current_staff
from .dates import RIYADH
from .inbox import detail_page

LONGEST_WAIT = dt.timedelta(days=366)


def callback_time(raw: str, now: dt.datetime) -> dt.datetime | None:
    """`2026-12-01T10:30` (the datetime-local field, Riyadh time) → UTC; None when unusable."""
    try:
        moment = dt.datetime.fromisoformat(ascii_digits(raw.strip())[:16])
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return None
    try:
        moment = moment.replace(tzinfo=RIYADH).astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T02:59 in Riyadh is before year 1 in UTC
        return None
    return moment if now < moment < now + LONGEST_WAIT else None


@bp.post("/requests/<int:consult_id>/attempts")
def attempt(consult_id: int):
    """One call: its outcome, an optional note and, for a call back, when; the status follows."""
    outcome = request.form.get("outcome", "")
    note = clean_text(request.form.get("note", ""))
    now = calls.utcnow()
    callback = callback_time(request.form.get("callback_at", ""), now) if outcome == "call_back" else None
    error = ""
    if outcome not in OUTCOMES:
        error = gettext("Please choose how the call went.")
    elif outcome == "call_back" and callback is None:
        error = gettext("Please give a date and time in the future for the call back.")
    elif len(note) > calls.NOTE_MAX:
        error = gettext("The note can have at most %(count)d characters.", count=calls.NOTE_MAX)
    if error:
        return detail_page(consult_id, 400, attempt_error=error, attempt_note=note, attempt_outcome=outcome)
    with db.transaction() as session:  # the call, the status it moves and their audit entries: one commit
        recorded = calls.record(consult_id, current_staff().username, outcome, note, callback, now,
                                session=session)
        if recorded is not None:
            reference, before, after = recorded
            audit.record("contact_attempt", reference, outcome, session=session)
            if after != before:
                audit.record("status_change", reference, f"{before} -> {after}", session=session)
    if recorded is None:
        abort(404)
    return redirect(url_for("staff.detail", consult_id=consult_id, saved=1, _anchor="calls"), code=303)
