"""Configuration from the environment: defaults, valid values, and one clear line for a bad one."""
import subprocess
import sys

import pytest

from kiosk import config, create_app


def test_defaults_give_sqlite_in_the_instance_folder_and_a_kept_secret(instance):
    app = create_app({"TESTING": True})
    assert app.config["DATABASE_URL"] == f"sqlite:///{instance / 'kiosk.sqlite3'}"
    assert app.config["IDLE_SECONDS"] == 90 and app.config["DEFAULT_LOCALE"] == "ar"
    assert app.config["RETENTION_DAYS"] == 180 and app.config["KEYBOARD"] is True
    assert create_app({"TESTING": True}).config["SECRET_KEY"] == app.config["SECRET_KEY"]


def test_environment_values_are_parsed(instance, monkeypatch):
    monkeypatch.setenv("KIOSK_IDLE_SECONDS", "45")
    monkeypatch.setenv("KIOSK_DEFAULT_LOCALE", "en")
    monkeypatch.setenv("KIOSK_KEYBOARD", "off")
    monkeypatch.setenv("KIOSK_ID", "lobby-2")
    app = create_app({"TESTING": True})
    assert (app.config["IDLE_SECONDS"], app.config["DEFAULT_LOCALE"]) == (45, "en")
    assert (app.config["KEYBOARD"], app.config["KIOSK_ID"]) == (False, "lobby-2")


@pytest.mark.parametrize(("variable", "value"), [
    ("KIOSK_IDLE_SECONDS", "soon"),
    ("KIOSK_IDLE_SECONDS", "0"),
    ("KIOSK_RETENTION_DAYS", "-3"),
    ("KIOSK_DEFAULT_LOCALE", "fr"),
    ("KIOSK_KEYBOARD", "maybe"),
    ("KIOSK_DATABASE_URL", "mysql://x"),
    ("KIOSK_SECRET_KEY", "  "),
    ("KIOSK_ID", "x" * 65),
])
def test_bad_value_names_the_variable(variable, value):
    with pytest.raises(config.ConfigError, match=variable):
        config.from_environment({variable: value})


def test_cli_stops_with_one_line_naming_the_variable(instance):
    env = {"KIOSK_IDLE_SECONDS": "later", "KIOSK_INSTANCE_PATH": str(instance), "PATH": ""}
    result = subprocess.run([sys.executable, "-c", "from kiosk.cli import main; main()", "routes"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "KIOSK_IDLE_SECONDS" in lines[0], result.stderr
