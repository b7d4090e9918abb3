"""The outbox's spool: consult requests that the central database could not take, in a local SQLite file.

One file in the instance folder (`outbox.sqlite3`, owner-only), written with synchronous=FULL: a request is
acknowledged only after its row is on disk, so it survives `kill -9` and power loss like a database commit.
Rows leave only once the database holds the request (kiosk.consults.outbox). secure_delete overwrites a
delivered request's bytes in the file.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

FILENAME = "outbox.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS waiting (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL UNIQUE,
    reference TEXT NOT NULL,
    payload TEXT NOT NULL,
    spooled_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Waiting:
    id: int
    submission_id: str
    reference: str
    payload: dict
    spooled_at: dt.datetime
    attempts: int


_SELECT = "SELECT id, submission_id, reference, payload, spooled_at, attempts FROM waiting"


def _waiting(row: tuple) -> Waiting:
    return Waiting(row[0], row[1], row[2], json.loads(row[3]), dt.datetime.fromisoformat(row[4]), row[5])


@dataclass(frozen=True)
class Status:
    depth: int
    oldest: dt.datetime | None
    last_error: str


class Spool:
    """The spool file of one instance folder; one connection shared by the process's threads."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / FILENAME
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._depth: int | None = None

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            # Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            connection = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("PRAGMA secure_delete=ON")
            connection.executescript(_SCHEMA)
            self._connection = connection
            self._depth = connection.execute("SELECT count(*) FROM waiting").fetchone()[0]
        return self._connection

    def depth(self) -> int:
        """How many requests wait (0 without touching the disk when no spool file exists)."""
        with self._lock:
            if self._depth is None and not self.path.exists():
                return 0
            self._open()
            return self._depth or 0

    def put(self, submission_id: str, reference: str, payload: dict, now: dt.datetime) -> str:
        """Keep a request durably; the reference it is known by (the first one, for a repeated id)."""
        with self._lock:
            connection = self._open()
            added = connection.execute(
                "INSERT OR IGNORE INTO waiting (submission_id, reference, payload, spooled_at) "
                "VALUES (?, ?, ?, ?)",
                (submission_id, reference, json.dumps(payload), now.isoformat())).rowcount
            self._depth = (self._depth or 0) + added
            return connection.execute("SELECT reference FROM waiting WHERE submission_id = ?",
                                      (submission_id,)).fetchone()[0]

    def oldest(self, limit: int) -> list[Waiting]:
        with self._lock:
            rows = self._open().execute(f"{_SELECT} ORDER BY id LIMIT ?", (limit,)).fetchall()
            if not rows:  # another process (`kiosk privacy erase`) may have taken rows we counted
                self._depth = 0
        return [_waiting(row) for row in rows]

    def naming(self, phone: str) -> list[Waiting]:
        """The waiting requests of this E.164 phone number (a patient's data request); none without a file."""
        with self._lock:
            if self._connection is None and not self.path.exists():
                return []
            rows = self._open().execute(f"{_SELECT} ORDER BY id").fetchall()
        return [waiting for waiting in map(_waiting, rows) if waiting.payload.get("phone") == phone]

    def erase(self, row_ids: list[int]) -> int:
        """Delete these rows for good: secure_delete zeroes them in the file, and a checkpoint empties the WAL
        that still holds their old pages. Returns how many went."""
        with self._lock:
            connection = self._open()
            removed = sum(connection.execute("DELETE FROM waiting WHERE id = ?", (row_id,)).rowcount
                          for row_id in row_ids)
            self._depth = max(0, (self._depth or 0) - removed)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def remove(self, row_id: int) -> None:
        with self._lock:
            removed = self._open().execute("DELETE FROM waiting WHERE id = ?", (row_id,)).rowcount
            self._depth = max(0, (self._depth or 0) - removed)

    def failed(self, row_id: int, reason: str) -> None:
        """Count a failed delivery and keep its reason (no personal data) for `kiosk outbox`."""
        with self._lock:
            connection = self._open()
            connection.execute("UPDATE waiting SET attempts = attempts + 1 WHERE id = ?", (row_id,))
            note = f"{dt.datetime.now(dt.UTC).isoformat(timespec='seconds')} {reason}"
            connection.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('last_error', ?)", (note,))

    def status(self) -> Status:
        if not self.path.exists():
            return Status(0, None, "")
        with self._lock:
            connection = self._open()
            depth, oldest = connection.execute("SELECT count(*), min(spooled_at) FROM waiting").fetchone()
            error = connection.execute("SELECT value FROM state WHERE key = 'last_error'").fetchone()
            self._depth = depth
        return Status(depth, dt.datetime.fromisoformat(oldest) if oldest else None, error[0] if error else "")

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection, self._depth = None, None
