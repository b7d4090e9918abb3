"""The process's gettext catalogs, built in memory from the shipped .po files."""
from __future__ import annotations

import io
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "messages"


def po_path(directory: Path, locale: str) -> Path:
    return Path(directory) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(path: Path, locale: str):
    with open(path, "rb") as handle:
        return read_po(handle, locale=locale)


def to_translations(catalog) -> Translations:
    """Compile a Babel catalog in memory; gettext takes the plural rule from its own header."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


class Catalogs:
    """Per-locale translations, built once per process from the .po files (the source of truth)."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._built: dict[str, Translations] = {}
        # Bumped whenever the merged catalogs change; anything cached per catalog (rendered pages) keys on it.
        self.version = 0

    def translations(self, locale: str):
        built = self._built.get(locale)
        if built is None:
            with self._lock:
                built = self._built.get(locale) or self._build(locale)
                self._built[locale] = built
        return built

    def _build(self, locale: str):
        path = po_path(self.directory, locale)
        if not path.exists():
            return NullTranslations()
        return to_translations(read_catalog(path, locale))
