"""Translators' proposals: checked like any save, kept apart from the overlay until an admin approves one.

The kiosk reads only the overlay, so a proposal never shows on a screen; approving it saves it through the
overlay (history, catalog version, live reload) exactly as an admin's own save."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import db
from ..db import Base
from ..i18n import checks, overlay
from ..i18n.models import key_hash, utcnow


class Unsavable(ValueError):
    """A proposal holding characters no database keeps (NUL: kept before the check refused it)."""


class Proposal(Base):
    __tablename__ = "translation_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    msgid: Mapped[str] = mapped_column(Text)  # the message key, as in the overlay
    value: Mapped[str] = mapped_column(Text)  # JSON: a string, or the list of plural forms
    source: Mapped[str] = mapped_column(Text)
    base_version: Mapped[int] = mapped_column(Integer)  # the overlay row version the translator saw
    proposed_by: Mapped[str] = mapped_column(String(80))
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def proposed_value(self) -> overlay.Value:
        return overlay.load_value(self.value)


def propose(locale: str, key: str, value: overlay.Value, source: str, by: str, base_version: int, *,
            session: Session | None = None) -> int:
    """Keep a translator's checked text for an admin's approval; returns its id."""
    raw = overlay.dump_value(value)
    with db.within(session) as session:
        row = Proposal(locale=locale, key_hash=key_hash(locale, key), msgid=key, value=raw, source=source,
                       base_version=base_version, proposed_by=by, proposed_at=utcnow())
        session.add(row)
        session.flush()
        return row.id


def pending(locale: str, key: str | None = None) -> list[Proposal]:
    """Proposals awaiting approval, oldest first (of one entry, or of the whole locale)."""
    query = select(Proposal).where(Proposal.locale == locale)
    if key is not None:
        query = query.where(Proposal.key_hash == key_hash(locale, key))
    with db.reading() as session:
        return list(session.scalars(query.order_by(Proposal.id)))


def approve(proposal_id: int, *, session: Session | None = None) -> Proposal:
    """Save a proposal over the live text (recorded as its translator's change) and drop it, in one
    transaction (the caller's `session` when given).

    Raises LookupError when it is gone, overlay.Conflict when the text changed since it was proposed,
    Unsavable when it holds control characters (PostgreSQL refuses NUL)."""
    with db.within(session) as session:
        proposal = reject(proposal_id, session=session)
        value = proposal.proposed_value
        if any(checks.CONTROLS.search(form) for form in (value if isinstance(value, tuple) else (value,))):
            raise Unsavable(proposal_id)  # the transaction is rolled back: the proposal stays
        overlay.save(proposal.locale, proposal.msgid, value, proposal.source, proposal.proposed_by,
                     proposal.base_version, session=session)
        return proposal


def reject(proposal_id: int, *, session: Session | None = None) -> Proposal:
    """Drop a proposal without saving it; raises LookupError when it is gone."""
    with db.within(session) as session:
        proposal = session.get(Proposal, proposal_id, with_for_update=True)
        if proposal is None:
            raise LookupError(proposal_id)
        session.execute(delete(Proposal).where(Proposal.id == proposal_id))
        return proposal
