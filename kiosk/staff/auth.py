"""The guard every staff blueprint installs: language, sign-in check, no-store; plus the helpers views use."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, session, url_for

from ..config import LOCALES
from ..extensions import csrf
from . import dates, navigation, roles
from .accounts import Staff, resume_session

SESSION_KEY = "staff_session"
LANG_COOKIE = "staff_lang"
# The only staff endpoints an anonymous visitor may open: the sign-in, and a passkey's sign-in.
PUBLIC_ENDPOINTS = {"staff.login", "staff.passkey_login_options", "staff.passkey_login"}
# Between the password and the second factor a session opens only these: the code step (for a user with
# a factor) or the set-up (for one without); and signing out.
CODE_ENDPOINTS = frozenset({"staff.login_code", "staff.logout"})
SETUP_ENDPOINTS = frozenset({"staff.mfa_setup", "staff.passkey_register_options", "staff.passkey_register",
                             "staff.recovery_codes", "staff.logout"})
# Requests a page makes by itself (the live inbox's poll, the screens page's refresh): they need a session
# but do not keep it alive.
PASSIVE_ENDPOINTS = {"staff.live", "staff.screens_table"}


def signed_in() -> Staff | None:
    """The staff member behind this browser's session, whether or not it has passed the second factor."""
    if "staff" not in g:
        token = session.get(SESSION_KEY)
        passive = request.endpoint in PASSIVE_ENDPOINTS
        g.staff = resume_session(token, touch=not passive) if isinstance(token, str) else None
    return g.staff


def current_staff() -> Staff | None:
    """The signed-in staff member (with .username and .id), or None: a session that has not passed the
    second factor is not signed in."""
    staff = signed_in()
    return staff if staff is not None and staff.second_factor else None


def mfa_required() -> bool:
    """KIOSK_MFA=required (the default): every staff member needs a second factor."""
    return current_app.config.get("MFA", "required") == "required"


def _second_factor_gate(staff: Staff) -> Response | None:
    """Where a session that still owes a second factor (or its set-up) must go instead of this page."""
    if not staff.second_factor:
        allowed, target = ((CODE_ENDPOINTS, "staff.login_code") if staff.has_factor
                           else (SETUP_ENDPOINTS, "staff.mfa_setup"))
    elif mfa_required() and not staff.has_factor:
        allowed, target = SETUP_ENDPOINTS, "staff.mfa_setup"
    else:
        return None
    if request.endpoint in allowed:
        return None
    return redirect(url_for(target), code=302 if request.method == "GET" else 303)


def safe_next(target: str | None, default: str = "/staff/") -> str:
    """Only a path inside this site's staff area; anything else (hosts, schemes, //x, \\x) is the default."""
    if not target or any(ch in target for ch in "\\\r\n\t") or not target.startswith("/staff"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    return target


def _choose_language() -> None:
    """The staff member's language: ?ui=xx (the switch), else their cookie, else the kiosk default."""
    asked = request.args.get("ui")
    if asked in LOCALES:
        g.ui_locale, g.set_ui_cookie = asked, True
    else:
        cookie = request.cookies.get(LANG_COOKIE)
        g.ui_locale = cookie if cookie in LOCALES else current_app.config["DEFAULT_LOCALE"]


def _guard() -> Response | tuple[str, int] | None:
    _choose_language()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    staff = signed_in()
    if staff is None:
        if request.method == "GET":
            return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
        return redirect(url_for("staff.login"), code=303)
    gate = _second_factor_gate(staff)
    if gate is not None:
        return gate
    if not roles.may_open(staff.role, request.endpoint):
        return staff_page("staff/forbidden.html"), 403
    return None


def can_open(endpoint: str) -> bool:
    """For templates: whether the signed-in staff member's role may open a page (links they can follow)."""
    staff = current_staff()
    return staff is not None and roles.may_open(staff.role, endpoint)


def home_for(staff: Staff) -> str:
    """Where a sign-in lands when it asked for no page: the first area the role may open."""
    return "/staff/translations/" if staff.role == roles.TRANSLATOR else "/staff/"


def _finish(response: Response) -> Response:
    # Staff pages hold patients' data: never kept by the browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.vary.add("Cookie")
    response.vary.add("Sec-Fetch-Site")  # kiosk.staff.navigation answers by it
    if g.get("set_ui_cookie"):
        response.set_cookie(LANG_COOKIE, g.ui_locale, max_age=365 * 24 * 3600, path="/staff", httponly=True,
                            samesite="Strict", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def _check_token() -> None:
    # CSRFProtect.protect() itself ignores WTF_CSRF_ENABLED (its own hook is what honours it).
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()


def protect(blueprint: Blueprint, allow: tuple[str, ...] = (roles.RECEPTION,)) -> Blueprint:
    """Install the staff guard on a blueprint: every one of its routes then needs a signed-in staff member
    whose role is in `allow` (admin always is), unless a view names its own roles with roles.allow(...).
    A role's forbidden page answers 403 in the staff member's language."""
    roles.DEFAULTS[blueprint.name] = frozenset(allow)
    blueprint.before_request(navigation.from_elsewhere)  # first: a link from elsewhere reaches nothing more
    blueprint.before_request(_guard)
    # A second line behind Fetch Metadata (kiosk.crossorigin) for the area that holds every patient's
    # data: the form's Flask-WTF token must belong to this session. Patients' pages carry no token.
    blueprint.before_request(_check_token)
    blueprint.after_request(_finish)
    return blueprint


def login_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """For a staff view outside a protected blueprint; the blueprint guard makes it redundant inside one."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_staff() is None:
            return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return wrapped


def staff_page(template: str, **context: Any) -> str:
    """Render a staff template with the signed-in staff member and the language switch's target."""
    other = "ar" if g.get("ui_locale") == "en" else "en"
    args = {**request.args.to_dict(), "ui": other}
    switch_url = url_for(request.endpoint, **(request.view_args or {}), **args)
    locale = g.get("ui_locale", "en")
    # `when` shows a stored time in Riyadh time, with the Hijri date on Arabic pages (staff/macros.html).
    context = {"when": lambda moment: dates.when(moment, locale), **context}
    # The set-up and code pages pass the half-signed-in staff member, for the sign-out button.
    staff = context.pop("staff", None) or current_staff()
    return render_template(template, staff=staff, switch_url=switch_url, idle_seconds=0,
                           can_open=can_open, role_names=roles.NAMES, **context)
