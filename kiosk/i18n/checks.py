"""Checks of one translation against its source: shared by `kiosk i18n check` and the staff editor."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# %(name)s, %s, %d and {name} / {0} / {} placeholders; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"</?[a-zA-Z][\w-]*(?:\s[^<>]*)?/?>")
# Embeddings, overrides, isolates and marks that would reorder or hide text.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Problem:
    """One finding; `code` lets the staff editor show it in the staff member's language."""

    code: str  # "placeholders", "tags", "bidi", "empty"
    detail: str


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def tags(text: str) -> Counter:
    return Counter(re.sub(r"\s.*", "", tag.strip("<>/")) + ("/" if tag.startswith("</") else "")
                   for tag in TAG.findall(text))


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
    return problems
