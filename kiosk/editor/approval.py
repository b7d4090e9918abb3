"""Translators' proposals awaiting approval: listed for translators and admins, approved by an admin."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext

from .. import db
from ..i18n import overlay
from ..staff import audit, roles
from . import entries as editor
from . import proposals
from .views import LOCALE, _catalogs, _page, bp, digest


def _which(proposal: proposals.Proposal) -> str:
    return proposal.source.split("\x1f")[0][:80]


@bp.get("/proposals")
def awaiting():
    """Every proposed text beside the English source and the text the kiosk shows now."""
    found = {entry.key: entry for entry in editor.entries(_catalogs(), LOCALE)}
    waiting = [(proposal, found.get(proposal.msgid)) for proposal in proposals.pending(LOCALE)]
    return _page("staff/translations/proposals.html", waiting=waiting, digest=digest)


@bp.post("/proposals/<int:proposal_id>/approve")
@roles.allow(roles.ADMIN)
def approve(proposal_id: int):
    """One click: the proposal becomes the live text (the kiosk shows it within seconds), recorded."""
    try:
        with db.transaction() as session:  # the live text, the dropped proposal and the entry: all or none
            proposal = proposals.approve(proposal_id, session=session)
            audit.record("translation_approve", None, f"{_which(proposal)} (by {proposal.proposed_by})",
                         session=session)
    except LookupError:
        abort(404)
    except overlay.Conflict:
        flash(gettext("Not approved: the text was changed after this proposal was made. Reject it, or ask "
                      "for a new one."), "error")
        return redirect(url_for("translations.awaiting"), code=303)
    except proposals.Unsavable:
        flash(gettext("Not approved: this proposal contains characters that cannot be saved (such as a null "
                      "character). Reject it, or ask for a new one."), "error")
        return redirect(url_for("translations.awaiting"), code=303)
    flash(gettext("Approved. The kiosk shows the new text within a few seconds."))
    return redirect(url_for("translations.awaiting"), code=303)


@bp.post("/proposals/<int:proposal_id>/reject")
@roles.allow(roles.ADMIN)
def reject(proposal_id: int):
    """Drop a proposal; the kiosk keeps its text."""
    try:
        with db.transaction() as session:
            proposal = proposals.reject(proposal_id, session=session)
            audit.record("translation_reject", None, f"{_which(proposal)} (by {proposal.proposed_by})",
                         session=session)
    except LookupError:
        abort(404)
    flash(gettext("Rejected. The kiosk keeps its current text."))
    return redirect(url_for("translations.awaiting"), code=303)
