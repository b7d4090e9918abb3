"""Helpers for the staff tests: accounts, signing in with the real CSRF token (and the second factor),
consult rows.

KIOSK_MFA=required is the default and stays on for the suite: every account these helpers sign in gets an
authenticator app secret (kept in the database like a real one), and signing in types a fresh code."""
from __future__ import annotations

import datetime as dt
import itertools
import re
import time

import pyotp
from sqlalchemy import select, update

from kiosk import db
from kiosk.records.consults import ConsultRequest
from kiosk.records.staff import StaffUser
from kiosk.staff import accounts, totp

PASSWORD = "quiet desk lamp 42"
# What Chromium sends with a form posted from the staff's own page (SPEC §4, Fetch Metadata); the
# conftest's test client sends it anyway, this is for clients built otherwise.
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}
_serial = itertools.count(1)


def add_staff(app, name: str = "alice", password: str = PASSWORD, role: str = "admin") -> None:
    """A staff user (admin unless a test says otherwise: most tests are about a page, not the gate), with
    an authenticator app set up."""
    with app.app_context():
        accounts.add_user(name, password, role)
    enrol_app(app, name)


def enrol_app(app, name: str = "alice") -> str:
    """The user's authenticator app secret, set up now if they have none (as a test's phone would hold it)."""
    with app.app_context():
        with db.transaction() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == accounts.clean_name(name)))
            if not user.totp_secret:
                user.totp_secret = totp.new_secret()
            return user.totp_secret


def fresh_code(app, name: str = "alice") -> str:
    """An app code the server has not accepted yet: this step's or the next one's (each code works once).
    A test that signs in a third time within 30 s would find both spent: the helper then forgets the last
    step (the reuse rule itself is tested in test_staff_mfa.py)."""
    secret = enrol_app(app, name)
    now = int(time.time() // totp.STEP_SECONDS)
    with app.app_context():
        with db.reading() as session:
            last = session.scalar(select(StaffUser.totp_last_step)
                                  .where(StaffUser.username == accounts.clean_name(name)))
        step = next((step for step in (now, now + 1) if last is None or step > last), None)
        if step is None:
            with db.transaction() as session:
                session.execute(update(StaffUser).where(StaffUser.username == accounts.clean_name(name))
                                .values(totp_last_step=now - 2))
            step = now
    return pyotp.TOTP(secret).at(step * totp.STEP_SECONDS)


def csrf_token(client, url: str = "/staff/login?ui=en") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def login(client, name: str = "alice", password: str = PASSWORD, next_url: str = ""):
    """Sign in through the form: the password, then (when it is right) a fresh app code. The last
    response (a 303 to the page asked for, or the refusal) is returned."""
    app = client.application
    if _exists(app, name):
        enrol_app(app, name)
    data = {"csrf_token": csrf_token(client), "username": name, "password": password}
    if next_url:
        data["next"] = next_url
    return second_step(client, client.post("/staff/login", data=data, headers=SAME_ORIGIN), name)


def second_step(client, response, name: str = "alice"):
    """After a password post: when it led to the code step, type a fresh app code there; the last response.
    A user made without staffkit (no factor: the set-up page) gets an app first, as if set up by phone."""
    step = response.location if response.status_code == 303 else ""
    if step.startswith("/staff/account/setup"):
        enrol_app(client.application, name)
        step = "/staff/login/code"  # where the guard now sends this half session
    if step.startswith("/staff/login/code"):
        token = csrf_token(client, "/staff/login/code")
        response = client.post("/staff/login/code", headers=SAME_ORIGIN,
                               data={"csrf_token": token, "code": fresh_code(client.application, name)})
    return response


def _exists(app, name: str) -> bool:
    if not accounts.clean_name(name).isprintable():  # a NUL byte is an error in PostgreSQL, not a miss
        return False
    with app.app_context(), db.reading() as session:
        found = session.scalar(select(StaffUser.id).where(StaffUser.username == accounts.clean_name(name)))
    return found is not None


def browser_sign_in(page, app, base: str, name: str = "alice", password: str = PASSWORD,
                    lang: str = "en", next_url: str = "") -> None:
    """Sign in in Chromium as staff do: name and password, then a fresh app code on the second step."""
    enrol_app(app, name)
    page.goto(f"{base}/staff/login?ui={lang}" + (f"&next={next_url}" if next_url else ""))
    page.fill("#username", name)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    pass_second_factor(page, app, name)


def pass_second_factor(page, app, name: str = "alice") -> None:
    """On the code step (after a browser test typed the password itself), type a fresh code."""
    if "/staff/login/code" not in page.url:
        return
    page.fill("#code", fresh_code(app, name))
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")


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
    from kiosk.staff.auth import SESSION_KEY

    enrol_app(app, name)
    with app.app_context():
        with db.reading() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == name))
        token = accounts.open_session(accounts.Staff(user.id, user.username), second_factor=True)
    with client.session_transaction() as session:
        session.clear()
        session[SESSION_KEY] = token
