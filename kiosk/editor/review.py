"""What the editor tells a staff member before saving, in their language: blocking errors and warnings."""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..i18n import checks, register
from ..i18n.text import lazy_gettext as _l

ERRORS = {
    "empty": _l("Write a translation; it cannot be empty."),
    "placeholders": _l("Keep the placeholders exactly as in the English text. Missing: %(missing)s. "
                       "Not in the English text: %(extra)s."),
    "tags": _l("Keep the HTML tags exactly as in the English text. Missing: %(missing)s. "
               "Not in the English text: %(extra)s."),
    "bidi": _l("Remove the invisible direction-control characters; they can hide or reorder text."),
    "control": _l("Remove the invisible control characters (such as a null character); they cannot be "
                  "saved."),
    "plurals": _l("Fill in every plural form: %(filled)d of %(total)d are filled."),
}
WARNINGS = {
    **checks.WARNING_MESSAGES,  # the glossary's and translate-toolkit's, declared with their checks
    "length": _l("Much longer than the English text (%(length)d characters against %(source)d). "
                 "It may not fit on the screen."),
    "spaces": _l("There are spaces at the start or end of the text."),
    "latin": _l("Latin letters are left in the Arabic text: %(words)s."),
    # NOTE: %(words)s are the Arabic words found. Patients are addressed with «يُرجى» and a verbal noun.
    "register": _l("This text is shown to patients and addresses a man only (%(words)s): use «يُرجى» and a "
                   "verbal noun, or the verbal noun alone."),
}
NONE = "—"


@dataclass(frozen=True)
class Finding:
    """One message for the editor: `form` is the plural slot it concerns, or None."""

    code: str
    blocking: bool
    message: str  # Markup: placeholders and tags inside are isolated left-to-right
    form: int | None = None


def _listed(items) -> Markup:
    # Each token isolated left-to-right: "%(name)s" inside Arabic text would otherwise show as "s(name)%".
    tokens = [Markup('<code dir="ltr">{}</code>').format(item) for item in sorted(items)]
    return Markup(" ").join(tokens) if tokens else escape(str(NONE))


def _format(message, **values) -> Markup:
    return escape(str(message)) % values  # escape() gives Markup, whose % escapes the values too


def _error(problem: checks.Problem, source: str, text: str, form: int | None) -> Finding:
    if problem.code == "placeholders":
        want, have = checks.placeholders(source), checks.placeholders(text)
        message = _format(ERRORS["placeholders"], missing=_listed((want - have).elements()),
                          extra=_listed((have - want).elements()))
    elif problem.code == "tags":
        want, have = checks.tags(source), checks.tags(text)
        message = _format(ERRORS["tags"], missing=_listed((want - have).elements()),
                          extra=_listed((have - want).elements()))
    else:
        message = escape(str(ERRORS.get(problem.code, problem.detail)))
    return Finding(problem.code, True, message, form)


def _warning(problem: checks.Problem, source: str, text: str, form: int | None) -> Finding:
    values = {"length": len(text), "source": len(source), "words": _listed(problem.detail.split()),
              **{name: Markup("<bdi>{}</bdi>").format(value) for name, value in problem.values.items()}}
    return Finding(problem.code, False, _format(WARNINGS[problem.code], **values), form)


def _register(text: str, locale: str, patient: bool, form: int | None) -> list[Finding]:
    """The masculine imperatives of a patient text (kiosk/i18n/register.py), as a warning."""
    words = register.masculine_imperatives(text) if locale == "ar" and patient else []
    problem = checks.Problem("register", " ".join(words), {"words": "، ".join(words)})
    return [_warning(problem, "", text, form)] if words else []


def review(msgid, value, locale: str, nplurals: int, locations=()) -> list[Finding]:
    """Every finding for a value about to be saved (a string, or a tuple of plural forms); `locations`
    (the entry's source files) say whether patients read it."""
    key = msgid[0] if isinstance(msgid, tuple) else msgid
    patient = register.is_patient_string(locations) and key not in register.ALLOWED
    if not isinstance(msgid, tuple):
        errors = checks.translation_errors(msgid, value)
        warnings = checks.translation_warnings(msgid, value, locale)
        return ([_error(p, msgid, value, None) for p in errors]
                + [_warning(p, msgid, value, None) for p in warnings]
                + _register(value, locale, patient, None))
    findings = []
    filled = sum(1 for form in value if form.strip())
    if len(value) != nplurals or filled != nplurals:
        findings.append(Finding("plurals", True, _format(ERRORS["plurals"], filled=filled, total=nplurals)))
    for index, text in enumerate(value):
        if not text.strip():
            continue
        source = checks.source_of_form(msgid, index, nplurals)
        findings += [_error(p, source, text, index)
                     for p in checks.translation_errors(source, text, plural_form=True)]
        findings += [_warning(p, source, text, index)
                     for p in checks.translation_warnings(source, text, locale)]
        findings += _register(text, locale, patient, index)
    return findings
