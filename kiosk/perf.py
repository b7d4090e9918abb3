"""Per-request savings that the profile of a cached page pointed at (see bench/README.md)."""
from __future__ import annotations

import functools

from flask import Flask, Request, request
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


def _safe_methods_first(app: Flask) -> None:
    """Let Flask-WTF's CSRF hook return at once for GET/HEAD, before it looks up exemptions.

    Flask-WTF 1.3 checks exempt views and blueprints first and the method last; the outcome for a safe
    method is the same (nothing to check), only later.
    """
    hooks = app.before_request_funcs.get(None, [])
    for index, hook in enumerate(hooks):
        if hook.__module__ == "flask_wtf.csrf" and hook.__name__ == "csrf_protect":
            @functools.wraps(hook)
            def csrf_protect(hook=hook):
                if request.method in app.config["WTF_CSRF_METHODS"]:
                    return hook()
                return None

            hooks[index] = csrf_protect


def init_app(app: Flask) -> None:
    # Only replace Flask's own default: a custom (e.g. server-side) session interface is left alone.
    if type(app.session_interface) is SecureCookieSessionInterface:
        app.session_interface = LazyCookieSessionInterface()
    _safe_methods_first(app)
