"""Heartbeats and CSP reports (SPEC §3, §5 Screens): hostile input refused with 4xx, memory and tables
bounded, beats batched, and the staff overview in both languages."""
import datetime as dt
import json

import pytest
from sqlalchemy import func, select, update
from staffkit import add_staff, login

from kiosk import db, screens
from kiosk.records.staff import StaffSession
from kiosk.screens import beats, overview
from kiosk.screens.models import Screen, ScreenError, ServerStatus
from kiosk.screens.reports import parse_beat
from kiosk.staff.accounts import TOUCH_EVERY

BEAT = {"screen": "lobby-2", "path": "/ar/faq", "version": "0.1.0+abc", "catalog": 1}


def post_beat(client, body, content_type="application/json", **headers):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post("/heartbeat", data=data, content_type=content_type,
                       headers={"Sec-Fetch-Site": "same-origin", **headers})


def enrol(app, *names: str) -> dict[str, str]:
    """Enrol screens of the app's branch; their keys by name."""
    from kiosk.staff import screen_admin

    with app.app_context():
        return {name: screen_admin.add(app.config["BRANCH"], name, "test").key for name in names}


def count(app, model):
    with app.app_context(), db.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


HOSTILE = [
    b"", b"not json", b"\xff\xfe", b"[]", b"null", b"[" * 4000 + b"]" * 4000,
    json.dumps({**BEAT, "screen": "../etc"}), json.dumps({**BEAT, "screen": "x" * 41}),
    json.dumps({**BEAT, "screen": "<b>"}), json.dumps({**BEAT, "screen": 7}),
    json.dumps({**BEAT, "path": "javascript:alert(1)"}), json.dumps({**BEAT, "path": None}),
    json.dumps({**BEAT, "catalog": -1}), json.dumps({**BEAT, "catalog": 2**40}),
    json.dumps({**BEAT, "catalog": True}), json.dumps({**BEAT, "version": ["x"]}),
    json.dumps({**BEAT, "errors": {"kind": "error"}}),
    json.dumps({**BEAT, "errors": [{"kind": "error", "message": "m", "line": 1}] * 6}),
    json.dumps({**BEAT, "errors": [{"kind": "other", "message": "m"}]}),
    json.dumps({**BEAT, "errors": [{"kind": "error", "message": "m", "line": "7"}]}),
    json.dumps({**BEAT, "errors": ["boom"]}),
]


@pytest.mark.parametrize("body", HOSTILE)
def test_malformed_beats_are_refused_with_400_and_never_stored(app, body):
    client = app.test_client()
    assert post_beat(client, body).status_code == 400
    with app.app_context():
        screens.flush_now()
    assert count(app, Screen) == 0 and count(app, ScreenError) == 0


def test_wrong_type_and_oversized_bodies_are_4xx(client):
    assert post_beat(client, BEAT, content_type="text/plain").status_code == 415
    assert post_beat(client, BEAT, content_type="application/x-www-form-urlencoded").status_code == 415
    assert post_beat(client, {**BEAT, "pad": "x" * 9000}).status_code == 413
    assert client.post("/csp-report", data="{}", content_type="text/html").status_code == 415
    huge = client.post("/csp-report", data="x" * 40_000, content_type="application/csp-report")
    assert huge.status_code == 413
    for body in (b"[]", b"{}", b"[1]", b'{"csp-report": 3}', b'[{"type": "csp-violation", "body": 3}]', b"{"):
        assert client.post("/csp-report", data=body, content_type="application/csp-report").status_code == 400
    assert client.post("/csp-report", data=b'{"a": 1}',
                       content_type="application/reports+json").status_code == 400
    assert client.get("/heartbeat").status_code == 405


def test_a_beat_reaches_the_table_only_at_the_flush_and_sets_no_cookie(app):
    keys = enrol(app, "lobby-2")
    client = app.test_client()
    response = post_beat(client, {**BEAT, "key": keys["lobby-2"], "errors": [
        {"kind": "error", "message": "TypeError: x is undefined", "source": "http://k/static/js/a.js?v=1",
         "line": 12}]})
    # The page is on another version than the server's: the answer says which (the page reloads itself).
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        assert response.get_json() == {"version": screens.software_version(app), "command": None,
                                       "catalog": app.extensions["kiosk_catalogs"].version}
        current = {"version": screens.software_version(app),
                   "catalog": app.extensions["kiosk_catalogs"].version}
    in_step = post_beat(client, {**BEAT, **current, "key": keys["lobby-2"]})
    assert in_step.status_code == 204 and in_step.data == b"", "nothing to say: no body"
    assert count(app, Screen) == 0, "a beat costs memory only until the flush"
    with app.app_context():
        screens.flush_now()
        with db.reading() as session:
            screen = session.scalars(select(Screen)).one()
            error = session.scalars(select(ScreenError)).one()
            server = session.scalars(select(ServerStatus)).one()
    assert (screen.branch, screen.name, screen.server) == ("main", "lobby-2", "kiosk-1")
    assert screen.path == "/ar/faq"
    assert (error.kind, error.message, error.source, error.line) == (
        "error", "TypeError: x is undefined", "http://k/static/js/a.js", 12), "no query string kept"
    assert (server.branch, server.server, server.outbox) == ("main", "kiosk-1", 0)


def test_a_screen_without_a_name_is_the_servers_kiosk_id(app_factory):
    app = app_factory(KIOSK_ID="reception-pc", BRANCH="Olaya")
    assert post_beat(app.test_client(), {k: v for k, v in BEAT.items() if k != "screen"}).status_code == 200
    with app.app_context():
        screens.flush_now()
        with db.reading() as session:
            assert session.execute(select(Screen.branch, Screen.name)).one() == ("Olaya", "reception-pc")


def test_screens_and_errors_are_bounded_against_a_flood(app):
    keys = enrol(app, "noisy")
    client = app.test_client()
    noisy = [{"kind": "error", "message": f"boom {n}", "line": n} for n in range(5)]
    for n in range(beats.MAX_SCREENS + 50):
        assert post_beat(client, {**BEAT, "screen": f"fake-{n}"}).status_code == 200
        if n % 40 == 0:
            with app.app_context():
                screens.flush_now()
    for round_ in range(6):
        errors = [{**error, "message": f"{error['message']} {round_}"} for error in noisy]
        post_beat(client, {**BEAT, "screen": "noisy", "key": keys["noisy"], "errors": errors})
        # repeats are counted, not stored
        post_beat(client, {**BEAT, "screen": "noisy", "key": keys["noisy"], "errors": errors})
        with app.app_context():
            screens.flush_now()
    assert len(app.extensions["kiosk_beats"]) <= beats.UNENROLLED_KEPT + 1
    assert count(app, Screen) == beats.UNENROLLED_KEPT + 1
    with app.app_context(), db.reading() as session:
        kept = session.scalars(select(ScreenError).where(ScreenError.screen == "noisy")).all()
        names = set(session.scalars(select(Screen.name)))
    assert len(kept) == beats.ERRORS_KEPT and {error.count for error in kept} == {2}
    assert "noisy" in names and "fake-0" not in names, "the longest silent screens gave way"


def test_csp_reports_of_both_kinds_go_to_the_screen_beating_from_that_address(app):
    keys = enrol(app, "lobby-2")
    client = app.test_client()
    post_beat(client, {**BEAT, "key": keys["lobby-2"]})
    legacy = {"csp-report": {"document-uri": "http://k/ar/faq?q=secret",
                             "violated-directive": "script-src-elem",
                             "effective-directive": "script-src-elem", "blocked-uri": "inline",
                             "source-file": "http://k/ar/faq", "line-number": 3}}
    assert client.post("/csp-report", data=json.dumps(legacy),
                       content_type="application/csp-report").status_code == 204
    batch = [{"type": "csp-violation", "age": 1, "url": "http://k/en/", "body": {
        "documentURL": "http://k/en/", "blockedURL": "http://evil.example/x.js?token=1",
        "effectiveDirective": "script-src-elem", "lineNumber": 9, "disposition": "enforce"}},
        {"type": "deprecation", "body": {"id": "x"}}]
    assert client.post("/csp-report", data=json.dumps(batch),
                       content_type="application/reports+json").status_code == 204
    with app.app_context():
        screens.flush_now()
        with db.reading() as session:
            rows = session.execute(select(ScreenError.screen, ScreenError.kind, ScreenError.message,
                                          ScreenError.source).order_by(ScreenError.line)).all()
    assert rows == [("lobby-2", "csp", "script-src-elem blocked inline", "http://k/ar/faq"),
                    ("lobby-2", "csp", "script-src-elem blocked http://evil.example/x.js", "http://k/en/")]


def test_a_csp_report_goes_to_the_screen_at_that_address_showing_its_page(app):
    """Several screens may share an address (all of them on the kiosk PC, or behind one proxy): a report
    goes to the one whose last beat showed the report's page, not simply to the one that beat last."""
    keys = enrol(app, "lobby-2", "lobby-3")
    client = app.test_client()
    post_beat(client, {**BEAT, "screen": "lobby-2", "key": keys["lobby-2"], "path": "/ar/faq"})
    post_beat(client, {**BEAT, "screen": "lobby-3", "key": keys["lobby-3"], "path": "/en/"})
    for page, line in (("/ar/faq", 3), ("/en/", 5), ("/en/article", 7)):
        report = {"csp-report": {"document-uri": f"http://k{page}?screen=x", "blocked-uri": "inline",
                                 "effective-directive": "script-src-elem", "line-number": line}}
        assert client.post("/csp-report", data=json.dumps(report),
                           content_type="application/csp-report").status_code == 204
    with app.app_context():
        screens.flush_now()
        with db.reading() as session:
            rows = session.execute(select(ScreenError.screen, ScreenError.source)
                                   .order_by(ScreenError.line)).all()
    # A page no screen there shows goes to the screen that beat last from the address.
    assert rows == [("lobby-2", "http://k/ar/faq"), ("lobby-3", "http://k/en/"), ("lobby-3", "http://k/en/article")]


def test_csp_header_names_the_report_endpoint(client):
    response = client.get("/en/")
    assert "report-uri /csp-report" in response.headers["Content-Security-Policy"]
    assert "report-to" not in response.headers["Content-Security-Policy"], "Chromium would drop report-uri"


def test_kiosk_pages_carry_the_beat_settings_and_staff_pages_do_not(app_factory):
    app = app_factory(HEARTBEAT_SECONDS=7)
    client = app.test_client()
    html = client.get("/ar/faq").get_data(as_text=True)
    assert 'data-beat="7"' in html and 'data-version="0.1.0+' in html and 'data-catalog="' in html
    assert "data-beat" not in client.get("/staff/login").get_data(as_text=True)


def test_online_means_a_beat_within_two_intervals():
    now = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    assert overview.online(now - dt.timedelta(seconds=120), 60, now)
    assert not overview.online(now - dt.timedelta(seconds=121), 60, now)
    assert overview.online((now - dt.timedelta(seconds=5)).replace(tzinfo=None), 60, now), "naive is UTC"


def test_parse_beat_keeps_no_page_text():
    beat = parse_beat(json.dumps({**BEAT, "path": "/en/consult\n", "errors": [
        {"kind": "rejection", "message": "Error: \u202ebad\u0000" + "x" * 400,
         "source": "/static/js/a.js?name=Sara"}]}
    ).encode(), "kiosk-1")
    assert beat.path == "/en/consult" and len(beat.problems[0].message) == 300
    assert beat.problems[0].source == "/static/js/a.js"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_staff_screens_lists_online_offline_behind_and_errors(app_factory, lang):
    app = app_factory(HEARTBEAT_SECONDS=30)
    keys = enrol(app, "lobby-1", "lobby-2")
    client = app.test_client()
    with app.app_context():
        current = {"version": screens.software_version(app),
                   "catalog": app.extensions["kiosk_catalogs"].version}
    post_beat(client, {**BEAT, **current, "screen": "lobby-1", "key": keys["lobby-1"]})
    post_beat(client, {**BEAT, "screen": "lobby-2", "key": keys["lobby-2"], "version": "0.0.9+old",
                       "errors": [
        {"kind": "error", "message": "<img src=x onerror=alert(1)>", "source": "/static/js/x.js",
         "line": 4}]})
    with app.app_context():
        screens.flush_now()
        with db.transaction() as session:
            session.execute(update(Screen).where(Screen.name == "lobby-2").values(
                last_seen=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)))
    add_staff(app)
    login(client)
    page = client.get(f"/staff/screens?ui={lang}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    online, offline = (("Online", "Offline since ") if lang == "en"
                       else ("متصلة", "غير متصلة منذ"))
    row1 = html[html.index('data-screen="lobby-1"'):html.index('data-screen="lobby-2"')]
    row2 = html[html.index('data-screen="lobby-2"'):]
    assert online in row1 and offline not in row1
    assert ("2 minutes ago" if lang == "en" else "(قبل دقيقتين)") in row2 and "منذ دقيقتان" not in row2
    assert offline in row2 and "&lt;img src=x onerror=alert(1)&gt;" in row2 and "<img src=x" not in html
    assert ("Behind the server" if lang == "en" else "متأخرة عن الخادم") in row2
    assert ("Behind the server" if lang == "en" else "متأخرة عن الخادم") not in row1
    fragment = client.get("/staff/screens/table").get_data(as_text=True)
    assert 'data-screen="lobby-1"' in fragment and "<html" not in fragment


def test_the_screens_pages_own_refresh_does_not_keep_the_session_alive(app):
    """A desk left on /staff/screens signs out after the idle limit like any other page."""
    client = app.test_client()
    add_staff(app)
    login(client)
    now = dt.datetime.now(dt.UTC)
    with app.app_context(), db.transaction() as session:  # as if the page was drawn a while ago
        session.query(StaffSession).update({"last_seen": now - TOUCH_EVERY * 3})
    assert client.get("/staff/screens/table").status_code == 200
    with app.app_context(), db.reading() as session:
        assert session.query(StaffSession).one().last_seen.replace(tzinfo=dt.UTC) < now - TOUCH_EVERY * 2


def test_staff_screens_needs_a_sign_in(client):
    assert client.get("/staff/screens").status_code == 302
    assert client.get("/staff/screens/table").status_code == 302
