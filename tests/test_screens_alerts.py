"""Offline alerts (SPEC §3): an enrolled screen silent for KIOSK_SCREEN_ALERT_MINUTES in opening hours sends
one mail through the durable queue to a real SMTP server (aiosmtpd), and one when it is back; nothing at
night, and a screen still silent at opening counts from the opening. The clock is the test's."""
import datetime as dt
import email
from email import policy

import pytest
from smtp_support import SmtpServer
from sqlalchemy import update

from kiosk import config, db
from kiosk.reception import mailqueue, screen_alerts
from kiosk.screens.models import Screen
from kiosk.staff import screen_admin

RIYADH = dt.timezone(dt.timedelta(hours=3))
SUNDAY_10 = dt.datetime(2026, 12, 6, 10, 0, tzinfo=RIYADH)  # a Sunday: open 09:00-21:00
MAIL = {"NOTIFY_TO": ("reception@clinic.example",), "NOTIFY_FROM": "kiosk@clinic.example",
        "STAFF_URL": "https://desk.clinic.example", "BRANCH": "Olaya", "OPENING_HOURS": "sat-thu 09:00-21:00"}


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def clinic(app_factory, smtp):
    app = app_factory(SMTP_URL=smtp.url, **MAIL)
    with app.app_context():
        screen_admin.add("Olaya", "lobby-1", "test")
    return app


def beat_at(app, moment: dt.datetime, name: str = "lobby-1") -> None:
    """The screen's last beat was at `moment` (as the flush writes it)."""
    from kiosk.screens import beats
    from kiosk.screens.reports import Beat

    with app.app_context():
        buffer = beats.BeatBuffer("Olaya", "kiosk-1")
        buffer.beat(Beat(name, "/", "v", 1, ()))
        beats.flush(buffer, {"version": "v", "catalog": 1, "heartbeat_seconds": 60, "outbox": 0,
                             "outbox_oldest": None})
        with db.transaction() as session:
            session.execute(update(Screen).where(Screen.name == name)
                            .values(last_seen=moment.astimezone(dt.UTC)))


def check(app, moment: dt.datetime) -> int:
    with app.app_context():
        return screen_alerts.check(moment.astimezone(dt.UTC))


def sent(app, smtp, moment: dt.datetime) -> list[str]:
    with app.app_context():
        mailqueue.deliver_due(moment.astimezone(dt.UTC))
    texts = []
    for _, _, raw in smtp.messages:
        message = email.message_from_bytes(raw, policy=policy.default)
        texts.append(str(message["Subject"]) + "\n" + message.get_content())
    smtp.messages.clear()
    return texts


def test_one_mail_when_a_screen_goes_silent_and_one_when_it_is_back(clinic, smtp):
    beat_at(clinic, SUNDAY_10)
    assert check(clinic, SUNDAY_10 + dt.timedelta(minutes=9, seconds=59)) == 0
    assert check(clinic, SUNDAY_10 + dt.timedelta(minutes=10)) == 1
    assert check(clinic, SUNDAY_10 + dt.timedelta(minutes=40)) == 0, "one mail, not one a minute"
    [offline] = sent(clinic, smtp, SUNDAY_10 + dt.timedelta(minutes=10))
    for needed in ("lobby-1", "Olaya", "2026-12-06 10:00", "offline", "غير متصلة",
                   "https://desk.clinic.example/staff/screens"):
        assert needed in offline
    beat_at(clinic, SUNDAY_10 + dt.timedelta(minutes=45))
    assert check(clinic, SUNDAY_10 + dt.timedelta(minutes=46)) == 1
    assert check(clinic, SUNDAY_10 + dt.timedelta(minutes=47)) == 0
    [back] = sent(clinic, smtp, SUNDAY_10 + dt.timedelta(minutes=46))
    assert "is back" in back and "2026-12-06 10:00" in back and "lobby-1" in back and "عادت" in back


def test_nothing_at_night_and_a_screen_silent_at_opening_counts_from_the_opening(clinic, smtp):
    evening = dt.datetime(2026, 12, 6, 20, 55, tzinfo=RIYADH)  # Sunday, five minutes before closing
    beat_at(clinic, evening)
    for moment in (evening + dt.timedelta(minutes=6), evening + dt.timedelta(hours=3),
                   dt.datetime(2026, 12, 7, 8, 59, tzinfo=RIYADH),  # Monday, before opening
                   dt.datetime(2026, 12, 7, 9, 9, 59, tzinfo=RIYADH)):
        assert check(clinic, moment) == 0, moment
    assert check(clinic, dt.datetime(2026, 12, 7, 9, 10, tzinfo=RIYADH)) == 1
    [offline] = sent(clinic, smtp, dt.datetime(2026, 12, 7, 9, 10, tzinfo=RIYADH))
    assert "2026-12-06 20:55" in offline, "since its last beat"


def test_a_closed_day_sends_nothing(clinic, smtp):
    thursday_night = dt.datetime(2026, 12, 10, 20, 0, tzinfo=RIYADH)
    beat_at(clinic, thursday_night)
    friday = dt.datetime(2026, 12, 11, 12, 0, tzinfo=RIYADH)
    assert check(clinic, friday) == 0
    assert check(clinic, dt.datetime(2026, 12, 12, 9, 10, tzinfo=RIYADH)) == 1  # Saturday, ten minutes in


def test_two_servers_checking_one_database_queue_one_mail(clinic, app_factory, smtp):
    other = app_factory(SMTP_URL=smtp.url, **MAIL)
    beat_at(clinic, SUNDAY_10)
    later = SUNDAY_10 + dt.timedelta(minutes=11)
    assert check(clinic, later) + check(other, later) == 1
    assert len(sent(other, smtp, later)) == 1


def test_no_alert_without_mail_set_up_and_a_removed_screen_is_forgotten(app_factory, smtp):
    quiet = app_factory(**{**MAIL, "NOTIFY_TO": ()})
    with quiet.app_context():
        screen_admin.add("Olaya", "lobby-9", "test")
    beat_at(quiet, SUNDAY_10, "lobby-9")
    assert check(quiet, SUNDAY_10 + dt.timedelta(hours=1)) == 0
    loud = app_factory(SMTP_URL=smtp.url, **MAIL)
    with loud.app_context():
        screen_admin.remove("Olaya", "lobby-9")
    assert check(loud, SUNDAY_10 + dt.timedelta(hours=1)) == 0


@pytest.mark.parametrize("raw", ["0", "-5", "ten", "10081", ""])
def test_screen_alert_minutes_is_validated(raw):
    with pytest.raises(config.ConfigError, match="KIOSK_SCREEN_ALERT_MINUTES"):
        config.from_environment({"KIOSK_SCREEN_ALERT_MINUTES": raw})
    assert config.from_environment({"KIOSK_SCREEN_ALERT_MINUTES": "15"})["SCREEN_ALERT_MINUTES"] == 15


def test_kiosk_serve_starts_the_check_and_the_mail_goes_out(app_factory, smtp):
    """As `kiosk serve` starts its workers: a screen silent an hour in open hours gets its mail by itself."""
    from kiosk import background

    app = app_factory(SMTP_URL=smtp.url, **{**MAIL, "OPENING_HOURS": "sat-fri 00:00-24:00"},
                      SCREEN_ALERT_CHECK_SECONDS=0.5, MAIL_INTERVAL_SECONDS=0.5)
    with app.app_context():
        screen_admin.add("Olaya", "lobby-1", "test")
    beat_at(app, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    workers = background.start(app)
    try:
        assert "screen-alerts" in {worker.name for worker in workers}
        assert smtp.inbox.received.wait(30), "the alert went out"
    finally:
        for worker in workers:
            worker.stop()
    [(_, recipients, raw)] = smtp.messages
    assert recipients == ["reception@clinic.example"] and b"lobby-1" in raw
