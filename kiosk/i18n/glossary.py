"""The approved Arabic for recurring terms (translations/glossary.csv) and the rule that flags a missing one.

An entry is flagged when its English contains a glossary term (whole words, any case) while its Arabic lacks
the approved term. Arabic is compared without diacritics and tatweel, and each word of the term may carry a
leading ال or not (Arabic adjectives follow their noun's definiteness: الخلايا الجذعية / خلايا جذعية); the
first word may also carry a one-letter proclitic (و ب ل ف ك), with ل + ال written لل as Arabic spells it.
Where Arabic needs both numbers of a word (بصيلة / بصيلات), the `ar` cell lists them separated by " | ".
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import paths
from .text import lazy_gettext as _l

FILENAME = "glossary.csv"
PROCLITICS = "وبلفك"
ARTICLE = "ال"
TATWEEL = "\u0640"
WORD = re.compile(r"\w+")
MESSAGE = _l("A glossary term is used without its approved Arabic: %(terms)s.")


@dataclass(frozen=True)
class Term:
    """One glossary row: the English term, its approved Arabic (one or more forms) and a note."""

    en: str
    ar: str
    note: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(form.strip() for form in self.ar.split("|") if form.strip())

    @property
    def pattern(self) -> re.Pattern:
        words = r"\s+".join(re.escape(word) for word in self.en.split())
        return re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)


def normalize(text: str) -> str:
    """Arabic as the rule compares it: NFC, without diacritics (combining marks) and tatweel."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn" and ch != TATWEEL)
    return unicodedata.normalize("NFC", bare)


def _spellings(word: str, first: bool) -> set[str]:
    """Every written form a word of an approved term may take in running text."""
    bases = {word, ARTICLE + word}
    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 1:
        bases.add(word[len(ARTICLE):])
    if not first:
        return bases
    found = set(bases)
    for base in bases:
        found.update(proclitic + base for proclitic in PROCLITICS)
        if base.startswith(ARTICLE):
            found.add("ل" + base[1:])  # ل + الشاشة is written للشاشة
    return found


def _contains(words: list[str], form: str) -> bool:
    wanted = [_spellings(word, index == 0) for index, word in enumerate(WORD.findall(normalize(form)))]
    if not wanted:
        return True
    return any(all(words[start + offset] in spelled for offset, spelled in enumerate(wanted))
               for start in range(len(words) - len(wanted) + 1))


def has_term(arabic: str, term: Term) -> bool:
    """Whether Arabic text carries one of the term's approved forms."""
    words = WORD.findall(normalize(arabic))
    return any(_contains(words, form) for form in term.forms)


def relevant(english: str, terms: tuple[Term, ...]) -> list[Term]:
    """The glossary terms an English text uses."""
    return [term for term in terms if term.pattern.search(english)]


def missing(english: str, arabic: str, terms: tuple[Term, ...]) -> list[Term]:
    """The terms the English uses whose approved Arabic the translation lacks."""
    return [term for term in relevant(english, terms) if not has_term(arabic, term)]


def load(directory: Path | None = None) -> tuple[Term, ...]:
    """The glossary of a translations folder (none when it has no glossary.csv)."""
    path = Path(directory or paths.TRANSLATIONS) / FILENAME
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return ()
    return _read(path, stamp)


@cache
def _read(path: Path, _stamp: int) -> tuple[Term, ...]:
    # Keyed by modification time: an edited glossary is read again, an unchanged one never.
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle)
        return tuple(Term(row["en"].strip(), row["ar"].strip(), (row.get("note") or "").strip())
                     for row in rows if (row.get("en") or "").strip() and (row.get("ar") or "").strip())


def for_entry(english: str | tuple, arabic: str | tuple,
              terms: tuple[Term, ...] | None = None) -> list[tuple[Term, bool]]:
    """The glossary terms of an entry (both English forms of a plural), each with whether every
    non-empty Arabic form carries it: what the editor shows beside the text being edited."""
    sources = english if isinstance(english, tuple) else (english,)
    forms = [form for form in (arabic if isinstance(arabic, tuple) else (arabic,)) if form.strip()]
    used = relevant("\n".join(sources), load() if terms is None else terms)
    return [(term, bool(forms) and all(has_term(form, term) for form in forms)) for term in used]
