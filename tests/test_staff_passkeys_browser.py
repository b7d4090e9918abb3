"""Passkeys and the second factor's pages in Chromium: the CDP virtual authenticator registers a passkey on
/staff/account and signs in with it alone; set-up, code step, recovery codes and account pass axe (en, ar)."""
import re
import subprocess

import pyotp
import pytest
from conftest import fail_on_csp_violations, watch_csp
from kiosk_checks import axe_violations
from sqlalchemy import select
from staffkit import PASSWORD, add_staff, browser_sign_in, fresh_code

from kiosk import db
from kiosk.records.audit import AuditEntry
from kiosk.staff import accounts

pytestmark = pytest.mark.browser


def localhost(server) -> str:
    """A relying party id must be a host name: the server's own port on localhost, not 127.0.0.1."""
    return server.url.replace("127.0.0.1", "localhost")


def desk(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    return context, watch_csp(context), context.new_page()


def authenticator(page):
    """A platform passkey (ctap2, internal) that keeps discoverable credentials and verifies the user:
    the CDP session and the authenticator's id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True}})
    return cdp, added["authenticatorId"]


def shoot(page, artifacts, name: str) -> None:
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def audit_actions(app) -> list[tuple[str, str, str]]:
    with app.app_context(), db.reading() as session:
        return [(row.actor, row.action, row.detail) for row in session.scalars(select(AuditEntry))]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_passkey_added_on_the_account_page_signs_in_alone(browser, kiosk_server, artifacts, lang):
    server = kiosk_server()
    add_staff(server.app, "pia", role="reception")
    base = localhost(server)
    context, violations, page = desk(browser)
    cdp, authenticator_id = authenticator(page)
    browser_sign_in(page, server.app, base, "pia", lang=lang)
    assert page.url == f"{base}/staff/"
    page.goto(f"{base}/staff/account")
    with page.expect_navigation():
        page.click("[data-passkey-register] [data-passkey-button]")
    assert page.url.startswith(f"{base}/staff/account")
    listed = page.locator(".passkey-list li")
    assert listed.count() == 1
    assert page.locator(".passkey-list input[name=name]").input_value() == (
        "Passkey 1" if lang == "en" else "مفتاح المرور 1")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})
    assert len(credentials["credentials"]) == 1 and credentials["credentials"][0]["isResidentCredential"]
    page.fill(".passkey-list input[name=name]", "مكتب الاستقبال" if lang == "ar" else "Front desk PC")
    with page.expect_navigation():
        page.click(".passkey-list .inline-form button")
    shoot(page, artifacts, f"staff-account-{lang}")
    problems, _ = axe_violations(page)
    assert problems == []

    with page.expect_navigation():
        page.click(".staff-signout button")
    assert "/staff/login" in page.url
    shoot(page, artifacts, f"staff-login-passkey-{lang}")
    with page.expect_navigation():
        page.click("[data-passkey-login] [data-passkey-button]")  # no name, no password, no code
    assert page.url == f"{base}/staff/"
    assert "pia" in page.locator(".staff-who").inner_text()
    actions = audit_actions(server.app)
    assert ("pia", "mfa_setup", "passkey") in actions
    signed = [entry for entry in actions if entry[1] == "sign_in"]
    assert signed == [("pia", "sign_in", "app"), ("pia", "sign_in", "passkey")]
    context.close()
    fail_on_csp_violations(violations)


def test_a_passkey_as_the_first_factor_shows_the_recovery_codes(browser, kiosk_server, artifacts):
    server = kiosk_server()
    with server.app.app_context():
        accounts.add_user("nour", PASSWORD, "admin")
    base = localhost(server)
    context, violations, page = desk(browser)
    authenticator(page)
    page.goto(f"{base}/staff/login?ui=en")
    page.fill("#username", "nour")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    assert page.url == f"{base}/staff/account/setup"
    with page.expect_navigation():
        page.click("[data-passkey-register] [data-passkey-button]")
    assert "/staff/account/recovery-codes" in page.url
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", c) for c in codes)
    with page.expect_navigation():
        page.click("text=I have kept my codes")
    assert page.url == f"{base}/staff/"
    context.close()
    fail_on_csp_violations(violations)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_setup_code_and_recovery_pages_pass_axe(browser, kiosk_server, artifacts, lang):
    server = kiosk_server()
    with server.app.app_context():
        accounts.add_user("huda", PASSWORD, "reception")
    add_staff(server.app, "sami", role="reception")
    context, violations, page = desk(browser)
    base = server.url
    problems = {}
    page.goto(f"{base}/staff/login?ui={lang}")
    page.fill("#username", "huda")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    assert page.url == f"{base}/staff/account/setup"
    shoot(page, artifacts, f"staff-mfa-setup-{lang}")
    problems["setup"] = axe_violations(page)[0]
    uri = page.locator("code.otpauth").text_content()  # inside a closed <details>
    # An independent decoder reads the server's SVG QR code, as drawn by Chromium, as that very URI.
    page.locator(".qr svg").screenshot(path=artifacts / f"staff-mfa-qr-{lang}.png")
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(artifacts / f"staff-mfa-qr-{lang}.png")],
                             capture_output=True, text=True, timeout=60)
    assert decoded.stdout.strip() == uri and uri.startswith("otpauth://totp/") and "issuer=" in uri
    page.fill("#code", pyotp.parse_uri(uri).now())
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    assert "/staff/account/recovery-codes" in page.url
    shoot(page, artifacts, f"staff-recovery-codes-{lang}")
    problems["codes"] = axe_violations(page)[0]
    with page.expect_navigation():
        page.click(".staff-signout button")

    page.goto(f"{base}/staff/login?ui={lang}")
    page.fill("#username", "sami")
    page.fill("#password", PASSWORD)
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    assert page.url == f"{base}/staff/login/code"
    page.fill("#code", "000000")
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    shoot(page, artifacts, f"staff-login-code-{lang}")
    problems["code"] = axe_violations(page)[0]
    page.fill("#code", fresh_code(server.app, "sami"))
    with page.expect_navigation():
        page.click(".staff-form button[type=submit]")
    assert page.url == f"{base}/staff/"
    context.close()
    fail_on_csp_violations(violations)
    assert {name: found for name, found in problems.items() if found} == {}


def test_browser_sign_in_helper_works_twice_in_a_row(browser, kiosk_server):
    server = kiosk_server()
    add_staff(server.app, "lina")
    context, violations, page = desk(browser)
    for _ in range(3):
        browser_sign_in(page, server.app, server.url, "lina")
        assert page.url == f"{server.url}/staff/"
        with page.expect_navigation():
            page.click(".staff-signout button")
    context.close()
    fail_on_csp_violations(violations)
