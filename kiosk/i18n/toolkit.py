"""translate-toolkit's pofilter checks (the Pootle/Weblate lineage) behind our translation warnings.

Our own rules for placeholders, markup, bidi controls and plural completeness stay blocking errors
(checks.py). Of the toolkit's checks, the ones in WARN are warnings; the ones in OFF are not run on our
catalog, each for the reason given. A toolkit release that adds or drops a check fails
tests/test_translations_toolkit.py, so the choice is made again, not silently.
"""
from __future__ import annotations

from translate.filters import checks as toolkit
from translate.misc.multistring import multistring
from translate.storage import po

from .text import lazy_gettext as _l

WARN = {
    "endpunc": _l("The punctuation at the end differs from the English. In Arabic a question ends with ؟ "
                  "(not ?), and a sentence with a full stop."),
    "doublespacing": _l("There are two spaces in a row, or the double spaces of the English are missing."),
    "sentencecount": _l("The number of sentences differs from the English: check that nothing is left "
                        "out or added."),
    "numbers": _l("The numbers differ from the English."),
    "urls": _l("A web address differs from the English."),
    "emails": _l("An email address differs from the English."),
    "acronyms": _l("An abbreviation of the English (such as DNA or CSV) is missing."),
    "unchanged": _l("The text is the same as the English: it is not translated yet."),
    "doublewords": _l("A word is written twice in a row."),
    "purepunc": _l("The English is only punctuation: keep the same punctuation."),
    "singlequoting": _l("The single quotation marks differ from the English."),
    "newlines": _l("The line breaks differ from the English."),
    "tabs": _l("The tab characters differ from the English."),
}
OFF = {
    # Ours, as blocking errors that understand Arabic plural forms (which may spell "one" and "two" out).
    "printf": "our placeholder error", "pythonbraceformat": "our placeholder error",
    "variables": "our placeholder error", "xmltags": "our markup error", "untranslated": "our empty error",
    "blank": "our empty error",
    # Ours, as warnings with a threshold that fits a kiosk screen.
    "long": "our length warning", "short": "our length warning",
    "startwhitespace": "our spaces warning", "endwhitespace": "our spaces warning",
    # Wrong for Arabic or for how our catalog is written.
    "brackets": "counts the brackets inside %(name)s placeholders, and Arabic adds bracketed glosses: (DNA)",
    "puncspacing": "Arabic writes its own comma ، and moves bracketed glosses, so spacing differs by design",
    "doublequoting": "Arabic quotes with « » where English uses “ ”",
    "startpunc": "Arabic word order moves a leading placeholder such as %(name)s",
    "startcaps": "Arabic has no capital letters", "simplecaps": "Arabic has no capital letters",
    "simpleplurals": "English (s) plurals; we use ngettext", "spellcheck": "no Arabic dictionary installed",
    # Irrelevant to a web catalog: no accelerators, KDE comments, credits, options, functions or file paths.
    "accelerators": "no keyboard accelerators", "kdecomments": "no KDE comments",
    "credits": "no translator credits", "options": "no command-line options", "functions": "no code calls",
    "filepaths": "no file paths", "escapes": "no escape sequences in the sources",
    "validchars": "no character whitelist", "musttranslatewords": "our glossary does this",
    "notranslatewords": "our glossary does this", "compendiumconflicts": "no compendium",
}


def checker(locale: str) -> toolkit.StandardChecker:
    # A new checker per use (about 40 µs): run_filters keeps per-unit state on the checker, so one shared
    # by the server's threads could mix up two staff members' saves.
    return toolkit.StandardChecker(toolkit.CheckerConfig(targetlanguage=locale), limitfilters=list(WARN))


def unit(source: str | tuple, target: str | tuple) -> po.pounit:
    """A PO unit as pofilter sees it; a plural keeps both English forms and every Arabic form."""
    made = po.pounit(multistring(list(source)) if isinstance(source, tuple) else source)
    made.target = multistring(list(target)) if isinstance(target, tuple) else target
    return made


def failures(source: str | tuple, target: str | tuple, locale: str) -> list[str]:
    """The names of the warned toolkit checks a translation fails, in WARN's order."""
    if not target or (isinstance(target, tuple) and not any(target)):
        return []
    failed = checker(locale).run_filters(unit(source, target))
    return [name for name in WARN if name in failed]
