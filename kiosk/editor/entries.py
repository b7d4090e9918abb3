"""The translation editor's domain: entries with their state, filters, search, progress, plural labels."""
from __future__ import annotations

import datetime as dt
import gettext as gnu_gettext
import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from babel import Locale
from babel.messages.catalog import Catalog

from ..i18n import overlay
from ..i18n.catalogs import Catalogs, message_key, source_text, staff_entry

FILTERS = ("all", "untranslated", "fuzzy", "edited", "review")
# Harakat, superscript alef and tatweel: Arabic search ignores them, as readers do.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ALEF = str.maketrans("أإآٱةى", "ااااهي")  # also taa marbuta and alef maqsura, often typed loosely


@dataclass
class Entry:
    """One catalog message as the editor shows it."""

    key: str
    msgid: str | tuple
    context: str | None
    locations: list[str]  # .po locations: template or module paths
    shipped: str | tuple
    fuzzy: bool
    staff_value: str | tuple | None = None
    row_version: int = 0
    updated_by: str | None = None
    updated_at: dt.datetime | None = None
    needs_review: bool = False  # a staff edit made against an older English source
    flags: set = field(default_factory=set)
    comments: tuple = ()  # the developers' notes for translators (#. in the .po): what the English means

    @property
    def plural(self) -> bool:
        return isinstance(self.msgid, tuple)

    @property
    def source(self) -> str:
        return self.msgid[0] if self.plural else self.msgid

    @property
    def value(self) -> str | tuple:
        return self.staff_value if self.staff_value is not None else self.shipped

    @property
    def edited(self) -> bool:
        return self.staff_value is not None and not self.needs_review

    @property
    def translated(self) -> bool:
        value = self.value
        forms = value if isinstance(value, tuple) else (value,)
        return bool(forms) and all(form.strip() for form in forms) and not (self.fuzzy and not self.edited)

    @property
    def untranslated(self) -> bool:
        value = self.value
        forms = value if isinstance(value, tuple) else (value,)
        return not any(form.strip() for form in forms)


def fold(text: str) -> str:
    """Search form of a text: case-folded, Arabic marks and alef variants ignored."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _ARABIC_MARKS.sub("", text).translate(_ALEF)


def location_name(path: str) -> str:
    """`templates/public/faq.html` -> `public/faq.html`: the template or module, shown under the place."""
    return path.removeprefix("templates/")


def entries(catalogs: Catalogs, locale: str) -> list[Entry]:
    """Every message of the shipped catalog with the database overlay applied, in catalog order."""
    catalog = catalogs.shipped()[locale]
    snapshot = catalogs.snapshot()
    staff = snapshot.entries.get(locale, {}) if snapshot else {}
    found = []
    for message in catalog:
        if not message.id:
            continue
        key = message_key(message.id, message.context)
        entry = Entry(key, message.id, message.context, sorted({path for path, _line in message.locations}),
                      message.string, message.fuzzy, comments=tuple(message.auto_comments))
        row, entry.needs_review = staff_entry(message, staff, catalog.num_plurals)
        if row is not None:
            entry.staff_value = overlay.value_of(row)
            entry.updated_by, entry.updated_at = row.updated_by, row.updated_at
            entry.row_version = 0 if entry.needs_review else row.row_version
        found.append(entry)
    return found


def select(found: list[Entry], kind: str = "all", query: str = "") -> list[Entry]:
    """The entries a filter and a search (in either language) leave."""
    tests = {"untranslated": lambda e: e.untranslated, "fuzzy": lambda e: e.fuzzy and not e.edited,
             "edited": lambda e: e.edited, "review": lambda e: e.needs_review}
    chosen = [entry for entry in found if tests.get(kind, lambda e: True)(entry)]
    needle = fold(query.strip())
    if needle:
        def haystack(entry: Entry) -> str:
            texts = [*(entry.msgid if entry.plural else (entry.msgid,))]
            value = entry.value
            texts += list(value) if isinstance(value, tuple) else [value]
            return fold("\n".join(texts))
        chosen = [entry for entry in chosen if needle in haystack(entry)]
    return chosen


Counts = tuple[int, int]


def progress(found: list[Entry], name=location_name) -> tuple[Counts, OrderedDict[str, Counts]]:
    """(translated, total) overall and per place (`name` turns a .po location into a page or template)."""
    per: dict[str, list[int]] = {}
    for entry in found:
        for location in sorted({name(path) for path in entry.locations}) or ["—"]:
            counts = per.setdefault(location, [0, 0])
            counts[0] += entry.translated
            counts[1] += 1
    overall = (sum(entry.translated for entry in found), len(found))
    return overall, OrderedDict(sorted((name, (done, total)) for name, (done, total) in per.items()))


def find(found: list[Entry], key: str) -> Entry | None:
    return next((entry for entry in found if entry.key == key), None)


@dataclass(frozen=True)
class PluralLabel:
    index: int
    category: str  # CLDR name: zero, one, two, few, many, other
    example: int


def plural_labels(catalog: Catalog) -> list[PluralLabel]:
    """Label each slot of the catalog's own plural rule with the CLDR category of its first number."""
    slot_of = gnu_gettext.c2py(catalog.plural_expr)
    locale = Locale.parse(str(catalog.locale))
    labels: dict[int, PluralLabel] = {}
    for number in range(0, 1000):
        slot = slot_of(number)
        if slot not in labels:
            labels[slot] = PluralLabel(slot, locale.plural_form(number), number)
        if len(labels) == catalog.num_plurals:
            break
    return [labels[slot] for slot in sorted(labels)]


def source_of(entry: Entry) -> str:
    """The English source text an edit is made against (both msgids of a plural)."""
    return source_text(entry.msgid)
