"""A WSGI access log without personal data: method, path (never the query string), status, bytes, time."""
from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from typing import Any, TextIO
from urllib.parse import quote

logger = logging.getLogger("kiosk.access")

# Characters kept as they are in a logged path; anything else (spaces, newlines, Arabic) is %-encoded,
# so one request is always one line and nobody can forge log lines through a URL.
_SAFE = "/-._~!$&'()*+,;=:@%"


def logged_path(environ: dict[str, Any]) -> str:
    """The request path as a safe ASCII string; the query string (search terms, names) never appears."""
    raw = (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")).encode("latin-1", "replace")
    return quote(raw, safe=_SAFE)[:300]


class _Body:
    """Wraps the response body to count bytes and to log once the server has sent it all."""

    def __init__(self, body: Iterable[bytes], record: Callable[[int], None]):
        self._body = body
        self._record = record
        self._sent = 0

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._body:
            self._sent += len(chunk)
            yield chunk

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._record(self._sent)


class AccessLog:
    """WSGI middleware: one line per request on the `kiosk.access` logger."""

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        status: list[str] = ["000"]

        def recording_start_response(status_line: str, headers, exc_info=None):
            status[0] = status_line[:3]
            return start_response(status_line, headers, exc_info)

        def record(sent: int) -> None:
            if logger.isEnabledFor(logging.INFO):
                elapsed = (time.perf_counter() - started) * 1000
                logger.info("%s %s %s %d %.1fms", environ.get("REQUEST_METHOD", "-"), logged_path(environ),
                            status[0], sent, elapsed)

        return _Body(self.app(environ, recording_start_response), record)


class _Writer(threading.Thread):
    """Writes queued log records to a stream, a batch at a time (one write and flush per batch)."""

    def __init__(self, records: queue.SimpleQueue, stream: TextIO):
        super().__init__(name="kiosk-access-log", daemon=True)
        self.records, self.stream = records, stream
        self.formatter = logging.Formatter("%(asctime)s %(name)s %(message)s")

    def run(self) -> None:
        while True:
            batch = [self.records.get()]
            with suppress(queue.Empty):
                while len(batch) < 1000:
                    batch.append(self.records.get_nowait())
            lines = [self.formatter.format(record) for record in batch if record is not None]
            if lines:
                self.stream.write("\n".join(lines) + "\n")
                self.stream.flush()
            if None in batch:
                return

    def stop(self) -> None:
        self.records.put(None)
        self.join(5)


class _Enqueue(logging.Handler):
    """Puts the record on the writer's queue as it is: formatting and I/O happen in the writer's thread."""

    def __init__(self, records: queue.SimpleQueue):
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.put(record)


def start_logging(stream: TextIO | None = None) -> _Writer:
    """Send `kiosk.access` lines to stderr (the journal, or the service's log) from a background thread.

    Request threads only put records on a queue, so a slow terminal or disk never slows a page, and lines
    are written in batches under load. The record's arguments are plain strings and numbers.
    """
    records: queue.SimpleQueue = queue.SimpleQueue()
    writer = _Writer(records, stream or sys.stderr)
    logger.addHandler(_Enqueue(records))
    logger.setLevel(logging.INFO)
    logger.propagate = False
    writer.start()
    return writer
