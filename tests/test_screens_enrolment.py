"""Enrolled screens (SPEC §3 Screens as devices, §6 `kiosk screens`): keys, refused beats, the list of names
that are not enrolled, and the fake-beats attack of the review."""
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk import db, screens
from kiosk.screens import beats
from kiosk.screens.models import Enrolment, Screen, ScreenError
from kiosk.screens.reports import parse_beat
from kiosk.staff.audit import AuditEntry

BEAT = {"path": "/ar/faq", "version": "0.1.0+abc", "catalog": 1}
LAUNCH = re.compile(r"^/\?screen=([A-Za-z0-9._-]+)&key=([A-Za-z0-9_-]+)$")


def post_beat(client, body):
    return client.post("/heartbeat", data=json.dumps(body), content_type="application/json",
                       headers={"Sec-Fetch-Site": "same-origin"})


def enrol(runner, name: str, *extra: str) -> str:
    result = runner.invoke(args=["screens", "add", name, *extra])
    assert result.exit_code == 0, result.output
    match = LAUNCH.match(result.output.splitlines()[0])
    assert match and match.group(1) == name, result.output
    return match.group(2)


def rows(app):
    with app.app_context():
        screens.flush_now()
        with db.reading() as session:
            return {(row.name, row.enrolled): (row.path, row.version)
                    for row in session.scalars(select(Screen))}


def test_cli_add_prints_the_launch_url_first_and_list_and_remove_work(app, runner):
    key = enrol(runner, "lobby-1")
    assert len(key) >= 32
    listed = runner.invoke(args=["screens", "list"])
    assert listed.exit_code == 0 and "lobby-1" in listed.output and key not in listed.output
    again = runner.invoke(args=["screens", "add", "lobby-1"])
    assert again.exit_code != 0 and "enrolled already" in again.output
    assert runner.invoke(args=["screens", "add", "../etc"]).exit_code != 0
    with app.app_context(), db.reading() as session:
        stored = session.scalars(select(Enrolment)).one()
        actions = session.scalars(select(AuditEntry.action)).all()
    assert key not in stored.key_hash and len(stored.key_hash) == 64, "kept hashed"
    assert actions == ["screen_add"]
    assert runner.invoke(args=["screens", "remove", "lobby-1"]).exit_code == 0
    assert runner.invoke(args=["screens", "remove", "lobby-1"]).exit_code != 0
    assert "0 enrolled" in runner.invoke(args=["screens", "list"]).output


def test_an_enrolled_screens_beat_needs_its_key(app, runner):
    key = enrol(runner, "lobby-1")
    client = app.test_client()
    assert post_beat(client, {**BEAT, "screen": "lobby-1", "key": key}).status_code in (200, 204)
    assert rows(app) == {("lobby-1", True): ("/ar/faq", "0.1.0+abc")}
    for wrong in ({}, {"key": ""}, {"key": key[:-1]}, {"key": key + "x"}, {"key": 7}, {"key": None},
                  {"key": "x" * 5000}):
        answer = post_beat(client, {**BEAT, "screen": "lobby-1", "path": "/en/defaced", "version": "evil",
                                    "errors": [{"kind": "error", "message": "URGENT"}], **wrong})
        assert answer.status_code == 403, wrong
    assert rows(app) == {("lobby-1", True): ("/ar/faq", "0.1.0+abc")}, "a refused beat changes nothing"
    with app.app_context(), db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ScreenError)) == 0


def test_a_beat_without_a_name_is_the_kiosk_id_and_needs_its_key_when_enrolled(app_factory):
    app = app_factory(KIOSK_ID="reception-pc")
    runner = app.test_cli_runner()
    key = enrol(runner, "reception-pc")
    client = app.test_client()
    assert post_beat(client, BEAT).status_code == 403
    assert post_beat(client, {**BEAT, "key": key}).status_code in (200, 204)
    assert rows(app) == {("reception-pc", True): ("/ar/faq", "0.1.0+abc")}


def test_removing_a_screen_makes_its_key_worthless(app, runner):
    key = enrol(runner, "lobby-1")
    client = app.test_client()
    assert post_beat(client, {**BEAT, "screen": "lobby-1", "key": key}).status_code in (200, 204)
    assert runner.invoke(args=["screens", "remove", "lobby-1"]).exit_code == 0
    rows(app)
    # Enrolled again under the same name: the old key is refused, and so is any old row.
    new_key = enrol(runner, "lobby-1")
    assert post_beat(client, {**BEAT, "screen": "lobby-1", "key": key}).status_code == 403
    assert rows(app) == {}
    assert post_beat(client, {**BEAT, "screen": "lobby-1", "key": new_key}).status_code in (200, 204)
    assert set(rows(app)) == {("lobby-1", True)}


def test_names_not_enrolled_are_kept_apart_at_most_20_oldest_out(app, runner):
    key = enrol(runner, "lobby-1")
    client = app.test_client()
    post_beat(client, {**BEAT, "screen": "lobby-1", "key": key})
    for n in range(30):
        assert post_beat(client, {**BEAT, "screen": f"stranger-{n}", "path": f"/en/{n}"}).status_code != 403
        if n % 7 == 0:
            rows(app)
    kept = rows(app)
    strangers = sorted(name for name, enrolled in kept if not enrolled)
    assert len(strangers) == beats.UNENROLLED_KEPT
    assert "stranger-29" in strangers and "stranger-0" not in strangers, "the oldest went"
    assert kept[("lobby-1", True)] == ("/ar/faq", "0.1.0+abc")


def test_the_review_attack_300_fake_screens_and_an_urgent_script_error(app, runner, client):
    """What the review did: 300 made-up screens, one of them claiming the enrolled screen's name, and a
    script error telling staff to call a number. The enrolled screen keeps its row and shows no such text."""
    key = enrol(runner, "lobby-1")
    post_beat(client, {**BEAT, "screen": "lobby-1", "key": key})
    rows(app)
    urgent = "URGENT: screen hacked, call IT on 0555 000 000"
    for n in range(300):
        fake = {**BEAT, "screen": f"fake-{n}", "path": "/en/", "errors": [
            {"kind": "error", "message": urgent, "source": "/static/js/kiosk.js", "line": 1}]}
        post_beat(client, fake)
        if n % 50 == 0:
            post_beat(client, {**fake, "screen": "lobby-1"})  # without the key
            rows(app)
    # CSP reports from the attacker's address name no screen: they find no enrolled screen to deface…
    report = {"csp-report": {"document-uri": "http://k/en/", "blocked-uri": "inline",
                             "effective-directive": "script-src-elem", "source-file": urgent}}
    client.post("/csp-report", data=json.dumps(report), content_type="application/csp-report",
                environ_base={"REMOTE_ADDR": "10.9.9.9"})
    kept = rows(app)
    assert kept[("lobby-1", True)] == ("/ar/faq", "0.1.0+abc")
    assert sum(1 for _, enrolled in kept if not enrolled) == beats.UNENROLLED_KEPT
    with app.app_context(), db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ScreenError)) == 0
    from staffkit import add_staff, login

    add_staff(app)
    login(client)
    html = client.get("/staff/screens?ui=en").get_data(as_text=True)
    assert "URGENT" not in html and "0555" not in html
    assert 'data-screen="lobby-1"' in html


NAMES = st.one_of(st.sampled_from(["lobby-1", "lobby-2", "x"]),
                  st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", fullmatch=True))
KEYS = st.one_of(st.none(), st.text(max_size=60), st.integers(), st.sampled_from(["", "k" * 32]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(attempts=st.lists(st.tuples(NAMES, KEYS, st.text(max_size=30)), min_size=1, max_size=40))
def test_arbitrary_beats_never_change_an_enrolled_row_and_strangers_stay_bounded(app, attempts):
    with app.app_context():
        if not getattr(app, "_enrolled_key", None):
            from kiosk.staff import screen_admin

            app._enrolled_key = screen_admin.add("main", "lobby-1", "test").key
            app.test_client().post("/heartbeat", data=json.dumps({**BEAT, "screen": "lobby-1",
                                                                  "key": app._enrolled_key}),
                                   content_type="application/json")
    client = app.test_client()
    for name, key, path in attempts:
        body = {**BEAT, "screen": name, "path": "/" + path, "version": path[:40]}
        if key is not None:
            body["key"] = key
        answer = post_beat(client, body)
        assert answer.status_code in (200, 204, 400, 403)
        if name == "lobby-1":
            assert answer.status_code in (400, 403)
    kept = rows(app)
    assert kept[("lobby-1", True)] == ("/ar/faq", "0.1.0+abc")
    assert sum(1 for _, enrolled in kept if not enrolled) <= beats.UNENROLLED_KEPT
    assert len(app.extensions["kiosk_beats"]) <= beats.UNENROLLED_KEPT + beats.MAX_SCREENS


TAPS = {"count": 12, "p50_ms": 41.5, "p75_ms": 230, "prerendered": 0.5}


@pytest.mark.parametrize("taps", [
    None, "x", [], {}, {**TAPS, "count": -1}, {**TAPS, "count": True}, {**TAPS, "count": 10**9},
    {**TAPS, "p50_ms": "40"}, {**TAPS, "p75_ms": 1e300}, {**TAPS, "p75_ms": float("nan")},
    {**TAPS, "prerendered": 1.5}, {**TAPS, "prerendered": -0.1}, {**TAPS, "p50_ms": 300},
    {**TAPS, "count": 0},
])
def test_a_bad_taps_figure_is_ignored_and_the_beat_still_counts(taps):
    body = json.dumps({**BEAT, "screen": "lobby-1", "taps": taps}, allow_nan=True).encode()
    beat = parse_beat(body, "kiosk-1")
    assert beat.taps is None and beat.path == "/ar/faq"


def test_the_taps_figure_is_stored_and_kept_when_a_beat_has_none(app, runner):
    key = enrol(runner, "lobby-1")
    client = app.test_client()
    post_beat(client, {**BEAT, "screen": "lobby-1", "key": key, "taps": TAPS})
    rows(app)
    post_beat(client, {**BEAT, "screen": "lobby-1", "key": key})
    rows(app)
    with app.app_context(), db.reading() as session:
        row = session.scalars(select(Screen)).one()
    assert (row.taps_count, row.taps_p50, row.taps_p75, row.taps_prerendered) == (12, 42, 230, 0.5)


def test_the_taps_figure_is_kept_when_a_beat_without_one_follows_it_before_a_flush(app, runner):
    key = enrol(runner, "lobby-1")
    client = app.test_client()
    post_beat(client, {**BEAT, "screen": "lobby-1", "key": key, "taps": TAPS})
    post_beat(client, {**BEAT, "screen": "lobby-1", "key": key})  # the same screen's page, fresh, no taps yet
    rows(app)
    with app.app_context(), db.reading() as session:
        row = session.scalars(select(Screen)).one()
    assert (row.taps_count, row.taps_p50, row.taps_p75, row.taps_prerendered) == (12, 42, 230, 0.5)
