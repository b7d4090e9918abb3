"""Backups (SPEC §5): the consistent SQLite copy, age-encrypted to a public key; restores, plain or encrypted;
and the daily backup `kiosk serve` keeps in KIOSK_BACKUP_DIR. Every file is owner-only (0600).

The clear copy that encryption reads from, and the one a restore decrypts into, are made in the instance
folder (0700, where the clear database already is), never beside the target, which may be a USB stick, and
are removed whatever happens."""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pyrage
from flask import Flask
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from . import db
from .private import FILE_MODE, private_folder, private_sqlite
from .records import audit
from .workers import Worker

log = logging.getLogger(__name__)
AGE_HEADER = b"age-encryption.org/v1"
SQLITE_HEADER = b"SQLite format 3\x00"
DAY = 24 * 3600
CHECK_SECONDS = 3600  # the daily worker looks hourly, so a restart never skips or doubles a day's backup
DAILY_GLOB = "kiosk-????-??-??-??????.sqlite3*"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line saying why."""


def recipient(value: str) -> pyrage.x25519.Recipient:
    """An age public key (age1…); BackupError for anything else."""
    try:
        return pyrage.x25519.Recipient.from_str(value.strip())
    except pyrage.RecipientError:
        raise BackupError("the recipient must be an age public key (age1…)") from None


def identities(path: Path) -> list[pyrage.x25519.Identity]:
    """The identities in an age identity file (as age-keygen writes it: # comments, AGE-SECRET-KEY-1…)."""
    try:
        lines = path.read_text(encoding="ascii").splitlines()
        found = [pyrage.x25519.Identity.from_str(line.strip()) for line in lines
                 if line.strip() and not line.lstrip().startswith("#")]
    except (OSError, UnicodeDecodeError, pyrage.IdentityError):
        found = []
    if not found:
        raise BackupError(f"{path.name} holds no age identity (AGE-SECRET-KEY-1…)")
    return found


def sqlite_file(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise BackupError("backups copy SQLite databases; use pg_dump for PostgreSQL")
    return Path(url.split("///", 1)[1])


@contextmanager
def _scratch(folder: Path):
    """A 0600 file in the (0700) instance folder for a clear copy, removed with SQLite's side files."""
    handle, name = tempfile.mkstemp(prefix=".backup-", suffix=".sqlite3", dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        for suffix in ("", "-wal", "-shm", "-journal"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def _copy(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the kiosk writes."""
    reading, writing = sqlite3.connect(source), sqlite3.connect(target)
    try:
        with writing:
            reading.backup(writing)
    finally:
        writing.close()
        reading.close()


def write(url: str, target: Path, to: str | None, scratch: Path) -> None:
    """Write the consistent copy to `target` (a new file), encrypted to the age recipient `to` when given."""
    source = sqlite_file(url)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file name")
    if not to:
        db.backup_sqlite(url, target)
        return
    key = recipient(to)
    partial = target.with_name(f".{target.name}.partial")
    with _scratch(scratch) as clear:
        _copy(source, clear)
        try:
            with open(clear, "rb") as reader, os.fdopen(
                    os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb") as writer:
                pyrage.encrypt_io(reader, writer, [key])
                writer.flush()
                os.fsync(writer.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)


def _requests_in(path: Path) -> int:
    """How many consult requests a database file holds (0 for a missing, empty or unmigrated one)."""
    if not path.exists() or path.stat().st_size == 0:
        return 0
    connection = sqlite3.connect(path)
    try:
        table = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                                   "AND name = 'consult_requests'").fetchone()
        return connection.execute("SELECT count(*) FROM consult_requests").fetchone()[0] if table else 0
    except sqlite3.DatabaseError as error:  # never taken for "empty": that would let a restore replace it
        raise BackupError(f"{path.name} cannot be read ({error}); nothing was restored") from None
    finally:
        connection.close()


def restore(url: str, source: Path, keys: list | None, force: bool, scratch: Path) -> int:
    """Put a backup (plain or age-encrypted) in place of the database at `url`; returns its request count.

    Refuses (BackupError) to replace a database that holds requests unless `force`. The restored database
    is migrated and carries its own audit entry before it replaces the old one, in one switch."""
    target = sqlite_file(url)
    with open(source, "rb") as reader:
        encrypted = reader.read(len(AGE_HEADER)) == AGE_HEADER
    with _scratch(scratch) as clear:
        if encrypted:
            if not keys:
                raise BackupError(f"{source.name} is encrypted: give --identity with its age identity file")
            try:
                with open(source, "rb") as reader, open(clear, "wb") as writer:
                    pyrage.decrypt_io(reader, writer, keys)
            except pyrage.DecryptError:
                raise BackupError(f"{source.name} cannot be decrypted with that identity") from None
        else:
            shutil.copyfile(source, clear)  # into the 0600 scratch file, keeping its mode
        with open(clear, "rb") as reader:
            if reader.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise BackupError(f"{source.name} is not a kiosk backup (neither SQLite nor age)")
        held = _requests_in(target)
        if held and not force:
            raise BackupError(f"the database holds {held} request(s); add --force to replace them")
        count = _prepare(clear, source.name)
        private_sqlite(target)
        _copy(clear, target)
    return count


def _prepare(clear: Path, name: str) -> int:
    """Migrate the restored copy and write the restore's audit entry into it."""
    db.upgrade(f"sqlite:///{clear}")
    count = _requests_in(clear)
    engine = create_engine(f"sqlite:///{clear}")
    try:
        with Session(engine) as session, session.begin():
            audit.add(session, "cli", "restore", None, f"{name} requests={count}")
    finally:
        engine.dispose()
    return count


def daily(app: Flask, now: float | None = None) -> Path | None:
    """Write today's backup into BACKUP_DIR unless one is less than a day old; keep the last BACKUP_KEEP."""
    folder = Path(app.config["BACKUP_DIR"])
    private_folder(folder)
    now = now or time.time()
    ours = sorted(folder.glob(DAILY_GLOB))
    if ours and now - ours[-1].stat().st_mtime < DAY - CHECK_SECONDS:
        return None
    to = app.config.get("BACKUP_RECIPIENT") or None
    stamp = dt.datetime.fromtimestamp(now, dt.UTC).strftime("%Y-%m-%d-%H%M%S")
    target = folder / f"kiosk-{stamp}.sqlite3{'.age' if to else ''}"
    write(app.config["DATABASE_URL"], target, to, Path(app.instance_path))
    with db.transaction() as session:
        audit.add(session, "kiosk serve", "backup", None, f"{target.name} {'encrypted' if to else 'plain'}")
    for old in sorted(folder.glob(DAILY_GLOB))[:-app.config["BACKUP_KEEP"]]:
        old.unlink()
    log.info("backup: wrote %s", target.name)
    return target


def start_daily_backup(app: Flask) -> Worker | None:
    """With KIOSK_BACKUP_DIR set, a background worker of `kiosk serve` that writes the daily backup."""
    if not app.config.get("BACKUP_DIR"):
        return None
    return Worker(app, "backup", lambda: daily(app), CHECK_SECONDS).start()
