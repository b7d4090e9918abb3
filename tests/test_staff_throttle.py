"""Sign-in throttling (docs/deployment.md, "Sign-in throttling"): failures count per client and per name from
that client, so a stranger's failures never keep a staff member out, and every name still resists guessing."""
import datetime as dt
import re

import pytest
from sqlalchemy import update
from staffkit import PASSWORD, add_staff, csrf_token, second_step

from kiosk import db
from kiosk.records.staff import LoginFailure
from kiosk.staff import accounts

ATTACKER, DESK, ELSEWHERE = "203.0.113.7", "192.168.1.20", "192.168.1.30"


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, name: str = "alice", password: str = PASSWORD, ui: str = "en"):
    token = csrf_token(client, f"/staff/login?ui={ui}")
    response = client.post("/staff/login", data={"csrf_token": token, "username": name, "password": password})
    return second_step(client, response, name)  # a right password goes on to the app code


def retry_after(response) -> int:
    return int(response.headers["Retry-After"])


def test_five_failures_for_a_name_refuse_that_client_for_15_minutes_with_429_even_with_the_right_password(
        app_factory):
    first, second = app_factory(), app_factory()  # two server processes sharing one database
    add_staff(first)
    client = client_at(first, ATTACKER)
    for _ in range(4):
        assert attempt(client, password="wrong password").status_code == 401
    refused = attempt(client, name="ALICE", password="still wrong")  # counted per name, in any case
    assert refused.status_code == 429 and 890 <= retry_after(refused) <= 900
    assert "15 minutes" in refused.get_data(as_text=True)
    same_client_other_process = attempt(client_at(second, ATTACKER))
    assert same_client_other_process.status_code == 429, "the refusal is kept in the database"
    with first.app_context(), db.transaction() as session:  # fifteen minutes later
        session.execute(update(LoginFailure).values(locked_until=dt.datetime.now(dt.UTC)
                                                    - dt.timedelta(seconds=1)))
    assert attempt(client_at(second, ATTACKER)).status_code == 303


def test_a_strangers_failures_never_lock_the_staff_member_out_at_their_own_desk(app):
    add_staff(app)
    attacker = client_at(app, ATTACKER)
    for _ in range(30):  # keeps failing for the name, long after being refused
        assert attempt(attacker, password="guess guess").status_code in (401, 429)
    assert attempt(attacker).status_code == 429, "the right password does not help the refused client"
    assert attempt(client_at(app, DESK)).status_code == 303


def test_a_client_failing_ten_times_across_names_is_throttled_for_every_name_with_429(app):
    add_staff(app)
    client = client_at(app, ATTACKER)
    for number in range(10):  # a different name each time: spraying, not guessing one name
        assert attempt(client, name=f"user{number}", password="wrong password").status_code == 401
    throttled = attempt(client, name="alice")
    assert throttled.status_code == 429 and 0 < retry_after(throttled) <= 15 * 60
    assert "Too many failed sign-ins from this computer" in throttled.get_data(as_text=True)
    assert throttled.headers["Cache-Control"] == "no-store"
    assert attempt(client_at(app, DESK)).status_code == 303, "other clients are not throttled"


def test_a_throttled_answer_speaks_the_staff_members_language(app):
    add_staff(app)
    client = client_at(app, ATTACKER)
    for number in range(10):
        attempt(client, name=f"user{number}", password="wrong password", ui="ar")
    throttled = attempt(client, name="alice", ui="ar")
    html = throttled.get_data(as_text=True)
    assert throttled.status_code == 429 and 'lang="ar"' in html
    assert re.search(r"محاولات دخول فاشلة كثيرة من هذا الحاسوب", html)


def test_successful_sign_ins_do_not_count_against_the_client(app):
    add_staff(app)
    client = client_at(app, DESK)
    for _ in range(12):
        assert attempt(client).status_code == 303
        client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})


def test_a_success_clears_that_clients_count_for_the_name(app):
    add_staff(app)
    client = client_at(app, DESK)
    for _ in range(4):
        attempt(client, password="typo typo")
    assert attempt(client).status_code == 303
    client.post("/staff/logout", data={"csrf_token": csrf_token(client, "/staff/")})
    for _ in range(4):
        assert attempt(client, password="typo typo").status_code == 401


@pytest.mark.parametrize("name", ["nobody", "ALICE"])
def test_refusals_name_no_account_and_store_no_address(app, name):
    """Unknown names are refused exactly like known ones; the database keeps neither name nor address."""
    add_staff(app)
    client = client_at(app, ATTACKER)
    for _ in range(5):
        attempt(client, name=name, password="wrong password")
    assert attempt(client, name=name).status_code == 429
    with app.app_context(), db.reading() as session:
        keys = [row.username for row in session.query(LoginFailure)]
    assert keys and not any(ATTACKER in key or name.casefold() in key for key in keys)


def test_the_domain_rule_without_http(app):
    add_staff(app)
    with app.app_context():
        for _ in range(accounts.MAX_FAILURES - 1):
            assert accounts.authenticate("alice", "wrong password", ATTACKER) == (None, 0)
        staff, wait = accounts.authenticate("alice", "wrong password", ATTACKER)
        assert staff is None and 890 <= wait <= 900
        assert accounts.authenticate("alice", PASSWORD, ATTACKER)[1] > 0
        assert accounts.authenticate("alice", PASSWORD, ELSEWHERE)[0].username == "alice"
