"""/staff/screens as the desk that manages screens (SPEC §3 Screens as devices): enrolment with its launch
URL and QR code (admin), Reload / Back to start carried by the next beat (reception, admin), audited, the
field figure in words, and /staff/screens.json for monitoring."""
import json
import re

import pytest
from sqlalchemy import select
from staffkit import add_staff, csrf_token, login

from kiosk import db, screens
from kiosk.staff.audit import AuditEntry

BEAT = {"path": "/en/", "version": "0.0.1+old", "catalog": 0}


def post_beat(client, name, key, **extra):
    return client.post("/heartbeat", data=json.dumps({**BEAT, "screen": name, "key": key, **extra}),
                       content_type="application/json", headers={"Sec-Fetch-Site": "same-origin"})


def desk(app, role="admin"):
    client = app.test_client()
    add_staff(app, f"{role}-1", role=role)
    login(client, f"{role}-1")
    return client


def enrol_on_the_page(client, name: str, lang: str = "en") -> str:
    page = client.post(f"/staff/screens/add?ui={lang}",
                       data={"csrf_token": csrf_token(client, "/staff/screens"), "name": name})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    url = re.search(r'data-launch-url>([^<]+)<', html).group(1).replace("&amp;", "&")
    assert re.fullmatch(rf"http://localhost/\?screen={re.escape(name)}&key=[A-Za-z0-9_-]{{32}}", url)
    assert '<svg viewBox="' in html and 'class="qr-code"' in html, "the QR code, drawn by the server"
    drawn = html.split('class="qr"', 1)[1].split("</svg>", 1)[0]
    assert "style=" not in drawn, "CSP-safe: no style attribute"
    return url.split("key=", 1)[1]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_an_admin_enrols_and_removes_a_screen_on_the_page(app, lang):
    client = desk(app)
    key = enrol_on_the_page(client, "lobby-1", lang)
    assert post_beat(app.test_client(), "lobby-1", key).status_code in (200, 204)
    again = client.post("/staff/screens/add", data={"csrf_token": csrf_token(client, "/staff/screens"),
                                                     "name": "lobby-1"})
    assert again.status_code == 400
    bad = client.post("/staff/screens/add", data={"csrf_token": csrf_token(client, "/staff/screens"),
                                                   "name": "<b>x</b>"})
    assert bad.status_code == 400 and "<b>x</b>" not in bad.get_data(as_text=True)
    gone = client.post("/staff/screens/remove", data={
        "csrf_token": csrf_token(client, "/staff/screens"), "branch": "main", "screen": "lobby-1"})
    assert gone.status_code == 303
    assert post_beat(app.test_client(), "lobby-1", key).status_code != 403, "no longer enrolled"
    with app.app_context(), db.reading() as session:
        entries = session.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail)
                                  .order_by(AuditEntry.id)).all()
    assert [entry for entry in entries if entry[1].startswith("screen")] == [
        ("admin-1", "screen_add", "main/lobby-1"), ("admin-1", "screen_remove", "main/lobby-1")]


def test_reception_sends_commands_but_cannot_enrol(app):
    with app.app_context():
        from kiosk.staff import screen_admin

        key = screen_admin.add("main", "lobby-1", "test").key
    client = desk(app, "reception")
    html = client.get("/staff/screens").get_data(as_text=True)
    assert 'name="name"' not in html and "data-remove" not in html
    token = csrf_token(client, "/staff/screens")
    assert client.post("/staff/screens/add", data={"csrf_token": token, "name": "x"}).status_code == 403
    assert client.post("/staff/screens/remove", data={"csrf_token": token, "branch": "main",
                                                       "screen": "lobby-1"}).status_code == 403
    assert client.post("/staff/screens/command", data={"command": "reload", "branch": "main",
                                                        "screen": "lobby-1"}).status_code == 400, "no token"
    cross = client.post("/staff/screens/command", data={"csrf_token": token, "command": "reload",
                                                         "branch": "main", "screen": "lobby-1"},
                        headers={"Sec-Fetch-Site": "cross-site"})
    assert cross.status_code == 403
    screen = app.test_client()
    assert post_beat(screen, "lobby-1", key).get_json()["command"] is None
    sent = client.post("/staff/screens/command", data={"csrf_token": token, "command": "reload",
                                                        "branch": "main", "screen": "lobby-1"})
    assert sent.status_code == 303
    assert post_beat(screen, "lobby-1", "wrong").status_code == 403
    assert post_beat(screen, "lobby-1", key).get_json()["command"] == "reload"
    assert post_beat(screen, "lobby-1", key).get_json()["command"] is None, "delivered once"
    with app.app_context(), db.reading() as session:
        details = session.scalars(select(AuditEntry.detail)
                                  .where(AuditEntry.action == "screen_command")).all()
    assert details == ["reload main/lobby-1"]


def test_a_branch_command_reaches_every_screen_of_the_branch(app):
    from kiosk.staff import screen_admin

    with app.app_context():
        keys = {name: screen_admin.add("main", name, "test").key for name in ("a", "b")}
        screen_admin.add("Olaya", "c", "test")
    client = desk(app, "reception")
    token = csrf_token(client, "/staff/screens")
    for bad in ({"command": "format-disk", "branch": "main"}, {"command": "home"}, {}):
        assert client.post("/staff/screens/command", data={"csrf_token": token, **bad}).status_code == 400
    answer = client.post("/staff/screens/command", data={"csrf_token": token, "command": "home",
                                                          "branch": "main"})
    assert answer.status_code == 303 and "count=2" in answer.headers["Location"]
    shown = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "2 screens will go back to the start" in shown
    screen = app.test_client()
    assert [post_beat(screen, name, key).get_json()["command"] for name, key in keys.items()] == ["home"] * 2
    from kiosk.screens.models import Enrolment

    with app.app_context(), db.reading() as session:
        assert session.get(Enrolment, ("Olaya", "c")).command is None, "another branch's screen: untouched"


def test_the_taps_figure_is_shown_in_words_and_a_slow_screen_is_flagged(app):
    from kiosk.staff import screen_admin

    with app.app_context():
        keys = {name: screen_admin.add("main", name, "test").key for name in ("fast", "slow", "new")}
    screen = app.test_client()
    post_beat(screen, "fast", keys["fast"], taps={"count": 20, "p50_ms": 30, "p75_ms": 48,
                                                  "prerendered": 0.9})
    post_beat(screen, "slow", keys["slow"], taps={"count": 7, "p50_ms": 150, "p75_ms": 240.4,
                                                  "prerendered": 0})
    post_beat(screen, "new", keys["new"])
    with app.app_context():
        screens.flush_now()
    client = desk(app, "reception")
    html = client.get("/staff/screens?ui=en").get_data(as_text=True)
    rows = {name: html[html.index(f'data-screen="{name}"'):].split("</tr>", 1)[0] for name in keys}
    assert "75 % of taps within 48 ms" in rows["fast"] and "Slow" not in rows["fast"]
    assert "75 % of taps within 240 ms" in rows["slow"] and "Slow" in rows["slow"]
    assert "No taps measured yet" in rows["new"]
    arabic = client.get("/staff/screens?ui=ar").get_data(as_text=True)
    assert "75 % من مرات الضغط خلال 240" in arabic and "بطيئة" in arabic

    data = client.get("/staff/screens.json")
    assert data.status_code == 200 and data.headers["Cache-Control"] == "no-store"
    body = data.get_json()
    by_name = {item["name"]: item for item in body["screens"]}
    assert by_name["fast"]["taps"] == {"count": 20, "p50_ms": 30, "p75_ms": 48, "prerendered": 0.9}
    assert by_name["new"]["taps"] is None
    for item in by_name.values():
        assert {"name", "branch", "enrolled", "online", "page", "version", "catalog", "taps"} <= set(item)
    assert by_name["slow"] | {"enrolled": True, "online": True, "page": "/en/", "version": "0.0.1+old",
                              "catalog": 0, "branch": "main"} == by_name["slow"]
    with app.app_context():
        version = screens.software_version(app)
    assert body["servers"][0]["version"] == version and "catalog" in body["servers"][0]
    assert body["this_server"]["version"] == version


def test_screens_json_needs_reception_or_admin(app):
    assert app.test_client().get("/staff/screens.json").status_code == 302
    client = desk(app, "translator")
    assert client.get("/staff/screens.json").status_code == 403


HOSTILE_FORMS = [
    {"branch": "main\x00", "screen": "lobby-1"}, {"branch": "main", "screen": "lobby\x00"},
    {"branch": "x" * 5000, "screen": "lobby-1"}, {"branch": "main", "screen": "../../etc"},
    {"branch": "", "screen": "lobby-1"}, {"screen": "lobby-1"}, {"branch": "main", "screen": "x" * 41},
]


def test_hostile_desk_forms_are_400_on_both_databases(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    client = desk(app)
    token = csrf_token(client, "/staff/screens")
    for form in HOSTILE_FORMS:
        for action, extra in (("command", {"command": "reload"}), ("remove", {})):
            answer = client.post(f"/staff/screens/{action}", data={"csrf_token": token, **form, **extra})
            assert answer.status_code == 400, (action, form)
    for name in ("lobby\x00", "x" * 5000, "", "<script>"):
        answer = client.post("/staff/screens/add", data={"csrf_token": token, "name": name})
        assert answer.status_code == 400
    answer = post_beat(app.test_client(), "lobby-1", "k\x00" * 40, path="/\x00", version="\x00")
    assert answer.status_code in (200, 204)
