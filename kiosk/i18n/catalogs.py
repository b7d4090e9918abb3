"""The process's gettext catalogs: shipped .po files merged with the staff overlay, rebuilt live."""
from __future__ import annotations

import copy
import io
import threading
import time
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, unescape
from babel.support import NullTranslations, Translations
from sqlalchemy.exc import SQLAlchemyError

from . import overlay
from .checks import value_errors

DOMAIN = "messages"
CHECK_INTERVAL = 1.0  # seconds between two looks at the database's catalog version


def po_path(directory: Path, locale: str) -> Path:
    return Path(directory) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def locales(directory: Path) -> list[str]:
    """The languages that have a catalog in `directory`."""
    return sorted(p.parent.parent.name for p in Path(directory).glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalog(path: Path, locale: str) -> Catalog:
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=locale)
    for msgid, previous in previous_ids(path).items():
        message = catalog.get(msgid)
        if message is not None and not message.previous_id:
            message.previous_id = previous
    return catalog


def previous_ids(path: Path) -> dict[str, list[str]]:
    """singular msgid -> its "#| msgid" (and msgid_plural): Babel writes these lines but never reads them."""
    found: dict[str, list[str]] = {}
    previous: list[str] = []
    current: list[str] = []
    target = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith(("#| msgid ", "#| msgid_plural ")):
            previous.append(unescape(line.split(" ", 2)[2]))
            target = previous
        elif line.startswith('#| "') and target is previous and previous:
            previous[-1] += unescape(line[3:])
        elif line.startswith("msgid ") and previous:
            current = [unescape(line[6:])]
            target = current
        elif line.startswith('"') and target is current and current:
            current[-1] += unescape(line)
        elif not line.strip():
            if previous and current:
                found[current[0]] = previous
            previous, current, target = [], [], None
        elif not line.startswith("#|"):
            target = None
    if previous and current:
        found[current[0]] = previous
    return found


# Between a plural's two msgids; a .mo file uses NUL, which PostgreSQL text cannot hold.
PLURAL_SEPARATOR = "\x1f"


def message_key(msgid: str | tuple, context: str | None = None) -> str:
    """The overlay key of a message: context\\x04singular\\x1fplural."""
    text = PLURAL_SEPARATOR.join(msgid) if isinstance(msgid, tuple) else msgid
    return f"{context}\x04{text}" if context else text


def source_text(msgid: str | tuple) -> str:
    return PLURAL_SEPARATOR.join(msgid) if isinstance(msgid, tuple) else msgid


def to_translations(catalog: Catalog) -> Translations:
    """Compile a Babel catalog in memory; gettext takes the plural rule from its own header."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def staff_entry(message: Message, entries: dict, nplurals: int) -> tuple[object | None, bool]:
    """The staff entry shown for a shipped message, and whether it was carried over a changed source.

    An entry whose English source changed in an upgrade still shows the staff wording of the old
    source (found through the .po's previous msgid) until someone reviews it, when it passes the checks.
    The kiosk (merge) and the editor both ask this, so the editor never shows text the kiosk does not."""
    entry = entries.get(message_key(message.id, message.context))
    if entry is not None or not (message.fuzzy and message.previous_id):
        return entry, False
    previous = message.previous_id
    carried = entries.get(message_key(tuple(previous) if len(previous) > 1 else previous[0], message.context))
    if carried is None or value_errors(message.id, overlay.value_of(carried), nplurals):
        return None, False
    return carried, True


def merge(shipped: Catalog, entries: dict) -> Catalog:
    """The shipped catalog with staff values in place; a staff value also ends a shipped 'fuzzy'."""
    merged = copy.deepcopy(shipped)
    for message in merged:
        if not message.id:
            continue
        entry, _carried = staff_entry(message, entries, merged.num_plurals)
        if entry is not None:
            _apply(message, overlay.value_of(entry))
    return merged


def _apply(message: Message, value) -> None:
    message.string = tuple(value) if isinstance(message.id, tuple) else (
        value if isinstance(value, str) else value[0])
    message.flags.discard("fuzzy")


class Catalogs:
    """Per-locale merged translations tagged with the catalog version they were built from.

    `version` and `translations()` look at the database at most once per CHECK_INTERVAL (a monotonic
    throttle, one thread at a time) and rebuild every locale when the version changed; other threads
    keep serving the previous build meanwhile, never waiting on the database."""

    def __init__(self, directory: Path, database=None, interval: float = CHECK_INTERVAL):
        self.directory = Path(directory)
        self.database = database
        self.interval = interval
        self._check_lock = threading.Lock()
        self._next_check = 0.0
        self._shipped: dict[str, Catalog] | None = None
        # One tuple, swapped whole: a reader never sees a version with another version's catalogs.
        self._state: tuple[int, dict[str, Translations]] | None = None

    @property
    def version(self) -> int:
        """The catalog version the served translations were built from (cheap; checks when due)."""
        return self._current()[0]

    def translations(self, locale: str):
        return self._current()[1].get(locale) or NullTranslations()

    def pin(self, locale: str, translations: Translations) -> None:
        """Serve these translations for `locale` from now on, never rebuilding (a pseudo-locale in tests)."""
        version, built = self._current()
        self._next_check = float("inf")
        self._state = (version, {**built, locale: translations})

    def shipped(self) -> dict[str, Catalog]:
        """The read-only shipped catalogs, parsed once per process."""
        if self._shipped is None:
            self._shipped = {code: read_catalog(po_path(self.directory, code), code)
                             for code in locales(self.directory)}
        return self._shipped

    def snapshot(self) -> overlay.Snapshot | None:
        """The database's overlay, or None when there is no reachable, migrated database."""
        return self._ask(overlay.read)

    def _ask(self, query):
        """`query(session)` on the database, or None when there is none or it does not answer."""
        if self.database is None:
            return None
        try:
            with self.database.reader() as session:
                return query(session)
        except SQLAlchemyError:
            return None

    def _current(self) -> tuple[int, dict[str, Translations]]:
        state = self._state
        if state is None:
            with self._check_lock:  # the first build: every thread needs it, so they wait for it
                if self._state is None:
                    self._check(force=True)
            return self._state
        if time.monotonic() >= self._next_check and self._check_lock.acquire(blocking=False):
            try:
                self._check(force=False)
            finally:
                self._check_lock.release()
        return self._state

    def _check(self, force: bool) -> None:
        self._next_check = time.monotonic() + self.interval
        version = self._ask(overlay.current_version)
        if not force and (version is None or version == self._state[0]):
            return
        snapshot = self.snapshot()
        built_version = snapshot.version if snapshot else 0
        entries = snapshot.entries if snapshot else {}
        built = {code: to_translations(merge(catalog, entries.get(code, {})))
                 for code, catalog in self.shipped().items()}
        self._state = (built_version, built)
