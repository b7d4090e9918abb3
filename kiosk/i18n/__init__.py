"""Locale selection and the merged gettext catalogs behind Flask-Babel."""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale
from flask import Flask, current_app, g, request
from flask_babel import Babel, Domain, get_locale, support
from werkzeug.utils import cached_property

from .. import extensions
from ..config import LOCALES
from . import text
from .catalogs import CHECK_INTERVAL, Catalogs


@dataclass(frozen=True)
class PageLocale:
    """What a template needs to know about the page's language."""

    code: str
    language_tag: str
    text_direction: str
    other: str

    @classmethod
    def of(cls, code: str) -> PageLocale:
        locale = Locale.parse(code)
        other = next(candidate for candidate in LOCALES if candidate != code)
        return cls(code, str(locale).replace("_", "-"), locale.text_direction, other)


class _CatalogDomain(Domain):
    """Serves the process's merged catalogs instead of Flask-Babel's never-reloaded cache."""

    def get_translations(self):
        locale = get_locale()
        if locale is None or not current_app:
            return support.NullTranslations()
        return extensions.catalogs().translations(str(locale))


class _KioskBabel(Babel):
    @cached_property
    def domain_instance(self):
        return _CatalogDomain()


def select_locale() -> str:
    """The locale is the URL's first segment; pages without one use the staff choice or the default."""
    if request.view_args and request.view_args.get("lang") in LOCALES:
        return request.view_args["lang"]
    chosen = getattr(g, "ui_locale", None)
    return chosen if chosen in LOCALES else current_app.config["DEFAULT_LOCALE"]


def init_app(app: Flask, translations_dir) -> None:
    # db.init_app ran first: the catalogs read the staff overlay and its version from the same database.
    extensions.register(app, catalogs=Catalogs(
        translations_dir, database=extensions.database(app),
        interval=app.config.get("CATALOG_CHECK_SECONDS", CHECK_INTERVAL)))
    _KioskBabel(app, locale_selector=select_locale, default_locale=app.config["DEFAULT_LOCALE"])
    text.init_app(app)  # translations in templates are text, escaped like any value

    @app.context_processor
    def page_locale():
        return {"page_locale": PageLocale.of(str(get_locale()))}


def in_each_language(messages: dict) -> list[tuple[PageLocale, dict]]:
    """Render lazy strings once per language, for the bilingual pages (welcome, 404)."""
    from flask_babel import force_locale

    rendered = []
    for code in LOCALES:
        with force_locale(code):
            rendered.append((PageLocale.of(code), {key: str(text) for key, text in messages.items()}))
    return rendered
