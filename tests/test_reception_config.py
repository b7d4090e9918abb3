"""Reception settings: branch, target, opening hours and mail, each checked at start-up by name."""
import subprocess
import sys

import pytest

from kiosk import config, create_app


def test_reception_defaults(instance):
    app = create_app({"TESTING": True})
    assert (app.config["BRANCH"], app.config["CALLBACK_MINUTES"]) == ("main", 120)
    assert app.config["OPENING_HOURS"] == "sat-thu 09:00-21:00"
    assert app.config["SMTP_URL"] == "" and app.config["NOTIFY_TO"] == ()


def test_reception_values_are_parsed():
    parsed = config.from_environment({
        "KIOSK_BRANCH": " Olaya ", "KIOSK_CALLBACK_MINUTES": "90",
        "KIOSK_SMTP_URL": "smtp+starttls://desk%40clinic.example:p%3Ass@mail.clinic.example:587",
        "KIOSK_NOTIFY_TO": "reception@clinic.example, manager@clinic.example",
        "KIOSK_NOTIFY_FROM": "kiosk@clinic.example", "KIOSK_STAFF_URL": "https://desk.clinic.example/"})
    assert parsed["BRANCH"] == "Olaya" and parsed["CALLBACK_MINUTES"] == 90
    assert parsed["NOTIFY_TO"] == ("reception@clinic.example", "manager@clinic.example")
    assert parsed["STAFF_URL"] == "https://desk.clinic.example"
    for url in ("smtp://127.0.0.1:25", "smtps://user:secret@mail.example:465"):
        assert config.from_environment({"KIOSK_SMTP_URL": url})["SMTP_URL"] == url


@pytest.mark.parametrize(("variable", "value"), [
    ("KIOSK_BRANCH", " "),
    ("KIOSK_CALLBACK_MINUTES", "two hours"),
    ("KIOSK_CALLBACK_MINUTES", "0"),
    ("KIOSK_OPENING_HOURS", "sat-thu 21:00-09:00"),
    ("KIOSK_OPENING_HOURS", "daily"),
    ("KIOSK_SMTP_URL", "http://mail.example"),
    ("KIOSK_SMTP_URL", "smtp://"),
    ("KIOSK_SMTP_URL", "smtp://mail.example:notaport"),
    ("KIOSK_SMTP_URL", "smtp://mail.example:99999"),
    ("KIOSK_SMTP_URL", "smtp://desk:secret@mail.example:25"),  # a password in the clear
    ("KIOSK_NOTIFY_TO", " , "),
    ("KIOSK_NOTIFY_TO", "reception"),
    ("KIOSK_NOTIFY_TO", "a@b.example\r\nBcc: x@evil.example"),
    ("KIOSK_NOTIFY_FROM", "Kiosk <kiosk@clinic.example>"),
    ("KIOSK_STAFF_URL", "desk.clinic.example"),
])
def test_bad_reception_value_names_the_variable(variable, value):
    with pytest.raises(config.ConfigError, match=variable):
        config.from_environment({variable: value})


def test_bad_opening_hours_stop_start_up_with_one_line(instance):
    env = {"KIOSK_OPENING_HOURS": "sun-thu 9-5", "KIOSK_INSTANCE_PATH": str(instance), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", "from kiosk.cli import main; main()", "routes"],
                            env=env, capture_output=True, text=True, timeout=60)
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1 and "KIOSK_OPENING_HOURS" in lines[0], result.stderr
