"""The save policy, one rule for every way of saving: saved, held for its findings, conflict, or proposal."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import db
from ..i18n import overlay
from ..staff import audit
from ..staff.roles import TRANSLATOR
from . import proposals
from .entries import Entry, source_of
from .review import Finding, review


@dataclass(frozen=True)
class Outcome:
    """What became of one submitted text: `kind` is saved, held, conflict or proposed."""

    kind: str
    findings: list[Finding] = field(default_factory=list)
    conflict: overlay.Conflict | None = None

    @property
    def blocking(self) -> bool:
        return any(f.blocking for f in self.findings)

    @property
    def warned(self) -> bool:
        return any(not f.blocking for f in self.findings)


def submit(entry: Entry, value: overlay.Value, *, locale: str, nplurals: int, by: str, expected_version: int,
           accept_warnings: bool, role: str) -> Outcome:
    """Check a staff member's text for an entry; unless an error or an unaccepted warning holds it, a
    translator's becomes a proposal for an admin to approve and anyone else's is saved live, unless someone
    else saved the entry since the form was made (a conflict)."""
    findings = review(entry.msgid, value, locale, nplurals, entry.locations)
    if any(f.blocking for f in findings) or (findings and not accept_warnings):
        return Outcome("held", findings)
    try:
        with db.transaction() as session:  # the text and its audit entry: both kept, or neither
            if role == TRANSLATOR:
                proposals.propose(locale, entry.key, value, source_of(entry), by, expected_version,
                                  session=session)
                audit.record("translation_propose", None, _short(entry.source), session=session)
                return Outcome("proposed", findings)
            overlay.save(locale, entry.key, value, source_of(entry), by, expected_version, session=session)
            audit.record("translation_save", None, _short(entry.source), session=session)
    except overlay.Conflict as conflict:
        return Outcome("conflict", findings, conflict)
    return Outcome("saved", findings)


def _short(source: str) -> str:
    """Which text, for the audit log: the start of its English source."""
    return source if len(source) <= 80 else source[:77] + "..."
