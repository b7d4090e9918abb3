"""The staff audit log: who signed in or out, viewed or exported requests, changed statuses or texts, when.

Entries name requests by reference code only, never a patient's name, phone or message; they are purged
with the consult requests (KIOSK_RETENTION_DAYS)."""
from __future__ import annotations

from flask import has_request_context
from sqlalchemy import func, select

from .. import db
from ..i18n.text import lazy_gettext as _l
from ..records.audit import AuditEntry, add, purge

PAGE_SIZE = 100
# What each recorded action is called on /staff/audit; other branches' actions show by their code.
ACTIONS = {
    "sign_in": _l("Signed in"),
    "sign_out": _l("Signed out"),
    "view_request": _l("Viewed a request"),
    "export": _l("Exported requests"),
    "status_change": _l("Changed a status"),
    "contact_attempt": _l("Recorded a call"),
    "translation_save": _l("Saved a translation"),
    "translation_propose": _l("Proposed a translation"),
    "translation_approve": _l("Approved a translation"),
    "translation_reject": _l("Rejected a proposed translation"),
    "translation_revert": _l("Reverted a translation"),
    "role_change": _l("Changed a staff role"),
    "staff_add": _l("Added a staff user"),
    "staff_remove": _l("Removed a staff user"),
    "password_change": _l("Changed a password"),
    "backup": _l("Wrote a backup"),
    "restore": _l("Restored a backup"),
    "screen_add": _l("Enrolled a screen"),
    "screen_remove": _l("Removed a screen"),
    "screen_command": _l("Sent a command to screens"),
    "privacy_search": _l("Searched for a patient's data"),
    "privacy_download": _l("Downloaded a patient's data"),
    "privacy_correct": _l("Corrected a patient's data"),
    "privacy_erase": _l("Erased a patient's data"),
    "privacy_log": _l("Logged a privacy request"),
    "privacy_done": _l("Marked a privacy request done"),
    "mfa_setup": _l("Set up a second factor"),
    "mfa_remove": _l("Removed a second factor"),
    "mfa_reset": _l("Reset a staff user's second factors"),
    "recovery_codes": _l("Made new recovery codes"),
}


def _actor() -> str:
    """The signed-in staff member; "cli" for the command line (no request)."""
    if not has_request_context():
        return "cli"
    from .auth import current_staff

    staff = current_staff()
    return staff.username if staff is not None else "-"


def record(action: str, reference: str | None = None, detail: str = "", *, session=None) -> None:
    """Add an entry for the signed-in staff member ("cli" on the command line): `reference` is a request's
    reference code (never a patient's name, phone or message), `detail` a short note such as an export's
    filter and row count. Pass the `session` that writes the change being recorded, so both commit or
    neither; without one (sign-ins, views, exports: nothing else is written) it commits on its own."""
    with db.within(session) as writing:
        add(writing, _actor(), action, reference, detail)


def page_of(number: int) -> tuple[list[AuditEntry], int]:
    """One page of entries, newest first, and how many there are in all."""
    with db.reading() as session:
        total = session.scalar(select(func.count(AuditEntry.id))) or 0
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                               .offset((number - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return list(rows), total


__all__ = ["ACTIONS", "AuditEntry", "add", "page_of", "purge", "record"]
