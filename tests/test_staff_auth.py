"""Staff sign-in: every /staff URL needs it; lockout, idle expiry, real logout, passwords, cookies, next."""
import datetime as dt

import pytest
from sqlalchemy import update
from staffkit import PASSWORD, add_staff, csrf_token, login

from kiosk import db
from kiosk.records.staff import StaffSession
from kiosk.staff import accounts, passwords
from kiosk.staff.auth import PUBLIC_ENDPOINTS

ARABIC_64 = "كلمة مرور طويلة جدا للموظفين في العيادة بالرياض تحمي بيانات المرضى بأمان تام"[:64]


def _example_value(converter):
    """A value each converter accepts, so every rule (whatever its arguments) gets a real request."""
    kind = type(converter).__name__
    if kind in ("IntegerConverter", "FloatConverter", "DatabaseId"):
        return 1
    if kind == "AnyConverter":
        return sorted(converter.items)[0]
    if kind == "UUIDConverter":
        return "00000000-0000-0000-0000-000000000000"
    return "x"


def _example_url(rule) -> str:
    values = {arg: _example_value(rule._converters[arg]) for arg in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def _unguarded(app) -> list[tuple[str, str, int]]:
    """Every (method, URL, status) of a /staff rule that an anonymous request is not turned away from."""
    client = app.test_client()
    token = csrf_token(client)  # a valid token, so only the sign-in guard can refuse a POST
    staff_rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")]
    assert len(staff_rules) >= 6
    offenders = []
    for rule in staff_rules:
        if rule.endpoint in PUBLIC_ENDPOINTS:  # the sign-in, by password or by passkey
            continue
        url = _example_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token})
            refused = (response.status_code in (302, 303) and response.location.startswith("/staff/login")
                       and response.headers.get("Cache-Control") == "no-store")
            if not refused:
                offenders.append((method, url, response.status_code))
    return offenders


def test_every_staff_rule_refuses_anonymous_requests(app):
    """Sweeps the URL map, so a /staff route added later without the guard fails here."""
    assert _unguarded(app) == []


def test_the_sweep_catches_an_unguarded_staff_route(app_factory):
    from flask import Blueprint

    app = app_factory()
    leaky = Blueprint("leaky", __name__, url_prefix="/staff/leaky")
    leaky.add_url_rule("/<int:item>", "show", lambda item: "patient data", methods=["GET", "POST"])
    app.register_blueprint(leaky)
    assert {(method, url) for method, url, _ in _unguarded(app)} == {("GET", "/staff/leaky/1"),
                                                                      ("POST", "/staff/leaky/1")}


def test_login_then_pages_open_and_are_never_cached(app, client):
    add_staff(app)
    response = login(client, next_url="/staff/dashboard")
    assert response.status_code == 303 and response.location == "/staff/dashboard"
    for url in ("/staff/", "/staff/dashboard", "/staff/export.csv", "/staff/login"):
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/staff", "/\\evil.example",
                                    "javascript:alert(1)", "/en/", "/staff\\@evil", "http:/staff"])
def test_login_never_redirects_off_the_staff_area(app, client, target):
    add_staff(app)
    response = login(client, next_url=target)
    assert response.status_code == 303
    assert response.location == "/staff/"


# The lockout and the per-client throttle: tests/test_staff_throttle.py.


def test_unknown_names_count_failures_too(app, client):
    for _ in range(5):
        login(client, name="nobody", password="whatever it is")
    assert "15 minutes" in login(client, name="nobody").get_data(as_text=True)


def test_idle_session_expires_after_thirty_minutes(app, client):
    add_staff(app)
    login(client)
    assert client.get("/staff/").status_code == 200
    with app.app_context(), db.transaction() as session:
        session.execute(update(StaffSession).values(
            last_seen=dt.datetime.now(dt.UTC) - accounts.IDLE - dt.timedelta(seconds=5)))
    response = client.get("/staff/")
    assert response.status_code == 302 and response.location.startswith("/staff/login")
    with app.app_context(), db.reading() as session:
        assert session.query(StaffSession).count() == 0


def test_logout_ends_the_session_on_the_server(app, client):
    add_staff(app)
    login(client)
    stolen = client.get_cookie("session", path="/staff").value
    response = client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    assert response.status_code == 303
    cleared = response.headers["Clear-Site-Data"]
    assert '"cookies"' in cleared and '"storage"' in cleared and '"cache"' in cleared
    replay = app.test_client()
    replay.set_cookie("session", stolen, path="/staff")
    response = replay.get("/staff/")
    assert response.status_code == 302 and response.location.startswith("/staff/login")


def test_login_issues_a_new_session_id(app, client):
    add_staff(app)
    csrf_token(client)
    before = client.get_cookie("session", path="/staff").value
    login(client)
    after = client.get_cookie("session", path="/staff").value
    assert before != after
    planted = app.test_client()  # a cookie from before sign-in gives no access
    planted.set_cookie("session", before, path="/staff")
    assert planted.get("/staff/").status_code == 302


def test_a_64_character_arabic_password_verifies_exactly(app, client):
    assert len(ARABIC_64) == 64
    add_staff(app, "noura", ARABIC_64)
    assert login(client, "noura", ARABIC_64[:63] + "ب").status_code == 401
    assert login(client, "noura", ARABIC_64 + "ة").status_code == 401  # a 65th character: another password
    assert login(client, "noura", ARABIC_64).status_code == 303


def test_passwords_up_to_128_characters_are_kept_whole():
    long = "ع" * 127 + "x"
    stored = passwords.hash_password(long)
    assert passwords.verify(stored, long)
    assert not passwords.verify(stored, long[:-1] + "y")
    assert passwords.problem("a" * 120 + "bcdefghij") is not None  # 129 characters


@pytest.mark.parametrize("password", ["password", "12345678", "Password1", "qwertyuiop", "aaaaaaaaaa",
                                      "short", "alice"])
def test_common_or_short_passwords_are_refused(password):
    assert passwords.problem(password, "alice") is not None


def test_argon2id_with_owasp_parameters():
    stored = passwords.hash_password(PASSWORD)
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored


def test_cookies_are_http_only_samesite_and_secure_behind_https(app_factory):
    app = app_factory(HTTPS=True, SESSION_COOKIE_SECURE=True)
    add_staff(app)
    client = app.test_client()
    client.get("/staff/login?ui=en")
    response = login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie


def test_https_switch_comes_from_the_environment(instance, monkeypatch):
    from kiosk import config, create_app

    monkeypatch.setenv("KIOSK_HTTPS", "on")
    assert create_app({"TESTING": True}).config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("KIOSK_HTTPS", "maybe")
    with pytest.raises(config.ConfigError, match="KIOSK_HTTPS"):
        config.from_environment()


def test_staff_pages_follow_the_chosen_language(app, client):
    add_staff(app)
    page = client.get("/staff/login?ui=ar").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page and "تسجيل دخول الموظفين" in page
    login(client)
    client.get("/staff/dashboard?ui=ar")
    page = client.get("/staff/").get_data(as_text=True)  # the cookie keeps the choice
    assert 'dir="rtl"' in page and "طلبات الاستشارة" in page
    page = client.get("/staff/?ui=en").get_data(as_text=True)
    assert 'lang="en" dir="ltr"' in page and "Consult requests" in page


def test_staff_cli_add_list_passwd_remove(app, runner):
    result = runner.invoke(args=["staff", "add", "omar", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["staff", "add", "omar", "--password-stdin"], input=PASSWORD + "\n")
    assert result.exit_code != 0 and "already exists" in result.output
    result = runner.invoke(args=["staff", "add", "huda", "--password-stdin"], input="password\n")
    assert result.exit_code != 0 and "too common" in result.output
    result = runner.invoke(args=["staff", "add", "huda"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["staff", "list"]).output.split("\n")[0].startswith("huda")
    client = app.test_client()
    login(client, "omar")
    result = runner.invoke(args=["staff", "passwd", "omar", "--password-stdin"], input="a new desk lamp 7\n")
    assert result.exit_code == 0, result.output
    assert client.get("/staff/").status_code == 302, "a new password ends open sessions"
    assert login(client, "omar", "a new desk lamp 7").status_code == 303
    assert runner.invoke(args=["staff", "remove", "omar"]).exit_code == 0
    assert client.get("/staff/").status_code == 302
    assert "omar" not in runner.invoke(args=["staff", "list"]).output
