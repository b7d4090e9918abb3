"""The consult inbox: list with filters and paging, a request's page with status and notes, CSV export."""
from __future__ import annotations

import math

from flask import Response, abort, redirect, request, url_for
from flask_babel import gettext

from .. import db
from ..consults.cleaning import clean_text
from ..reception import calls
from ..records.consults import STATUSES, ConsultRequest
from . import audit, bp, export, labels, live, queries
from .auth import current_staff, staff_page
from .dates import today

NOTE_MAX = 1000


@bp.app_template_filter("phone_display")
def phone_display(e164: str) -> str:
    """+966551234567 → +966 55 123 4567: grouped as reception reads it aloud; anything else as stored."""
    if len(e164) == 13 and e164.startswith("+9665") and e164[1:].isdigit():
        return f"{e164[:4]} {e164[4:6]} {e164[6:9]} {e164[9:]}"
    return e164


@bp.get("/")
def inbox():
    """Newest first; filter by status and dates (Riyadh days), search by name, phone or reference."""
    return _inbox_page(queries.InboxFilter.from_args(request.args))


def _inbox_page(flt: queries.InboxFilter):
    """The inbox for a filter; a date that was not understood is ignored, said so, and the answer is 400."""
    latest = queries.latest_id()  # read first: a request stored meanwhile is announced by the live poll
    rows, total = queries.page_of(flt)
    pages = max(1, math.ceil(total / queries.PAGE_SIZE))
    overdue = calls.overdue_count(branch=flt.branch)
    body = staff_page("staff/inbox.html", flt=flt, rows=rows, total=total, pages=pages,
                      statuses=STATUSES, labels=labels,
                      today=today().isoformat(), export_url=url_for("staff.export_csv", **flt.args()),
                      branches=queries.branches(), is_overdue=calls.is_overdue, overdue=overdue,
                      title=live.title(0, overdue), latest=latest, mail=live.mail_problem())
    return body, 400 if flt.bad_dates else 200


def detail_page(consult_id: int, status: int = 200, **extra):
    """A request's page: the patient's answers, its calls, status, notes and history of changes."""
    consult, events = queries.detail(consult_id)
    if consult is None:
        abort(404)
    if request.method == "GET":  # a view of the patient's data; a form sent back with an error is not
        audit.record("view_request", consult.reference)
    context = {"saved": request.args.get("saved") == "1", "error": "", "attempt_error": "", **extra}
    return staff_page("staff/detail.html", consult=consult, events=events, statuses=STATUSES, labels=labels,
                      note_max=NOTE_MAX,
                      attempts=calls.attempts(consult_id), outcomes=labels.OUTCOME,
                      overdue=calls.is_overdue(consult), **context), status


@bp.get("/requests/<int:consult_id>")
def detail(consult_id: int):
    """One request: the patient's answers, its calls, status, notes and the history of changes."""
    return detail_page(consult_id)


@bp.post("/requests/<int:consult_id>")
def change(consult_id: int):
    """Change the status and/or add a note; then back to the request's page (POST/redirect/GET)."""
    status = request.form.get("status", "")
    note = clean_text(request.form.get("note", ""))
    if (status and status not in STATUSES) or len(note) > NOTE_MAX:
        error = gettext("The note can have at most %(count)d characters.", count=NOTE_MAX)
        return detail_page(consult_id, 400, saved=False, error=error, note=note)
    with db.transaction() as session:  # the change and its audit entry: both, or neither
        before = session.get(ConsultRequest, consult_id, with_for_update=True)
        old_status = before.status if before is not None else ""
        if before is None or not queries.change(consult_id, current_staff().username, status=status,
                                                note=note, session=session):
            abort(404)
        if status and status != old_status:
            audit.record("status_change", before.reference, f"{old_status} -> {status}", session=session)
    return redirect(url_for("staff.detail", consult_id=consult_id, saved=1), code=303)


@bp.get("/export.csv")
def export_csv():
    """The current filter's requests as CSV (every page, not only the one shown)."""
    flt = queries.InboxFilter.from_args(request.args)
    if flt.bad_dates:  # not a file of the wrong rows: the inbox, saying which filter was not understood
        return _inbox_page(flt)
    name = f"consult-requests-{today().isoformat()}.csv"
    rows = queries.all_of(flt)
    audit.record("export", None, export.described(flt, len(rows)))
    return Response(export.to_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
