"""The kiosk's own pages report usage as a patient uses them: explainer steps, forms started, idle resets."""
import pytest
from sqlalchemy import func, select

from kiosk import content, db
from kiosk.records.staff import UsageCount

pytestmark = pytest.mark.browser


def counts(app, event: str) -> dict[str, int]:
    """Every count of `event` so far (flushed first), by detail."""
    app.extensions["kiosk_usage"].flush()
    with app.app_context(), db.reading() as session:
        rows = session.execute(select(UsageCount.detail, func.sum(UsageCount.count))
                               .where(UsageCount.event == event).group_by(UsageCount.detail))
        return {detail: int(total) for detail, total in rows}


def wait_for(page, app, event: str, expected) -> dict[str, int]:
    """Beacons are asynchronous: poll the counter until it matches, for a bounded number of tries."""
    for _ in range(60):
        found = counts(app, event)
        if found == expected:
            break
        page.wait_for_timeout(100)
    return found


def test_each_explainer_step_reached_is_counted_once(kiosk_server, screen):
    server = kiosk_server()
    page = screen()
    page.goto(f"{server.url}/ar/how-it-works")
    for _ in range(len(content.STEPS) - 1):
        page.tap("[data-step-next]")
    page.tap("[data-step-prev]")  # going back to a step reached already adds nothing
    expected = {step.slug: 1 for step in content.STEPS}
    assert wait_for(page, server.app, "explainer_step", expected) == expected


def test_a_form_counts_as_started_at_the_first_input(kiosk_server, screen):
    server = kiosk_server()
    page = screen()
    page.goto(f"{server.url}/en/consult")
    page.fill("#name", "Sara")
    page.fill("#phone", "0501234567")
    assert wait_for(page, server.app, "form_started", {"": 1}) == {"": 1}


def test_an_idle_reset_is_counted_when_the_countdown_runs_out(kiosk_server, screen):
    server = kiosk_server(IDLE_SECONDS=1, IDLE_COUNTDOWN_SECONDS=1)
    page = screen()
    page.goto(f"{server.url}/en/faq")
    page.wait_for_url(f"{server.url}/", timeout=10_000)
    assert wait_for(page, server.app, "idle_reset", {"": 1}) == {"": 1}
