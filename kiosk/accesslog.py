"""A WSGI access log without personal data: method, path (never the query string), status, bytes, time.

Time is until the response was ready (Flask builds whole responses) or, for a streamed body, until sent.

Lines go to the `kiosk.access` logger (its level and handlers are ordinary logging configuration), but
the request thread only queues a tuple: a background thread builds the log records and writes them in
batches a few times a second. Building a LogRecord and writing a line per request cost a fifth of a
cached page's throughput (bench/README.md); queuing a tuple costs about a microsecond.
"""
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
FORMAT = "%s %s %s %d %.1fms"  # method, path, status, bytes sent, milliseconds

# Characters kept as they are in a logged path; anything else (spaces, newlines, Arabic) is %-encoded,
# so one request is always one line and nobody can forge log lines through a URL.
_SAFE = "/-._~!$&'()*+,;=:@%"
_pending: queue.SimpleQueue = queue.SimpleQueue()
_writing = threading.Event()  # set while a Writer drains _pending; without one, lines are logged at once


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
        length: list[int | None] = [None]

        def recording_start_response(status_line: str, headers, exc_info=None):
            status[0] = status_line[:3]
            for name, value in headers:
                if name == "Content-Length" and value.isdigit():
                    length[0] = int(value)
            return start_response(status_line, headers, exc_info)

        def record(sent: int) -> None:
            if not logger.isEnabledFor(logging.INFO):
                return
            elapsed = (time.perf_counter() - started) * 1000
            method = environ.get("REQUEST_METHOD", "-")
            if _writing.is_set():
                _pending.put((time.time(), method, environ.get("SCRIPT_NAME", ""),
                              environ.get("PATH_INFO", ""), status[0], sent, elapsed))
            else:
                logger.info(FORMAT, method, logged_path(environ), status[0], sent, elapsed)

        body = self.app(environ, recording_start_response)
        if length[0] is not None and environ.get("REQUEST_METHOD") != "HEAD":
            # The whole response is ready (Flask's usual case): log now, and spare every chunk a wrapper.
            record(length[0])
            return body
        return _Body(body, record)


class _BatchStreamHandler(logging.StreamHandler):
    """A StreamHandler that leaves flushing to the writer: one flush per batch, not per line."""

    def flush(self) -> None:
        pass

    def flush_batch(self) -> None:
        super().flush()


class Writer(threading.Thread):
    """Turns queued requests into `kiosk.access` records a few times a second."""

    INTERVAL = 0.5

    def __init__(self, handler: _BatchStreamHandler):
        super().__init__(name="kiosk-access-log", daemon=True)
        self.handler = handler
        self.stopping = threading.Event()
        self._second, self._date = -1, ""

    def drain(self) -> None:
        # With logging configured as start_logging left it, lines are formatted here directly (same text
        # as the handler's formatter); any other configuration gets real records through logger.handle.
        direct = logger.handlers == [self.handler] and not logger.filters and not self.handler.filters
        lines = []
        with suppress(queue.Empty):
            while True:
                created, method, script, path, status, sent, elapsed = _pending.get_nowait()
                shown = logged_path({"SCRIPT_NAME": script, "PATH_INFO": path})
                args = (method, shown, status, sent, elapsed)
                if direct:
                    lines.append(f"{self._stamp(created)} {logger.name} {FORMAT % args}\n")
                    continue
                record = logger.makeRecord(logger.name, logging.INFO, __file__, 0, FORMAT, args, None)
                record.created, record.msecs = created, (created % 1) * 1000
                logger.handle(record)
        if lines:
            self.handler.stream.write("".join(lines))
        self.handler.flush_batch()

    def _stamp(self, created: float) -> str:
        """The formatter's default asctime (`2026-11-25 14:05:13,406`), cheaply: one strftime a second."""
        second = int(created)
        if second != self._second:
            self._second, self._date = second, time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
        return f"{self._date},{int((created - second) * 1000):03d}"

    def run(self) -> None:
        _writing.set()
        while not self.stopping.wait(self.INTERVAL):
            self.drain()
        _writing.clear()
        self.drain()

    def stop(self) -> None:
        self.stopping.set()
        self.join(5)


def start_logging(stream: TextIO | None = None) -> Writer:
    """Write `kiosk.access` lines to stderr (the journal, or the service's log) from a background thread."""
    handler = _BatchStreamHandler(stream or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    writer = Writer(handler)
    writer.start()
    return writer
