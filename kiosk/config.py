"""Configuration: defaults, then KIOSK_* environment variables, each validated once at start-up."""
from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

LOCALES = ("ar", "en")


class ConfigError(Exception):
    """A KIOSK_* variable has a bad value; the message is one line naming it."""


def _positive_int(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be greater than zero, got {raw!r}")
    return value


def _locale(name: str, raw: str) -> str:
    if raw not in LOCALES:
        raise ConfigError(f"{name} must be one of {', '.join(LOCALES)}, got {raw!r}")
    return raw


def _on_off(name: str, raw: str) -> bool:
    if raw.lower() not in ("on", "off"):
        raise ConfigError(f"{name} must be 'on' or 'off', got {raw!r}")
    return raw.lower() == "on"


def _database_url(name: str, raw: str) -> str:
    if not raw.startswith(("sqlite:", "postgresql:", "postgresql+")):
        raise ConfigError(f"{name} must be a sqlite:// or postgresql:// URL, got {raw.split(':')[0]!r}")
    return raw


def _text(name: str, raw: str) -> str:
    if not raw.strip():
        raise ConfigError(f"{name} must not be empty")
    return raw.strip()


def _kiosk_id(name: str, raw: str) -> str:
    value = _text(name, raw)
    if len(value) > 64 or not value.isprintable():
        raise ConfigError(f"{name} must be at most 64 printable characters (it names the kiosk on records)")
    return value


# environment variable -> (config key, parser)
_VARIABLES: dict[str, tuple[str, Callable[[str, str], Any]]] = {
    "KIOSK_DATABASE_URL": ("DATABASE_URL", _database_url),
    "KIOSK_SECRET_KEY": ("SECRET_KEY", _text),
    "KIOSK_IDLE_SECONDS": ("IDLE_SECONDS", _positive_int),
    "KIOSK_DEFAULT_LOCALE": ("DEFAULT_LOCALE", _locale),
    "KIOSK_ID": ("KIOSK_ID", _kiosk_id),
    "KIOSK_CLINIC_NAME": ("CLINIC_NAME", _text),
    "KIOSK_RETENTION_DAYS": ("RETENTION_DAYS", _positive_int),
    "KIOSK_KEYBOARD": ("KEYBOARD", _on_off),
    "KIOSK_HTTPS": ("HTTPS", _on_off),
    "KIOSK_BRANCH": ("BRANCH", _text),
    "KIOSK_HEARTBEAT_SECONDS": ("HEARTBEAT_SECONDS", _positive_int),
}

DEFAULTS: dict[str, Any] = {
    "IDLE_SECONDS": 90,
    "DEFAULT_LOCALE": "ar",
    "KIOSK_ID": "kiosk-1",
    "CLINIC_NAME": "",
    "RETENTION_DAYS": 180,
    "KEYBOARD": True,
    # Not an environment variable: the idle countdown stays at least 20 s (WCAG 2.2.1); tests shorten it.
    "IDLE_COUNTDOWN_SECONDS": 30,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "HTTPS": False,
    "BRANCH": "main",
    "HEARTBEAT_SECONDS": 60,
}


def from_environment(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Parse every KIOSK_* variable that is set; raise ConfigError naming the first bad one."""
    parsed: dict[str, Any] = {}
    for variable, (key, parse) in _VARIABLES.items():
        raw = environ.get(variable)
        if raw is not None:
            parsed[key] = parse(variable, raw)
    return parsed


def instance_path(environ: Mapping[str, str] = os.environ) -> str | None:
    """KIOSK_INSTANCE_PATH as an absolute path, or None for Flask's default."""
    raw = environ.get("KIOSK_INSTANCE_PATH")
    if raw is None:
        return None
    if not raw.strip():
        raise ConfigError("KIOSK_INSTANCE_PATH must not be empty")
    return str(Path(raw).expanduser().resolve())


def finish(config: dict[str, Any], instance: Path) -> None:
    """Fill the defaults that live in the instance folder: the SQLite file and the kept secret key."""
    instance.mkdir(parents=True, exist_ok=True)
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{instance / 'kiosk.sqlite3'}"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _kept_secret(instance / "secret_key")
    # Behind HTTPS (KIOSK_HTTPS=on) cookies are never sent over plain HTTP.
    config["SESSION_COOKIE_SECURE"] = bool(config.get("HTTPS"))


def _kept_secret(path: Path) -> str:
    """Generate the secret once and keep it, so sessions survive restarts."""
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32)
    try:
        # Written under a temporary name and linked into place, so a second process starting at the
        # same moment either wins or reads the winner's complete key, never a half-written one.
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key)
        os.link(temporary, path)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    finally:
        temporary.unlink(missing_ok=True)
    return key
