"""Staff edits as a database overlay over the shipped catalogs: save, revert, read, with history."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import db
from .models import CatalogVersion, OverlayChange, OverlayEntry, key_hash, utcnow

Value = str | tuple[str, ...]


class Conflict(Exception):
    """The entry changed after the editor showed it; nothing was written."""

    def __init__(self, current: Value | None, updated_by: str | None):
        super().__init__("entry changed under the editor")
        self.current = current
        self.updated_by = updated_by


@dataclass(frozen=True)
class Snapshot:
    """The overlay as one process reads it: the catalog version and every entry per locale."""

    version: int
    entries: dict[str, dict[str, OverlayEntry]]


def value_of(entry: OverlayEntry) -> Value:
    return tuple(json.loads(entry.plural_forms)) if entry.plural_forms is not None else entry.msgstr


def dump_value(value: Value | None) -> str | None:
    """A value as stored (JSON: the text, or the list of plural forms); None stays None (the shipped text)."""
    return None if value is None else json.dumps(list(value) if isinstance(value, tuple) else value,
                                                 ensure_ascii=False)


def load_value(raw: str | None) -> Value | None:
    """A history cell back to a value (None means the shipped text)."""
    if raw is None:
        return None
    value = json.loads(raw)
    return tuple(value) if isinstance(value, list) else value


def _find(session: Session, locale: str, key: str) -> OverlayEntry | None:
    # FOR UPDATE locks the row on PostgreSQL; SQLite already holds the write lock (BEGIN IMMEDIATE).
    query = select(OverlayEntry).where(OverlayEntry.locale == locale,
                                       OverlayEntry.key_hash == key_hash(locale, key))
    return session.scalars(query.with_for_update()).first()


def _bump(session: Session) -> None:
    # An atomic increment: concurrent savers never read-modify-write the counter.
    session.execute(update(CatalogVersion).where(CatalogVersion.id == 1)
                    .values(version=CatalogVersion.version + 1))


def _write(session: Session, locale: str, key: str, entry: OverlayEntry | None, value: Value | None,
           source: str, by: str, action: str) -> int:
    old = value_of(entry) if entry is not None else None
    if value is None:
        if entry is not None:
            session.execute(delete(OverlayEntry).where(OverlayEntry.id == entry.id))
        row_version = 0
    else:
        if entry is None:
            entry = OverlayEntry(locale=locale, key_hash=key_hash(locale, key), msgid=key, row_version=0)
            session.add(entry)
        entry.msgstr = "" if isinstance(value, tuple) else value
        entry.plural_forms = dump_value(value) if isinstance(value, tuple) else None
        entry.source, entry.updated_by, entry.updated_at = source, by, utcnow()
        entry.row_version += 1
        row_version = entry.row_version
    session.add(OverlayChange(locale=locale, key_hash=key_hash(locale, key), msgid=key, old=dump_value(old),
                              new=dump_value(value), changed_by=by, changed_at=utcnow(), action=action))
    _bump(session)
    session.flush()
    return row_version


def save(locale: str, key: str, value: Value, source: str, by: str, expected_version: int, *,
         session: Session | None = None) -> int:
    """Store a staff translation; `expected_version` is the row version the editor showed (0: none); in
    the caller's `session` when given (db.within).

    Returns the new row version; raises Conflict when someone else saved the entry in between."""
    try:
        with db.within(session) as session:
            entry = _find(session, locale, key)
            current = entry.row_version if entry is not None else 0
            if current != expected_version:
                raise Conflict(value_of(entry) if entry else None, entry.updated_by if entry else None)
            return _write(session, locale, key, entry, value, source, by, "save")
    except IntegrityError:
        # Two first saves of the same entry on PostgreSQL: the unique key lets only one insert land.
        raise Conflict(None, None) from None


def revert(change_id: int, by: str, *, session: Session | None = None) -> OverlayChange:
    """Put back the value an earlier change replaced (or the shipped text), as a new recorded change."""
    with db.within(session) as session:
        change = session.get(OverlayChange, change_id)
        if change is None:
            raise LookupError(change_id)
        entry = _find(session, change.locale, change.msgid)
        current = value_of(entry) if entry is not None else None
        if current != load_value(change.new):
            raise Conflict(current, entry.updated_by if entry else None)
        old = load_value(change.old)
        source = entry.source if entry is not None else change.msgid
        _write(session, change.locale, change.msgid, entry, old, source, by, "revert")
        return change


def read(session: Session) -> Snapshot:
    """Version first, then entries: a save in between only makes the next check rebuild once more."""
    version = session.scalar(select(CatalogVersion.version).where(CatalogVersion.id == 1)) or 0
    entries: dict[str, dict[str, OverlayEntry]] = {}
    for entry in session.scalars(select(OverlayEntry)):
        entries.setdefault(entry.locale, {})[entry.msgid] = entry
    return Snapshot(version, entries)


def current_version(session: Session) -> int:
    return session.scalar(select(CatalogVersion.version).where(CatalogVersion.id == 1)) or 0


def history(session: Session, locale: str, key: str | None = None, limit: int = 50) -> list[OverlayChange]:
    """Newest changes first, of one entry or of the whole locale."""
    query = select(OverlayChange).where(OverlayChange.locale == locale)
    if key is not None:
        query = query.where(OverlayChange.key_hash == key_hash(locale, key))
    return list(session.scalars(query.order_by(OverlayChange.id.desc()).limit(limit)))
