"""Staff roles and who may open which page: a blueprint's default, a view's own, admin everywhere."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app

from ..i18n.text import lazy_gettext as _l

ADMIN, RECEPTION, TRANSLATOR = "admin", "reception", "translator"
ROLES = (ADMIN, RECEPTION, TRANSLATOR)
DEFAULT_ROLE = RECEPTION
NAMES = {ADMIN: _l("Administrator"), RECEPTION: _l("Reception"), TRANSLATOR: _l("Translator")}


def allow(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let these roles (and admin) open a view, instead of its blueprint's default."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown staff roles: {sorted(unknown)}")

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.staff_roles = frozenset(roles)
        return view

    return mark


def permits(role: str, allowed: Iterable[str]) -> bool:
    return role == ADMIN or role in allowed


# blueprint name -> the roles its views allow unless a view says otherwise (filled by auth.protect)
DEFAULTS: dict[str, frozenset[str]] = {}


def allowed_roles(endpoint: str | None) -> frozenset[str]:
    """The roles (besides admin) that may open an endpoint: the view's own, else its blueprint's default."""
    view = current_app.view_functions.get(endpoint or "")
    own = getattr(view, "staff_roles", None)
    if own is not None:
        return own
    return DEFAULTS.get((endpoint or "").rpartition(".")[0], frozenset({DEFAULT_ROLE}))


def may_open(role: str, endpoint: str | None) -> bool:
    return permits(role, allowed_roles(endpoint))
