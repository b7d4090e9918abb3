"""Configuration: defaults, then KIOSK_* environment variables, each validated once at start-up."""
from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pyrage

from .private import open_private, private_folder, tighten_folder

LOCALES = ("ar", "en")
# The host names a kiosk answers to when KIOSK_TRUSTED_HOSTS is not set, plus the address `kiosk serve
# --host` listens on. (No IPv6 literal: werkzeug cannot match one against its trusted hosts.)
LOOPBACK_HOSTS = ("localhost", "127.0.0.1")
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::", "[::]")  # nosec B104: recognised, never bound
_HOST_NAME = re.compile(r"\.?[a-z0-9]([a-z0-9_-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9_-]*[a-z0-9])?)*")


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


def _alert_minutes(name: str, raw: str) -> int:
    value = _positive_int(name, raw)
    if value > 7 * 24 * 60:
        raise ConfigError(f"{name} must be at most 10080 (a week), got {raw!r}")
    return value


def _whole_number(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must be zero or more, got {raw!r}")
    return value


class DefaultHosts(list):
    """The trusted hosts when KIOSK_TRUSTED_HOSTS is not set: `kiosk serve` adds its --host address."""


def _host_names(name: str, raw: str) -> list[str]:
    hosts = [part.strip().lower() for part in raw.split(",")]
    for host in hosts:
        if not host:
            raise ConfigError(f"{name} must be host names separated by commas, got {raw!r}")
        if ":" in host or "/" in host:
            raise ConfigError(f"{name} lists host names only (no scheme, port, path or IPv6 address), "
                              f"got {host!r}")
        if not _HOST_NAME.fullmatch(host):
            raise ConfigError(f"{name} has an invalid host name {host!r}")
    return hosts


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


def _opening_hours(name: str, raw: str) -> str:
    from .hours import HoursError, parse  # a plain module with no app imports

    try:
        parse(raw.strip())
    except HoursError as error:
        raise ConfigError(f"{name}: {error} (for example 'sat-thu 09:00-21:00')") from None
    return raw.strip()


_SMTP_SCHEMES = ("smtp", "smtp+starttls", "smtps")


def _smtp_url(name: str, raw: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(f"{name} has a bad port") from None
    if parts.scheme not in _SMTP_SCHEMES or not parts.hostname:
        raise ConfigError(f"{name} must look like smtp://host:port, smtp+starttls://user:password@host:587 "
                          f"or smtps://user:password@host:465")
    if port == 0:
        raise ConfigError(f"{name} has a bad port")
    if parts.scheme == "smtp" and (parts.username or parts.password):
        raise ConfigError(f"{name}: smtp:// would send the password unencrypted; use smtp+starttls:// or smtps://")
    return raw.strip()


def _address(name: str, raw: str) -> str:
    value = raw.strip()
    local, _, domain = value.rpartition("@")
    if not local or not domain or any(ch.isspace() or ch in "<>,;\"" for ch in value) \
            or not value.isprintable():
        raise ConfigError(f"{name} must be one e-mail address such as reception@clinic.example")
    return value


def _addresses(name: str, raw: str) -> tuple[str, ...]:
    values = tuple(_address(name, part) for part in raw.split(",") if part.strip())
    if not values:
        raise ConfigError(f"{name} must list at least one e-mail address (comma-separated)")
    return values


def _http_url(name: str, raw: str) -> str:
    value = raw.strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or not value.isprintable() or " " in value:
        raise ConfigError(f"{name} must be an http:// or https:// address, such as https://desk.clinic.example")
    return value


def _public_url(name: str, raw: str) -> str:
    """The clinic's own public site: a QR code on a page opens the same path there."""
    from urllib.parse import urlsplit

    value = _http_url(name, raw)
    parts = urlsplit(value)
    if not parts.hostname or parts.query or parts.fragment or "@" in parts.netloc:
        raise ConfigError(f"{name} must be the site's address without a query, such as https://clinic.example")
    return value


_PHONE = re.compile(r"\+?[0-9][0-9 ()-]*[0-9]")


def _clinic_phone(name: str, raw: str) -> str:
    """The clinic's phone number as patients dial it: digits, an optional leading +, spaces, dashes."""
    value = raw.strip()
    if not _PHONE.fullmatch(value) or not 6 <= sum(ch.isdigit() for ch in value) <= 15:
        raise ConfigError(f"{name} must be a phone number such as +966 11 234 5678, got {raw!r}")
    return value
def _mfa(name: str, raw: str) -> str:
    if raw.strip().lower() not in ("required", "optional"):
        raise ConfigError(f"{name} must be 'required' or 'optional', got {raw!r}")
    return raw.strip().lower()


def _age_recipient(name: str, raw: str) -> str:
    if raw.strip().upper().startswith("AGE-SECRET-KEY-"):  # never echoed: it is the key that decrypts
        raise ConfigError(f"{name} holds a secret key: give its public key (age1…) instead")
    try:
        pyrage.x25519.Recipient.from_str(raw.strip())
    except pyrage.RecipientError:
        raise ConfigError(f"{name} must be an age public key (age1…), got {raw!r}") from None
    return raw.strip()


def _folder(name: str, raw: str) -> str:
    path = Path(raw.strip()).expanduser()
    if not raw.strip() or (path.exists() and not path.is_dir()):
        raise ConfigError(f"{name} must name a folder, got {raw!r}")
    return str(path.resolve())


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
    "KIOSK_CALLBACK_MINUTES": ("CALLBACK_MINUTES", _positive_int),
    "KIOSK_OPENING_HOURS": ("OPENING_HOURS", _opening_hours),
    "KIOSK_SMTP_URL": ("SMTP_URL", _smtp_url),
    "KIOSK_NOTIFY_TO": ("NOTIFY_TO", _addresses),
    "KIOSK_NOTIFY_FROM": ("NOTIFY_FROM", _address),
    "KIOSK_STAFF_URL": ("STAFF_URL", _http_url),
    "KIOSK_TRUSTED_HOSTS": ("TRUSTED_HOSTS", _host_names),
    "KIOSK_PROXY_HOPS": ("PROXY_HOPS", _whole_number),
    "KIOSK_HEARTBEAT_SECONDS": ("HEARTBEAT_SECONDS", _positive_int),
    "KIOSK_PUBLIC_URL": ("PUBLIC_URL", _public_url),
    "KIOSK_CLINIC_PHONE": ("CLINIC_PHONE", _clinic_phone),
    "KIOSK_SCREEN_ALERT_MINUTES": ("SCREEN_ALERT_MINUTES", _alert_minutes),
    "KIOSK_BACKUP_RECIPIENT": ("BACKUP_RECIPIENT", _age_recipient),
    "KIOSK_BACKUP_DIR": ("BACKUP_DIR", _folder),
    "KIOSK_BACKUP_KEEP": ("BACKUP_KEEP", _positive_int),
    "KIOSK_MFA": ("MFA", _mfa),
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
    "SESSION_COOKIE_SAMESITE": "Strict",  # the staff cookie: no other site's link carries it
    # Only staff have a session: their browser never sends it to the kiosk's patient pages.
    "SESSION_COOKIE_PATH": "/staff",
    "HTTPS": False,
    "BRANCH": "main",
    "CALLBACK_MINUTES": 120,
    "OPENING_HOURS": "sat-thu 09:00-21:00",
    # Mail to reception is off until both the server and the recipients are set.
    "SMTP_URL": "",
    "NOTIFY_TO": (),
    "NOTIFY_FROM": "kiosk@localhost",
    "STAFF_URL": "http://127.0.0.1:8000",
    # Not environment variables: the SMTP socket timeout, and how often the mail worker looks for work.
    "SMTP_TIMEOUT_SECONDS": 15,
    "MAIL_INTERVAL_SECONDS": 10,
    # How often an open inbox asks for new requests (the contract: shown within 10 s).
    "LIVE_POLL_MS": 5000,
    # How many reverse proxies' X-Forwarded-* headers `kiosk serve` believes, from 127.0.0.1 only; 0: none.
    "PROXY_HOPS": 0,
    # Staff forms keep Flask-WTF tokens as a second line, checked by the staff guard (kiosk.staff.auth),
    # not on every request: patients' POSTs are guarded by Fetch Metadata alone (kiosk.crossorigin).
    # The token lives as long as the staff session (30 minutes idle), never expiring on its own.
    "WTF_CSRF_CHECK_DEFAULT": False,
    "WTF_CSRF_TIME_LIMIT": None,
    # Flask-WTF's HTTPS check wants a Referer naming this host; Fetch Metadata has already checked where
    # the form came from, and a proxy or privacy setting that drops Referer must not lock staff out.
    "WTF_CSRF_SSL_STRICT": False,
    "HEARTBEAT_SECONDS": 60,
    # Take it home (SPEC §3): no QR code until these are set.
    "PUBLIC_URL": "",
    "CLINIC_PHONE": "",
    # An enrolled screen silent this long in opening hours sends one mail (and one when it is back).
    "SCREEN_ALERT_MINUTES": 10,
    # Not an environment variable: how often a server looks for silent screens.
    "SCREEN_ALERT_CHECK_SECONDS": 60,
    # Backups (kiosk.backups): no daily backup until BACKUP_DIR is set; encrypted when a recipient is.
    "BACKUP_RECIPIENT": "",
    "BACKUP_DIR": "",
    "BACKUP_KEEP": 14,
    # Staff need a second factor (an authenticator app or a passkey); "optional" lets a clinic phase it in.
    "MFA": "required",
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
    private_folder(instance)  # it holds the database and the secret key: owner-only
    tighten_folder(instance)  # and everything in it: files an older install or a restore left open
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{instance / 'kiosk.sqlite3'}"
    if config.get("TRUSTED_HOSTS") is None:
        config["TRUSTED_HOSTS"] = DefaultHosts(LOOPBACK_HOSTS)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _kept_secret(instance / "secret_key")
    # Behind HTTPS (KIOSK_HTTPS=on) cookies are never sent over plain HTTP.
    config["SESSION_COOKIE_SECURE"] = bool(config.get("HTTPS"))


def answer_to(config: dict[str, Any], host: str) -> bool:
    """Trust the address `kiosk serve --host` listens on, unless KIOSK_TRUSTED_HOSTS names the hosts.

    False for a wildcard address (0.0.0.0, ::): the names screens use for it cannot be known here."""
    hosts = config["TRUSTED_HOSTS"]
    if not isinstance(hosts, DefaultHosts):
        return True
    if host.lower() in WILDCARD_ADDRESSES:
        return False
    if host.lower() not in hosts:
        hosts.append(host.lower())
    return True


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
        with open_private(temporary, encoding="ascii") as handle:
            handle.write(key)
        os.link(temporary, path)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    finally:
        temporary.unlink(missing_ok=True)
    return key
