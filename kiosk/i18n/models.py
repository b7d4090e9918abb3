"""Tables of the staff translation overlay: entries, their history, and the catalog version counter."""
from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..db import Base


def key_hash(locale: str, key: str) -> str:
    """A fixed-size index key: msgids can be whole paragraphs, too long for a B-tree index."""
    return hashlib.sha256(f"{locale}\n{key}".encode()).hexdigest()


class OverlayEntry(Base):
    """A staff translation that wins over the shipped catalog for one (locale, message key)."""

    __tablename__ = "translation_overlay"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64))
    # The message key: "context\x04msgid"; a plural's two msgids joined by "\x1f" (PostgreSQL refuses NUL).
    msgid: Mapped[str] = mapped_column(Text)
    msgstr: Mapped[str] = mapped_column(Text, default="")
    plural_forms: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON list for plural entries
    # The English source the staff member translated; differs from the shipped one after an upgrade.
    source: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    row_version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (UniqueConstraint("locale", "key_hash", name="uq_translation_overlay_key"),)


class OverlayChange(Base):
    """One save or revert: who, when, which message, old and new value (JSON; null = the shipped text)."""

    __tablename__ = "translation_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    key_hash: Mapped[str] = mapped_column(String(64), index=True)
    msgid: Mapped[str] = mapped_column(Text)
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    changed_by: Mapped[str] = mapped_column(String(80))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(10), default="save")  # "save" or "revert"


class CatalogVersion(Base):
    """A single row; every save and revert bumps it in the same transaction, so processes see a change."""

    __tablename__ = "catalog_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
