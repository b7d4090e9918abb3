"""The live inbox's poll: how many requests arrived since the page was drawn, and how many are overdue.

A small JSON answer, polled every few seconds by static/js/inbox-live.js: it holds no thread between
polls and reads two indexed figures, so any number of open inboxes on any server is cheap. The texts come
translated from here, so the script holds no wording of its own.
"""
from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext, ngettext

from ..reception import calls, mailqueue
from ..routing import whole_number
from . import bp, queries


def title(new: int, overdue: int) -> str:
    """The inbox's page title, counting what needs attention (shown in the browser's tab)."""
    base = gettext("Consult requests")
    counts = []
    if new:
        counts.append(ngettext("%(num)d new", "%(num)d new", new))
    if overdue:
        counts.append(ngettext("%(num)d overdue", "%(num)d overdue", overdue))
    return f"({' · '.join(counts)}) {base}" if counts else base


def mail_problem() -> mailqueue.MailHealth | None:
    """Mail to reception that failed lately, when mail is set up; None when all is well."""
    if not (current_app.config.get("SMTP_URL") and current_app.config.get("NOTIFY_TO")):
        return None
    health = mailqueue.health()
    return health if health.retrying or health.failed else None


@bp.get("/live")
def live():
    """{"latest", "new", "overdue", "title", "message"} since the request id `since` the page showed."""
    # The shared bounded check: an id past the databases' integers (PostgreSQL's are 32-bit) is 0.
    since = whole_number(request.args.get("since", ""), default=0)
    branch = queries.InboxFilter.from_args(request.args).branch
    new = queries.newer_than(since, branch)  # an inbox filtered to one branch is alerted for that branch
    overdue = calls.overdue_count(branch=branch)
    clinic = current_app.config["CLINIC_NAME"] or gettext("Hair restoration clinic")
    message = ngettext("%(num)d new consult request arrived.", "%(num)d new consult requests arrived.",
                       new) if new else ""
    return jsonify(latest=queries.latest_id(), new=new, overdue=overdue,
                   title=f"{title(new, overdue)} · {clinic}", message=message)
