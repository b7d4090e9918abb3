"""Helpers for the staff tests: accounts, signing in with the real CSRF token, consult rows."""
from __future__ import annotations

import datetime as dt
import itertools
import re

from kiosk import db
from kiosk.records.consults import ConsultRequest
from kiosk.staff import accounts

PASSWORD = "quiet desk lamp 42"
# What Chromium sends with a form posted from the staff's own page (SPEC §4, Fetch Metadata); the
# conftest's test client sends it anyway, this is for clients built otherwise.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
_serial = itertools.count(1)


def add_staff(app, name: str = "alice", password: str = PASSWORD, role: str = "admin") -> None:
    """A staff user (admin unless a test says otherwise: most tests are about a page, not the gate)."""
    with app.app_context():
        accounts.add_user(name, password, role)


def csrf_token(client, url: str = "/staff/login?ui=en") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, name: str = "alice", password: str = PASSWORD, next_url: str = ""):
    data = {"csrf_token": csrf_token(client), "username": name, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/staff/login", data=data, headers=SAME_ORIGIN)


def add_consult(app, **fields) -> int:
    """A consult row through the model, as the kiosk form stores it."""
    number = next(_serial)
    values = {"reference": f"K{number:06d}", "submission_id": f"sub-{number}-{id(app)}",
              "kiosk_id": "kiosk-1",
              "page_language": "ar", "name": "سارة القحطاني", "phone": f"+9665{number:08d}",
              "preferred_language": "ar", "preferred_time": "morning", "message": "",
              "consent_version": "2026-01", "status": "new", "staff_notes": "",
              "created_at": dt.datetime.now(dt.UTC)}
    values.update(fields)
    with app.app_context(), db.transaction() as session:
        row = ConsultRequest(**values)
        session.add(row)
        session.flush()
        return row.id


def sign_in_directly(app, client, name: str = "alice") -> None:
    """A signed-in session for `client` without the sign-in form (and its throttling): for sweeps that may
    sign themselves out or fail sign-ins on purpose."""
    from sqlalchemy import select

    from kiosk.records.staff import StaffUser
    from kiosk.staff.auth import SESSION_KEY

    with app.app_context():
        with db.reading() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == name))
        token = accounts.open_session(accounts.Staff(user.id, user.username))
    with client.session_transaction() as session:
        session.clear()
        session[SESSION_KEY] = token
