"""/staff/audit (admin only): the audit log, newest first, a page at a time."""
from __future__ import annotations

import math

from flask import request
from flask_babel import gettext, ngettext

from ..routing import whole_number
from . import audit, bp, labels, roles
from .auth import staff_page


@bp.get("/audit")
@roles.allow(roles.ADMIN)
def audit_log():
    """Who signed in or out, viewed, exported or changed what, and when: by reference code only."""
    number = whole_number(request.args.get("page", "1"), largest=100_000) or 1
    entries, total = audit.page_of(number)
    return staff_page("staff/audit.html", entries=entries, total=total, page=number,
                      pages=max(1, math.ceil(total / audit.PAGE_SIZE)), actions=audit.ACTIONS,
                      detail=shown_detail)


def shown_detail(entry: audit.AuditEntry) -> str:
    """The stored detail in the reader's language where it is a stored code (a status, a call's outcome)."""
    if entry.action == "status_change" and " -> " in entry.detail:
        before, _, after = entry.detail.partition(" -> ")
        # NOTE: The audit log: a consult request's status changed from one status to the other.
        return gettext("from %(before)s to %(after)s", before=labels.STATUS.get(before, before),
                       after=labels.STATUS.get(after, after))
    if entry.action == "contact_attempt":
        return str(labels.OUTCOME.get(entry.detail, entry.detail))
    if entry.action in ("sign_in", "mfa_setup", "mfa_remove") and entry.detail in labels.FACTOR:
        return str(labels.FACTOR[entry.detail])
    if entry.action.startswith("privacy_"):
        return privacy_detail(entry.detail)
    if entry.action in ("backup", "restore"):
        return backup_detail(entry.detail)
    name, _, role = entry.detail.rpartition(" role=")
    # The name is isolated (FSI … PDI) so that a Latin user name keeps its place in an Arabic line.
    if entry.action in ("staff_add", "role_change") and role in roles.NAMES:
        # NOTE: The audit log: a staff user (added, or whose role changed) and their role.
        return gettext("%(name)s, role: %(role)s", name=f"\u2068{name}\u2069", role=roles.NAMES[role])
    return entry.detail


def backup_detail(detail: str) -> str:
    """A backup's or restore's stored `FILE encrypted`, `FILE plain` or `FILE requests=N`, in the reader's
    language (the file name as it is)."""
    name, _, code = detail.rpartition(" ")
    count = code[len("requests="):]
    if code == "encrypted":
        # NOTE: The audit log: a backup file was written encrypted with age (the format's name).
        said = gettext("encrypted (age)")
    elif code == "plain":
        # NOTE: The audit log: a backup file was written as a plain database copy, not encrypted.
        said = gettext("not encrypted")
    elif code.startswith("requests=") and count.isdigit():
        said = ngettext("%(num)d consult request", "%(num)d consult requests", int(count))
    else:
        return detail
    return f"{name} · {said}"


def privacy_detail(detail: str) -> str:
    """A privacy action's stored codes (`requests=2 mails=1 spooled=0 refs=A,B`, `kind=access
    received=2026-12-01`, `name phone`) in the reader's language; reference codes as they are."""
    words = detail.split()
    values = dict(word.split("=", 1) for word in words if "=" in word)
    counts = {"requests": lambda n: ngettext("%(num)d consult request", "%(num)d consult requests", n),
              "mails": lambda n: ngettext("%(num)d queued mail", "%(num)d queued mails", n),
              "spooled": lambda n: ngettext("%(num)d spooled copy", "%(num)d spooled copies", n)}
    parts = [say(int(values[key])) for key, say in counts.items() if values.get(key, "").isdigit()]
    if "kind" in values:
        parts.append(str(labels.PRIVACY_KIND.get(values["kind"], values["kind"])))
    if "received" in values:
        # NOTE: The audit log: the day a patient's privacy request reached the clinic (an ISO date).
        parts.append(gettext("received on %(day)s", day=values["received"]))
    if "due" in values:
        # NOTE: The audit log: the day a patient's privacy request has to be answered by (an ISO date).
        parts.append(gettext("due on %(day)s", day=values["due"]))
    fields = {"name": gettext("Patient's name"), "phone": gettext("Phone")}
    parts += [fields[word] for word in words if word in fields]
    shown = " · ".join(parts)
    if values.get("refs"):
        shown += ": " + " ".join(values["refs"].split(","))
    return shown or detail
