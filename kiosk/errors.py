"""Error pages: bilingual, since a mistyped URL may name no language at all."""
from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from . import pagecache
from .i18n import in_each_language

NOT_FOUND = {
    "title": _l("Page not found"),
    "body": _l("This page does not exist. Tap the button to go back to the start."),
    "home": _l("Back to the start"),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    @app.errorhandler(405)
    def not_found(error: HTTPException):
        # The same bilingual page for every unknown URL: rendered once per catalog version and status.
        return pagecache.serve(f"<error {error.code}>", lambda: (
            render_template("errors/not_found.html", versions=in_each_language(NOT_FOUND)), error.code))
