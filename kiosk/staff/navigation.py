"""Links from elsewhere (SPEC §5): a navigation from another site, or another host of the clinic's site, may
open the inbox or the sign-in and nothing else, so a link can never export, show a request or write an audit
entry in a signed-in staff member's name. The staff cookie is SameSite=Strict as well (kiosk.config); this
holds for browsers that send the cookie anyway, and for same-site hosts, which Strict does not stop."""
from __future__ import annotations

from flask import Response, redirect, request

# The pages a link may open: what they show is what anyone who signs in sees first, and they write nothing.
ENTRY_ENDPOINTS = frozenset({"staff.inbox", "staff.login"})
# Fetch Metadata's words for a request that another site's page started (a typed address says "none").
ELSEWHERE = frozenset({"cross-site", "same-site"})


def from_elsewhere() -> Response | None:
    """before_request of every staff blueprint: a request another site started goes to the inbox."""
    if request.headers.get("Sec-Fetch-Site") in ELSEWHERE and request.endpoint not in ENTRY_ENDPOINTS:
        response = redirect("/staff/", code=303)
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Sec-Fetch-Site")
        return response
    return None
