"""Per-request savings that the profile of a cached page pointed at (see bench/README.md)."""
from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class LazyCookieSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, minus building a signing serializer for visitors without a cookie.

    Patients never get a session cookie, yet Flask built an itsdangerous serializer (and JSON-dumped a
    probe value) on every request: a quarter of the time of a cached page.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    # Only replace Flask's own default: a custom (e.g. server-side) session interface is left alone.
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = LazyCookieSessionInterface()
