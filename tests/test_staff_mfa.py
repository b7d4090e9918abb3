"""Second factor (SPEC §5, ASVS 5.0 V6.3.3): TOTP rules, the half-signed-in state, set-up, recovery codes."""
import re
import time

import pyotp
import pytest
from sqlalchemy import select
from staffkit import PASSWORD, SAME_ORIGIN, add_staff, csrf_token, enrol_app, fresh_code, login

from kiosk import db
from kiosk.config import ConfigError, from_environment
from kiosk.records.audit import AuditEntry
from kiosk.records.staff import StaffUser
from kiosk.staff import accounts, recovery, totp
from kiosk.staff.auth import PUBLIC_ENDPOINTS, SETUP_ENDPOINTS

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # 15 s into a step


def code_at(step: int, secret: str = SECRET) -> str:
    return pyotp.TOTP(secret).at(step * 30)


def test_totp_accepts_the_step_before_and_after_but_not_two_away():
    current = int(NOW // 30)
    for offset in (-1, 0, 1):
        assert totp.matching_step(SECRET, code_at(current + offset), NOW) == current + offset
    for offset in (-2, 2):
        assert totp.matching_step(SECRET, code_at(current + offset), NOW) is None
    assert totp.matching_step(SECRET, "12345", NOW) is None and totp.matching_step(SECRET, "", NOW) is None


def test_totp_is_rfc_6238_sha1_six_digits_thirty_seconds():
    # RFC 6238 appendix B: the SHA-1 secret "12345678901234567890", T = 59 s gives 94287082 (8 digits).
    rfc_secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    assert pyotp.TOTP(rfc_secret, digits=8).at(59) == "94287082"
    assert totp.matching_step(rfc_secret, "287082", 59) == 1  # our six digits are its last six
    assert totp.matching_step(SECRET, " ".join(code_at(int(NOW // 30))[i:i + 3] for i in (0, 3)), NOW)


def test_arabic_indic_digits_are_the_same_code():
    code = code_at(int(NOW // 30))
    arabic = code.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert totp.matching_step(SECRET, arabic, NOW) == int(NOW // 30)


def test_each_code_is_accepted_once_across_processes(app_factory, database_url):
    # two servers on one database, SQLite file or PostgreSQL
    first, second = app_factory(DATABASE_URL=database_url), app_factory(DATABASE_URL=database_url)
    add_staff(first)
    secret = enrol_app(first)
    with first.app_context():
        user_id = accounts.authenticate("alice", PASSWORD)[0].id
    now = time.time()
    code = pyotp.TOTP(secret).at(now)
    with first.app_context():
        assert totp.check(user_id, code, now)
        assert not totp.check(user_id, code, now)
    with second.app_context():
        assert not totp.check(user_id, code, now)  # the other process refuses it too
        # an older step's code is refused once a later one was used
        assert not totp.check(user_id, pyotp.TOTP(secret).at(now - 30), now)
        assert totp.check(user_id, pyotp.TOTP(secret).at(now + 30), now)


def test_kiosk_mfa_is_required_by_default_and_validated():
    from kiosk.config import DEFAULTS

    assert DEFAULTS["MFA"] == "required"
    assert from_environment({"KIOSK_MFA": "optional"})["MFA"] == "optional"
    with pytest.raises(ConfigError, match="KIOSK_MFA must be 'required' or 'optional'"):
        from_environment({"KIOSK_MFA": "sometimes"})


def test_kiosk_mfa_bad_value_stops_start_up_with_one_line(tmp_path):
    import subprocess
    import sys

    env = {"KIOSK_MFA": "maybe", "KIOSK_INSTANCE_PATH": str(tmp_path / "i"), "PATH": ""}
    done = subprocess.run([sys.executable, "-c", "from kiosk.cli import main; main()", "routes"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "KIOSK_MFA" in lines[0], done.stderr


def password_step(client, name="alice", password=PASSWORD):
    data = {"csrf_token": csrf_token(client), "username": name, "password": password}
    return client.post("/staff/login", data=data, headers=SAME_ORIGIN)


def post_code(client, code, url="/staff/login/code"):
    token = csrf_token(client, url)
    return client.post(url, data={"csrf_token": token, "code": code}, headers=SAME_ORIGIN)


def cookie_of(client):
    cookie = client.get_cookie("session", path="/staff")
    return cookie.value if cookie else None


def test_the_password_leads_to_the_code_step_which_opens_nothing_else(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    add_staff(app)
    client = app.test_client()
    response = password_step(client)
    assert response.status_code == 303 and response.location == "/staff/login/code"
    half = cookie_of(client)
    for url in ("/staff/", "/staff/account", "/staff/export.csv", "/staff/audit", "/staff/account/setup"):
        refused = client.get(url)
        assert refused.status_code == 302 and refused.location == "/staff/login/code", url
    page = client.get("/staff/login/code")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="code"' in html and page.headers["Cache-Control"] == "no-store"
    done = post_code(client, fresh_code(app))
    assert done.status_code == 303 and done.location == "/staff/"
    assert cookie_of(client) != half  # a new session after the second factor too
    assert client.get("/staff/").status_code == 200
    with app.app_context(), db.reading() as session:
        actions = [row.action for row in session.scalars(select(AuditEntry))]
    assert actions.count("sign_in") == 1


def test_the_half_session_token_is_dead_once_the_second_factor_is_done(app_factory):
    app = app_factory()
    add_staff(app)
    client = app.test_client()
    password_step(client)
    with client.session_transaction("/staff/") as stored:
        half_token = stored["staff_session"]
    post_code(client, fresh_code(app))
    with app.app_context():
        assert accounts.resume_session(half_token) is None


def test_a_code_posted_to_the_sign_in_itself_also_works(app):
    add_staff(app)
    client = app.test_client()
    password_step(client)
    response = post_code(client, fresh_code(app), url="/staff/login")
    assert response.status_code == 303 and response.location == "/staff/"


def test_a_used_code_is_refused_at_the_next_sign_in(app):
    add_staff(app)
    client = app.test_client()
    password_step(client)
    code = fresh_code(app)
    assert post_code(client, code).status_code == 303
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    password_step(client)
    again = post_code(client, code)
    assert again.status_code == 401 and "not right" in again.get_data(as_text=True)


def test_wrong_codes_count_toward_the_lockout_like_wrong_passwords(app):
    add_staff(app)
    client = app.test_client()
    password_step(client, password="wrong password")  # one wrong password
    password_step(client)
    statuses = [post_code(client, "000000").status_code for _ in range(4)]  # four wrong codes
    assert statuses == [401, 401, 401, 429]
    right = post_code(client, fresh_code(app))
    assert right.status_code == 429 and int(right.headers["Retry-After"]) > 800
    # The password again does not clear the count either: still refused.
    assert password_step(client).status_code == 429


def test_a_right_password_does_not_reset_the_count_of_wrong_codes(app):
    add_staff(app)
    client = app.test_client()
    for _ in range(2):
        password_step(client)
        assert [post_code(client, "000000").status_code for _ in range(2)] == [401, 401]
    password_step(client)
    assert post_code(client, "000000").status_code == 429  # the fifth failure, over two passwords


def test_under_required_a_user_without_a_factor_must_set_one_up(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        accounts.add_user("nour", PASSWORD, "reception")
    client = app.test_client()
    response = password_step(client, "nour")
    assert response.status_code == 303 and response.location == "/staff/account/setup"
    assert client.get("/staff/").location == "/staff/account/setup"
    page = client.get("/staff/account/setup")
    html = page.get_data(as_text=True)
    uri = re.search(r"otpauth://totp/[^<\"]+", html).group(0).replace("&amp;", "&")
    assert "secret=" in uri and "issuer=" in uri and "<svg" in html and 'name="code"' in html
    assert page.headers["Cache-Control"] == "no-store"
    secret = pyotp.parse_uri(uri).secret
    assert post_code(client, "123", "/staff/account/setup").status_code == 400
    done = post_code(client, pyotp.TOTP(secret).now(), "/staff/account/setup")
    assert done.status_code == 303 and done.location.startswith("/staff/account/recovery-codes")
    shown = client.get(done.location)
    codes = re.findall(r"<code>([a-z0-9-]{14})</code>", shown.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(done.location).status_code == 302  # shown once
    assert client.get("/staff/").status_code == 200
    with app.app_context(), db.reading() as session:
        stored = [row.code_hash for row in session.scalars(select(recovery.RecoveryCode))]
        entries = [(row.actor, row.action, row.detail) for row in session.scalars(select(AuditEntry))]
    assert len(stored) == 10 and all(h.startswith("$argon2id$") for h in stored)
    assert not any(code.replace("-", "") in "".join(stored) for code in codes)
    assert ("nour", "mfa_setup", "app") in entries


def test_under_optional_a_user_without_a_factor_signs_in_with_the_password(app_factory):
    app = app_factory(MFA="optional")
    with app.app_context():
        accounts.add_user("nour", PASSWORD, "reception")
    client = app.test_client()
    assert password_step(client, "nour").location == "/staff/"
    assert client.get("/staff/").status_code == 200
    enrol_app(app, "nour")  # with an app set up, the code is asked under optional too
    client = app.test_client()
    assert password_step(client, "nour").location == "/staff/login/code"


def test_a_recovery_code_signs_in_once(app):
    add_staff(app)
    with app.app_context(), db.transaction() as session:
        user_id = session.scalar(select(StaffUser.id).where(StaffUser.username == "alice"))
        codes = recovery.replace(session, user_id)
    client = app.test_client()
    password_step(client)
    assert post_code(client, codes[3].upper()).status_code == 303
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    password_step(client)
    assert post_code(client, codes[3]).status_code == 401
    assert post_code(client, codes[4].replace("-", " ")).status_code == 303


def test_sweep_no_staff_page_opens_before_the_second_factor(app_factory):
    """Every /staff rule of the URL map, every method, in the half-signed-in state of a user who must set
    up a factor and of one who must type a code: only sign-in and set-up (and sign-out) answer."""
    app = app_factory(WTF_CSRF_ENABLED=False)
    with app.app_context():
        accounts.add_user("nour", PASSWORD, "admin")
    add_staff(app, "alice")
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")]
    assert len(rules) >= 30
    for name, gate, allowed in (("nour", "/staff/account/setup", SETUP_ENDPOINTS),
                                ("alice", "/staff/login/code", {"staff.login_code", "staff.logout"})):
        opened = set()
        for rule in rules:
            values = {arg: 1 if arg.endswith("_id") else "x" for arg in rule.arguments}
            url = rule.build(values, append_unknown=False)[1]
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                client = app.test_client()
                assert password_step(client, name).location == gate
                response = client.open(url, method=method, data={})
                if not (response.status_code in (302, 303) and response.location == gate):
                    opened.add(rule.endpoint)
        assert opened <= set(allowed) | PUBLIC_ENDPOINTS, (name, opened - set(allowed) - PUBLIC_ENDPOINTS)
        assert gate.startswith("/staff/login/code") or "staff.mfa_setup" in opened


def test_static_files_the_setup_page_needs_load_before_the_second_factor(app):
    with app.app_context():
        accounts.add_user("nour", PASSWORD, "admin")
    client = app.test_client()
    password_step(client, "nour")
    html = client.get("/staff/account/setup").get_data(as_text=True)
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(asset).status_code == 200, asset
    assert "js/passkeys.js" in html


def test_sign_out_works_in_the_half_signed_in_state(app):
    with app.app_context():
        accounts.add_user("nour", PASSWORD, "admin")
    client = app.test_client()
    password_step(client, "nour")
    token = csrf_token(client, "/staff/account/setup")
    out = client.post("/staff/logout", data={"csrf_token": token})
    assert out.status_code == 303 and "/staff/login" in out.location
    assert client.get("/staff/account/setup").location.startswith("/staff/login")


def test_staffkit_login_passes_the_second_factor(app):
    add_staff(app)
    client = app.test_client()
    for _ in range(4):  # more sign-ins than one step has codes
        assert login(client).status_code == 303
        assert client.get("/staff/").status_code == 200
        client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})


def test_mfa_reset_removes_the_factors_ends_the_sessions_and_is_audited(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    runner = app.test_cli_runner()
    add_staff(app, "desk1", role="reception")
    with app.app_context(), db.transaction() as session:
        user_id = session.scalar(select(StaffUser.id).where(StaffUser.username == "desk1"))
        recovery.replace(session, user_id)
    client = app.test_client()
    assert login(client, "desk1").status_code == 303 and client.get("/staff/").status_code == 200
    result = runner.invoke(args=["staff", "mfa-reset", "desk1"])
    assert result.exit_code == 0 and "desk1" in result.output
    assert client.get("/staff/").location.startswith("/staff/login")  # the session ended
    with app.app_context(), db.reading() as session:
        user = session.get(StaffUser, user_id)
        assert user.totp_secret is None and recovery.remaining(session, user_id) == 0
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "mfa_reset")).one()
    assert (entry.actor, entry.detail) == ("cli", "desk1")
    # The next sign-in goes to the set-up again.
    assert password_step(client, "desk1").location == "/staff/account/setup"
    assert runner.invoke(args=["staff", "mfa-reset", "nobody"]).exit_code != 0


def test_account_page_removes_the_app_which_leads_back_to_setup_and_makes_new_codes(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    add_staff(app)
    client = app.test_client()
    login(client)
    page = client.get("/staff/account")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Remove the app" in html and "/staff/account/recovery-codes/new" in html
    arabic = client.get("/staff/account?ui=ar").get_data(as_text=True)
    assert "تطبيق المصادقة" in arabic and "مفاتيح المرور" in arabic
    token = csrf_token(client, "/staff/account")
    made = client.post("/staff/account/recovery-codes/new", data={"csrf_token": token})
    assert made.status_code == 303 and made.location == "/staff/account/recovery-codes"
    codes = re.findall(r"<code>([a-z0-9-]{14})</code>", client.get(made.location).get_data(as_text=True))
    assert len(codes) == 10
    token = csrf_token(client, "/staff/account")
    removed = client.post("/staff/account/app/remove", data={"csrf_token": token})
    assert removed.status_code == 303
    assert client.get("/staff/").location == "/staff/account/setup"  # required: no factor left
    with app.app_context(), db.reading() as session:
        actions = [row.action for row in session.scalars(select(AuditEntry))]
        assert recovery.remaining(session, 1) == 0  # codes go with the last factor
    assert {"recovery_codes", "mfa_remove"} <= set(actions)
    # A POST without the token is refused, as on every staff form.
    add_staff(app, "bob")
    other = app.test_client()
    login(other, "bob")
    assert other.post("/staff/account/app/remove", data={}).status_code == 400


def test_passkey_endpoints_refuse_garbage_without_a_5xx(app):
    add_staff(app)
    client = app.test_client()
    headers = {"X-CSRFToken": csrf_token(client)}
    assert client.post("/staff/passkeys/login/options").status_code == 400  # no CSRF token
    for body in (None, {}, {"credential": "x"}, {"credential": {"id": "AAAA", "response": {}}},
                 {"credential": {"id": "x" * 5000}}, [1, 2]):
        client.post("/staff/passkeys/login/options", headers=headers)  # a ceremony under way
        response = client.post("/staff/passkeys/login", json=body, headers=headers)
        assert response.status_code == 400 and "error" in response.json, (body, response.status_code)
    options = client.post("/staff/passkeys/login/options", headers=headers)
    assert options.status_code == 200 and options.json["userVerification"] == "required"
    assert options.json["rpId"] == "localhost" and options.headers["Cache-Control"] == "no-store"
    login(client)
    headers = {"X-CSRFToken": csrf_token(client, "/staff/account")}
    for body in (None, {"credential": {"id": "x", "response": {"clientDataJSON": "!!"}}}):
        client.post("/staff/passkeys/register/options", headers=headers)
        assert client.post("/staff/passkeys/register", json=body, headers=headers).status_code == 400
    created = client.post("/staff/passkeys/register/options", headers=headers).json
    assert created["authenticatorSelection"]["residentKey"] == "required"
    assert created["authenticatorSelection"]["userVerification"] == "required"
    assert created["user"]["name"] == "alice" and created["user"]["id"] != "alice"


def test_a_removed_user_takes_their_factors_along(app, runner):
    add_staff(app, "gone")
    with app.app_context(), db.transaction() as session:
        user_id = session.scalar(select(StaffUser.id).where(StaffUser.username == "gone"))
        recovery.replace(session, user_id)
    assert runner.invoke(args=["staff", "remove", "gone"]).exit_code == 0
    with app.app_context():
        accounts.add_user("gone", PASSWORD, "admin")  # the same name again, perhaps the same id
        with db.reading() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == "gone"))
            assert user.totp_secret is None and recovery.remaining(session, user.id) == 0
            assert session.scalars(select(recovery.RecoveryCode)).all() == []


def test_wrong_codes_count_toward_the_clients_throttle_too(app):
    add_staff(app, "alice")
    add_staff(app, "bob")
    client = app.test_client()
    for name in ("alice", "bob"):
        password_step(client, name)
        assert [post_code(client, "000000").status_code for _ in range(4)] == [401] * 4
    assert password_step(client, "nobody", "wrong password").status_code == 401
    assert password_step(client, "someone", "wrong password").status_code == 401  # the tenth failure
    refused = password_step(client, "alice")
    assert refused.status_code == 429 and "this computer" in refused.get_data(as_text=True)
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "127.0.0.9"  # another desk is not refused
    assert login(other, "alice").status_code == 303


def test_a_half_signed_in_session_ends_after_ten_idle_minutes(app):
    import datetime as dt

    from sqlalchemy import update

    from kiosk.records.staff import StaffSession

    add_staff(app)
    client = app.test_client()
    password_step(client)
    assert client.get("/staff/login/code").status_code == 200
    with app.app_context(), db.transaction() as session:
        session.execute(update(StaffSession).values(
            last_seen=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=11)))
    assert client.get("/staff/login/code").location.startswith("/staff/login")
