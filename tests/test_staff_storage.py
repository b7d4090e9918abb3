"""The staff area's storage on both databases: lockout, sessions, history, usage batches, purge, figures."""
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from staffkit import PASSWORD, add_consult, add_staff, login

from kiosk.retention import purge
from kiosk.staff import accounts, queries, stats
from kiosk.usage import UsageCounter


def test_staff_storage_works_on_both_databases(app_factory, database_url):
    app = app_factory(DATABASE_URL=database_url)
    add_staff(app)
    client = app.test_client()
    for _ in range(accounts.MAX_FAILURES):
        login(client, password="not the password")
    assert login(client).status_code == 429, "this client is refused for this name"
    with app.app_context():
        staff, wait = accounts.authenticate("alice", PASSWORD, "127.0.0.1")
        assert staff is None and wait > 0
        token = accounts.open_session(accounts.Staff(1, "alice"))
        assert accounts.resume_session(token).username == "alice"
        accounts.close_session(token)
        assert accounts.resume_session(token) is None

        old = add_consult(app, created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=365))
        new = add_consult(app, name="Hana Recent", page_language="en")
        assert queries.change(old, "alice", status="booked", note="called")
        flt = queries.InboxFilter(date_from=dt.date.today() - dt.timedelta(days=2), q="hana")
        assert [row.id for row in queries.page_of(flt)[0]] == [new]
        assert dict(stats.by_status())["booked"] == 1
        assert sum(count for _, count in stats.requests_per_day()) == 1

        counter = UsageCounter(app.extensions["kiosk_db"], flush_seconds=3600, flush_events=1000)
        for _ in range(3):
            counter.count("idle_reset", "en")
            counter.flush()
        assert stats.usage()[0][("idle_reset", "en")] == 3

        assert purge(180) == 1
        assert queries.detail(old) == (None, [])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(["q", "status", "from", "to", "page"]), st.text(max_size=40)))
def test_any_inbox_query_is_answered_never_a_500(app, query):
    client = app.test_client()
    if not hasattr(app, "_desk_ready"):
        add_staff(app)
        app._desk_ready = True
    login(client)
    # A date that is not understood is refused with 400 (the inbox saying so); anything else is a 200.
    expected = 400 if queries.InboxFilter.from_args(query).bad_dates else 200
    assert client.get("/staff/", query_string=query).status_code == expected
    assert client.get("/staff/export.csv", query_string=query).status_code == expected
