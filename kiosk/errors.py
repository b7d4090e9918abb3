"""Error pages: the 404 is bilingual (a mistyped URL may name no language); form failures speak the page's."""
from flask import Flask, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from . import pagecache
from .crossorigin import CrossOriginRequest
from .i18n import in_each_language
from .i18n.text import lazy_gettext as _l

NOT_FOUND = {
    "title": _l("Page not found"),
    "body": _l("This page does not exist. Tap the button to go back to the start."),
    "home": _l("Back to the start"),
}


def _fresh_form_url() -> str:
    """The same URL, read again: a form page (consult, staff) that answers GET gives a fresh form."""
    rule = request.url_rule
    return request.path if rule is not None and "GET" in (rule.methods or ()) else "/"


def _form_failure(title: str, body: str, status: int):
    """A calm page in the request's language (the URL's, or the staff member's) offering a fresh form."""
    response = render_template("errors/form_failure.html", title=title, body=body, again=_fresh_form_url())
    return response, status, {"Cache-Control": "no-store"}


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    @app.errorhandler(405)
    def not_found(error: HTTPException):
        # The same bilingual page for every unknown URL: rendered once per catalog version and status.
        return pagecache.serve(f"<error {error.code}>", lambda: (
            render_template("errors/not_found.html", versions=in_each_language(NOT_FOUND)), error.code))

    @app.errorhandler(CrossOriginRequest)
    def cross_origin(error: CrossOriginRequest):
        # Fetch Metadata said the request came from another site (kiosk.crossorigin): nothing was done.
        return _form_failure(
            gettext("Please start this form again"),
            gettext("For your safety, this form could not be sent: it did not come from this kiosk's own "
                    "pages. Nothing was sent. Please tap the button and fill it in again."),
            403)

    @app.errorhandler(CSRFError)
    def staff_token_failed(error: CSRFError):
        # Staff forms only (their second line): the token belongs to a session that has ended since.
        return _form_failure(
            gettext("Please open this page again"),
            gettext("This form belongs to a session that has ended (you signed out, or signed in again "
                    "elsewhere). Nothing was saved. Please open the page again and repeat your change."),
            400)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge):
        return _form_failure(
            gettext("That was too much text"),
            gettext("What you sent is longer than this form accepts, so nothing was sent. Please tap the "
                    "button and fill in the form again with a shorter message."),
            413)
