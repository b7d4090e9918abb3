"""The developers' gettext workflow over translations/: extract, update, compile, check."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .. import paths
from . import glossary, register
from .catalogs import DOMAIN, locales, message_key, po_path, read_catalog
from .checks import source_of_form, translation_errors, value_warnings

KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None,
            "lazy_pgettext": ((1, "c"), 2)}
# A `# NOTE: …` (Python) or `{# NOTE: … #}` (Jinja) just before a marked string becomes its `#.` comment:
# what the English alone does not say (where it shows, what a word means there). The editor shows it.
COMMENT_TAGS = ("NOTE:", "Translators:")
SOURCE_FOLDERS = (paths.ROOT / "kiosk", paths.TEMPLATES)
# A fixed header date keeps the POT byte-for-byte stable, so its diffs show only real changes.
POT_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def pot_path(directory: Path) -> Path:
    return Path(directory) / f"{DOMAIN}.pot"


def extract_from_code() -> Catalog:
    """Every string the code and templates mark for translation, located by file (no line numbers)."""
    with open(paths.BABEL_CFG, encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    catalog = Catalog(project="clinic-kiosk", version="1", copyright_holder="the clinic kiosk developers",
                      creation_date=POT_DATE, revision_date=POT_DATE, charset="utf-8")
    for folder in SOURCE_FOLDERS:
        found = extract_from_dir(folder, method_map, options_map, keywords=KEYWORDS,
                                 comment_tags=COMMENT_TAGS, strip_comment_tags=True)
        for filename, _lineno, message, comments, context in found:
            location = (Path(folder, filename).relative_to(paths.ROOT).as_posix(), None)
            catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


# Babel reads a "#| msgid" line back as a translator comment "| msgid": never write those as comments.
# A long one wrapped onto more lines comes back as "| words" fragments with no quote first: those too.
PREVIOUS_AS_COMMENT = re.compile(r"^\|")


def write_catalog(path: Path, catalog: Catalog) -> None:
    for message in catalog:
        message.user_comments = [c for c in message.user_comments if not PREVIOUS_AS_COMMENT.match(c)]
        if not message.fuzzy:
            message.previous_id = []  # reviewed: the link to the old source is no longer needed
    with open(path, "wb") as handle:
        # The previous msgid (#|) of an entry whose source changed links it to the staff edit of the old one.
        write_po(handle, catalog, width=100, include_lineno=False, sort_by_file=True, ignore_obsolete=True,
                 include_previous=True)


def extract(directory: Path = paths.TRANSLATIONS) -> Path:
    target = pot_path(directory)
    write_catalog(target, extract_from_code())
    return target


def update(directory: Path = paths.TRANSLATIONS) -> list[Path]:
    """Bring new source strings from the POT into every language's catalog."""
    with open(pot_path(directory), "rb") as handle:
        template = read_po(handle)
    written = []
    for locale in locales(directory):
        path = po_path(directory, locale)
        catalog = read_catalog(path, locale)
        # Babel keeps an entry's old msgid only in the update that finds it changed; keep it until reviewed.
        previous = {message.id: message.previous_id for message in catalog if message.previous_id}
        catalog.update(template, update_header_comment=False)
        for message in catalog:
            if message.fuzzy and not message.previous_id and message.id in previous:
                message.previous_id = previous[message.id]
        catalog.revision_date = POT_DATE
        write_catalog(path, catalog)
        written.append(path)
    return written


def compile_all(directory: Path = paths.TRANSLATIONS) -> list[Path]:
    written = []
    for locale in locales(directory):
        source = po_path(directory, locale)
        target = source.with_suffix(".mo")
        with open(target, "wb") as handle:
            write_mo(handle, read_catalog(source, locale), use_fuzzy=False)
        written.append(target)
    return written


def check(directory: Path = paths.TRANSLATIONS, overlays: dict | None = None,
          notes: list[str] | None = None) -> list[str]:
    """Every problem in the catalogs of `directory`, one line each; empty when all is well.

    Errors and warnings (glossary, translate-toolkit, length, spaces, Latin letters) of the shipped .po
    files are problems. `overlays` maps locale -> {message key: msgstr or tuple of plural forms} and is
    applied over the .po files first, so staff edits in the database are checked as the kiosk will show
    them: their errors are problems, but their warnings were overridden on purpose in the editor, so
    they go to `notes` instead (when given) and do not fail the check.
    """
    directory = Path(directory)
    problems: list[str] = []
    pot = pot_path(directory)
    if not pot.exists():
        return [f"{pot}: missing (run kiosk i18n extract)"]
    with open(pot, "rb") as handle:
        template = read_po(handle)
    in_code = {message.id for message in extract_from_code() if message.id}
    in_pot = {message.id for message in template if message.id}
    for msgid in sorted(in_code - in_pot, key=str):
        problems.append(f"{pot}: missing string used by the code (run kiosk i18n extract): {_short(msgid)}")
    for locale in locales(directory):
        problems += _check_locale(directory, locale, in_pot, (overlays or {}).get(locale, {}),
                                  notes if notes is not None else [])
    return problems


def _check_locale(directory: Path, locale: str, in_pot: set, overlay: dict, notes: list[str]) -> list[str]:
    source = po_path(directory, locale)
    compiled = source.with_suffix(".mo")
    problems = []
    if not compiled.exists():
        problems.append(f"{compiled}: missing (run kiosk i18n compile)")
    elif compiled.stat().st_mtime < source.stat().st_mtime:
        problems.append(f"{compiled}: older than {source.name} (run kiosk i18n compile)")
    catalog = read_catalog(source, locale)
    present = {message.id for message in catalog if message.id}
    for msgid in sorted(in_pot - present, key=str):
        problems.append(f"{source}: not updated from the POT (run kiosk i18n update): {_short(msgid)}")
    terms = glossary.load(directory)
    for message in catalog:
        if not message.id:
            continue
        key = message_key(message.id, message.context)
        strings = overlay.get(key, message.string)
        where = f"{source}: {_short(message.id)}"
        if message.fuzzy and key not in overlay:
            problems.append(f"{where}: fuzzy (needs review)")
        errors = _message_problems(message, strings, catalog)
        problems += [f"{where}: {problem}" for problem in errors]
        if errors or message.fuzzy and key not in overlay:
            continue
        warnings = [f"{where}: warning: {p.code}: {p.detail}"
                    for p in value_warnings(message.id, _value(strings), locale, catalog.num_plurals, terms)]
        if locale == "ar":
            warnings += [f"{where}: warning: register: {line}"
                         for line in register.problems(message.id, strings, message.locations)]
        (notes if key in overlay else problems).extend(
            line.replace(": warning:", ": warning (a staff edit saved past it):") if key in overlay else line
            for line in warnings)
    return problems


def _value(strings):
    return tuple(strings) if isinstance(strings, list | tuple) else strings


def _message_problems(message, strings, catalog) -> list[str]:
    if isinstance(message.id, tuple):
        forms = tuple(strings) if isinstance(strings, list | tuple) else (strings,)
        if len(forms) != catalog.num_plurals or not all(form.strip() for form in forms):
            filled = sum(1 for form in forms if form.strip())
            return [f"plural forms incomplete ({filled} of {catalog.num_plurals})"]
        return [f"form {index}: {p.code}: {p.detail}" for index, form in enumerate(forms)
                for p in translation_errors(source_of_form(message.id, index, catalog.num_plurals), form,
                                            plural_form=True)]
    if not strings:
        return ["untranslated"]
    return [f"{p.code}: {p.detail}" for p in translation_errors(message.id, strings)]


def _short(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return repr(text if len(text) <= 60 else text[:57] + "...")


def absorb(directory: Path, overlays: dict) -> tuple[int, list[str]]:
    """Write staff values (locale -> {message key: value}) into the .po files, then compile.

    Returns how many entries were written and the keys that no shipped entry has any more."""
    written, orphans = 0, []
    for locale, values in overlays.items():
        path = po_path(directory, locale)
        if not path.exists() or not values:
            orphans += list(values)
            continue
        catalog = read_catalog(path, locale)
        keys = set()
        for message in catalog:
            key = message_key(message.id, message.context) if message.id else None
            if key in values:
                value = values[key]
                message.string = tuple(value) if isinstance(message.id, tuple) else value
                message.flags.discard("fuzzy")
                message.previous_id = []
                keys.add(key)
        orphans += [key for key in values if key not in keys]
        written += len(keys)
        write_catalog(path, catalog)
    compile_all(directory)
    return written, orphans
