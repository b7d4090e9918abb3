"""Translations are text: templates' gettext and lazy strings are escaped like any other value.

Flask-Babel's Jinja gettext wraps the translation in Markup and its LazyString.__html__ hands back the raw
string, so a staff edit (or a shipped catalog) could add elements and attributes to a page. Here both give
text that autoescaping escapes. A source string that needs inline markup is declared in MARKUP_MESSAGES;
its translation keeps markup only when it carries exactly the source's tags and attributes."""
from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations
from flask_babel import gettext as _gettext
from flask_babel import pgettext as _pgettext
from flask_babel.speaklater import LazyString
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from .markup import rebuilt

# msgids whose translations may carry inline markup (checked tag for tag, attribute for attribute).
MARKUP_MESSAGES: frozenset[str] = frozenset()


def as_html(msgid: str, translated: str, declared: frozenset[str] | None = None) -> Markup:
    """A translation ready for an HTML page: escaped, unless its source is declared markup and it matches."""
    if msgid in (MARKUP_MESSAGES if declared is None else declared):
        kept = rebuilt(msgid, translated)
        if kept is not None:
            return kept
    return escape(translated)


class LazyText(LazyString):
    """A lazy translation that autoescaping escapes (Flask-Babel's LazyString.__html__ does not)."""

    def __init__(self, func, msgid: str, *args: Any, **kwargs: Any):
        super().__init__(func, msgid, *args, **kwargs)
        self.msgid = msgid

    def __html__(self) -> str:
        return as_html(self.msgid, str(self))


def lazy_gettext(string: str, **variables: Any) -> LazyText:
    return LazyText(_gettext, string, **variables)


def lazy_pgettext(context: str, string: str, **variables: Any) -> LazyText:
    return LazyText(lambda s, **v: _pgettext(context, s, **v), string, **variables)


def _format(context: Context, msgid: str, translated: str, variables: dict) -> str:
    # As Jinja's newstyle gettext: always a format string (so "%%" is a percent sign), values escaped.
    if not context.eval_ctx.autoescape:
        return translated % variables
    return as_html(msgid, translated) % variables


# Jinja passes a template's values as keywords: the positional names never clash with them (as Jinja's).
@pass_context
def _template_gettext(__context: Context, __string: str, **variables: Any) -> str:
    return _format(__context, __string, get_translations().ugettext(__string), variables)


@pass_context
def _template_ngettext(__context: Context, __singular: str, __plural: str, __num: int,
                       **variables: Any) -> str:
    variables.setdefault("num", __num)
    translated = get_translations().ungettext(__singular, __plural, __num)
    return _format(__context, __singular, translated, variables)


@pass_context
def _template_pgettext(__context: Context, __ctxt: str, __string: str, **variables: Any) -> str:
    variables.setdefault("context", __ctxt)
    return _format(__context, __string, get_translations().upgettext(__ctxt, __string), variables)


@pass_context
def _template_npgettext(__context: Context, __ctxt: str, __singular: str, __plural: str, __num: int,
                        **variables: Any) -> str:
    variables.setdefault("context", __ctxt)
    variables.setdefault("num", __num)
    translated = get_translations().unpgettext(__ctxt, __singular, __plural, __num)
    return _format(__context, __singular, translated, variables)


def init_app(app: Flask) -> None:
    """Replace the template gettext callables Flask-Babel installed (call after Babel(app))."""
    app.jinja_env.globals.update(gettext=_template_gettext, ngettext=_template_ngettext,
                                 pgettext=_template_pgettext, npgettext=_template_npgettext)
