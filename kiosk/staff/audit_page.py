"""/staff/audit (admin only): the audit log, newest first, a page at a time."""
from __future__ import annotations

import math

from flask import g, request

from ..routing import whole_number
from . import audit, bp, roles
from .auth import staff_page
from .dates import when


@bp.get("/audit")
@roles.allow(roles.ADMIN)
def audit_log():
    """Who signed in or out, viewed, exported or changed what, and when: by reference code only."""
    number = whole_number(request.args.get("page", "1"), largest=100_000) or 1
    entries, total = audit.page_of(number)
    return staff_page("staff/audit.html", entries=entries, total=total, page=number,
                      pages=max(1, math.ceil(total / audit.PAGE_SIZE)), actions=audit.ACTIONS,
                      when=lambda moment: when(moment, g.ui_locale))
