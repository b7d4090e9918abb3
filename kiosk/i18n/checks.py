"""Checks of one translation against its source: shared by `kiosk i18n check` and the staff editor."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import glossary, toolkit
from .markup import signature

# %(name)s, %s, %d and {name} / {0} / {} placeholders; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
# A "<" a browser may read as the start of markup: a tag, an end tag, a comment or a declaration.
MARKUP_OPENER = re.compile(r"<[A-Za-z/!?]")
# Embeddings, overrides, isolates and marks that would reorder or hide text.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab and line breaks: never text, and PostgreSQL's text refuses NUL outright.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Problem:
    """One finding; `code` lets the staff editor show it in the staff member's language."""

    code: str  # errors: empty, placeholders, tags, bidi, control, plurals; warnings: length, spaces, latin,
    # glossary, and the names of translate-toolkit's warned checks (toolkit.WARN)
    detail: str
    values: dict = field(default_factory=dict, compare=False)  # for the staff message, e.g. terms


# Staff messages of the warnings that the glossary and the toolkit raise (review.py has the others).
WARNING_MESSAGES = {"glossary": glossary.MESSAGE, **toolkit.WARN}


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def tags(text: str) -> Counter:
    """Every tag with its attributes, as a browser's parser reads it (`<img/src=x>` is an img with a src),
    plus each other `<` that opens markup (a comment, an unclosed tag) as a bare "<"."""
    found = signature(text)
    listed = [f"</{name}>" if kind == "end" else
              f"<{name}" + "".join(f' {key}="{value}"' for key, value in attrs) + ">"
              for kind, name, attrs in found or ()]
    opened = len(MARKUP_OPENER.findall(text))
    return Counter(listed + ["<"] * max(opened - len(listed), 0 if found is not None else 1))


def _difference(source: Counter, translation: Counter) -> str:
    missing = sorted((source - translation).elements())
    extra = sorted((translation - source).elements())
    parts = [f"missing {' '.join(missing)}" if missing else "",
             f"unexpected {' '.join(extra)}" if extra else ""]
    return "; ".join(part for part in parts if part)


def _placeholders_fit(source: Counter, translation: Counter, plural_form: bool) -> bool:
    """Exact match, except that a plural form may spell its number out and drop a named placeholder
    (Arabic's forms for one and two usually do); positional ones would break %-formatting."""
    if not plural_form:
        return source == translation
    return set(translation) <= set(source) and all(
        translation[key] == count for key, count in source.items() if not key.startswith(("%(", "{")))


def translation_errors(source: str, translation: str, plural_form: bool = False) -> list[Problem]:
    """Errors that must block a translation: they would break the page or mislead the reader."""
    problems = []
    if not translation.strip():
        problems.append(Problem("empty", "translation is empty"))
        return problems
    if not _placeholders_fit(placeholders(source), placeholders(translation), plural_form):
        problems.append(Problem("placeholders", _difference(placeholders(source), placeholders(translation))))
    if tags(source) != tags(translation):
        problems.append(Problem("tags", _difference(tags(source), tags(translation))))
    if BIDI_CONTROLS.search(translation):
        problems.append(Problem("bidi", "contains invisible direction-control characters"))
    if CONTROLS.search(translation):
        problems.append(Problem("control", "contains control characters (such as NUL)"))
    return problems


# Latin letters left in Arabic text, outside placeholders and tags (often a forgotten English word).
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
BRACKETED = re.compile(r"\(([^()]*)\)")
SCRIPT_LOCALES = ("ar", "fa", "he", "ur")
SOURCE_LOCALE = "en"  # the msgids' language: an English "translation" equal to its source is right


def source_of_form(msgid: tuple, index: int, nplurals: int) -> str:
    """The English source a plural form translates: the one rule the checks, the tooling and the editor use.

    Form 1 is Arabic's "one": the singular source fits it best; every other form follows the plural."""
    return msgid[0] if index == 1 or nplurals == 1 else msgid[1]


def _forms(msgid, value, nplurals: int) -> list[tuple[str, str, bool]]:
    """(source, translation, is_plural_form) for every form of a value."""
    if isinstance(msgid, tuple):
        forms = value if isinstance(value, list | tuple) else (value,)
        return [(source_of_form(msgid, index, nplurals), form, True) for index, form in enumerate(forms)]
    return [(msgid, value if isinstance(value, str) else "", False)]


def value_errors(msgid, value, nplurals: int) -> list[Problem]:
    """Errors that block saving a whole entry (every plural form), tagged with the form index."""
    problems: list[Problem] = []
    if isinstance(msgid, tuple):
        forms = value if isinstance(value, list | tuple) else (value,)
        filled = sum(1 for form in forms if form.strip())
        if len(forms) != nplurals or filled != nplurals:
            problems.append(Problem("plurals", f"plural forms incomplete ({filled} of {nplurals})"))
    for index, (source, form, plural) in enumerate(_forms(msgid, value, nplurals)):
        if plural and not form.strip():
            continue  # already reported as incomplete
        for problem in translation_errors(source, form, plural_form=plural):
            detail = f"form {index}: {problem.detail}" if plural else problem.detail
            problems.append(Problem(problem.code, detail))
    return problems


def translation_warnings(source: str, translation: str, locale: str,
                         terms: tuple[glossary.Term, ...] | None = None) -> list[Problem]:
    """Findings a staff member may override: they are often mistakes, sometimes intended.

    `terms` is the glossary to hold Arabic to (default: the shipped translations/glossary.csv)."""
    problems = []
    if translation and len(translation) > 2 * len(source) + 20:
        problems.append(Problem("length", f"{len(translation)} characters for a source of {len(source)}"))
    if translation != translation.strip() and source == source.strip():
        problems.append(Problem("spaces", "spaces at the start or end"))
    if locale in SCRIPT_LOCALES:
        bare = TAG.sub(" ", PLACEHOLDER.sub(" ", translation))
        # An abbreviation of the English (DNA, microRNA, CSV) is kept on purpose; a word is left over.
        kept = {word for word in LATIN_WORD.findall(source) if sum(ch.isupper() for ch in word) >= 2}
        # So is a source word given in brackets after its Arabic: الإبر الدقيقة (Microneedling).
        kept |= {word for inside in BRACKETED.findall(bare) for word in LATIN_WORD.findall(inside)
                 if word.casefold() in source.casefold()}
        latin = sorted({word for word in LATIN_WORD.findall(bare)
                        if not any(word in other for other in kept)})
        if latin:
            problems.append(Problem("latin", " ".join(latin[:5])))
    if locale == "ar" and translation.strip():
        lacking = glossary.missing(source, translation, glossary.load() if terms is None else terms)
        if lacking:
            listed = "; ".join(f"{term.en} → {term.ar}" for term in lacking)
            # For the editor, the Arabic first: its isolate then reads right to left in either language.
            shown = "؛ ".join(f"«{term.ar}» ({term.en})" for term in lacking)
            problems.append(Problem("glossary", listed, {"terms": shown}))
    if translation.strip() and locale != SOURCE_LOCALE:
        problems += [Problem(name, f"translate-toolkit {name}")
                     for name in toolkit.failures(source, translation, locale)]
    return problems


def value_warnings(msgid, value, locale: str, nplurals: int,
                   terms: tuple[glossary.Term, ...] | None = None) -> list[Problem]:
    """Warnings for every form of an entry."""
    problems = []
    for index, (source, form, plural) in enumerate(_forms(msgid, value, nplurals)):
        for problem in translation_warnings(source, form, locale, terms):
            detail = f"form {index}: {problem.detail}" if plural else problem.detail
            problems.append(Problem(problem.code, detail, problem.values))
    return problems
