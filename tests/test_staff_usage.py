"""Usage figures: counted in memory (no database write per page view), flushed in batches."""
import pytest
from sqlalchemy import event

from kiosk import db
from kiosk.records.staff import UsageCount
from kiosk.usage import UsageCounter


def _stored(app) -> dict:
    with app.app_context(), db.reading() as session:
        return {(row.lang, row.event, row.detail): row.count for row in session.query(UsageCount)}


def _count_writes(app) -> list[str]:
    writes = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(app.extensions["kiosk_db"].engine, "before_cursor_execute", record)
    return writes


def test_page_views_are_counted_without_a_write_per_view(app, client):
    writes = _count_writes(app)
    for _ in range(30):
        assert client.get("/ar/faq").status_code == 200
    for _ in range(12):
        client.get("/en/article")
    client.get("/en/nope")  # a 404 is not a page view
    client.get("/healthz")
    assert writes == []
    assert _stored(app) == {}
    app.extensions["kiosk_usage"].flush()
    assert len(writes) <= 4, "one small batch"
    assert _stored(app) == {("ar", "page_view", ""): 30, ("en", "page_view", ""): 12}


def test_a_full_batch_is_flushed_by_itself(app):
    counter = UsageCounter(app.extensions["kiosk_db"], flush_seconds=3600, flush_events=5)
    with app.app_context():
        for _ in range(4):
            counter.count("idle_reset", "ar")
        assert _stored(app) == {}
        counter.count("idle_reset", "ar")
        assert _stored(app) == {("ar", "idle_reset", ""): 5}
        counter.count("idle_reset", "ar")
        counter.flush()
    assert _stored(app) == {("ar", "idle_reset", ""): 6}, "later batches add to the same counter"


@pytest.mark.parametrize("form", [
    {"event": "explainer_step", "lang": "ar", "detail": "anagen"},
    {"event": "form_started", "lang": "en", "detail": ""},
    {"event": "idle_reset", "lang": "ar"},
    # A prerendered page's view is not its request: the page reports it once it is shown.
    {"event": "page_view", "lang": "ar"},
])
def test_the_beacon_counts_client_events(app, client, form):
    response = client.post("/usage", data=form)  # no CSRF token: counters only, nothing personal
    assert response.status_code == 204
    app.extensions["kiosk_usage"].flush()
    assert _stored(app) == {(form["lang"], form["event"], form.get("detail", "")): 1}


@pytest.mark.parametrize("form", [
    {"event": "explainer_step", "lang": "ar", "detail": "not-a-step"},
    {"event": "explainer_step", "lang": "ar"},
    {"event": "form_started", "lang": "en", "detail": "0551234567"},
    {"event": "form_sent", "lang": "ar"},
    {"event": "idle_reset", "lang": "fr"},
    {"event": "<script>", "lang": "ar"},
    {},
])
def test_the_beacon_refuses_anything_else(app, client, form):
    assert client.post("/usage", data=form).status_code == 400
    assert client.get("/usage").status_code in (404, 405)
    app.extensions["kiosk_usage"].flush()
    assert _stored(app) == {}


def test_a_sent_consult_form_is_counted(app, client):
    import re

    html = client.get("/en/consult").get_data(as_text=True)
    hidden = dict(re.findall(r'name="(csrf_token|submission_id)"[^>]*value="([^"]+)"', html)
                  or [(name, value) for value, name in
                      re.findall(r'value="([^"]+)"[^>]*name="(csrf_token|submission_id)"', html)])
    form = {**hidden, "name": "Layla Test", "phone": "0551234567", "preferred_language": "en",
            "preferred_time": "evening", "message": "", "consent": "y"}
    assert client.post("/en/consult", data=form).status_code == 303
    app.extensions["kiosk_usage"].flush()
    stored = _stored(app)
    assert stored[("en", "form_sent", "")] == 1
    assert not any("Layla" in key or "055" in key for keys in stored for key in keys)
