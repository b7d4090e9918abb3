"""Background work of `kiosk serve`: each job is a bounded, periodic worker in a daemon thread.

Usage flushes, retention, mail and the outbox's sender are the same kind of thing: a function run now and
then every `interval` seconds (or sooner when woken), whose failure is logged and never stops the server.
`kiosk serve` starts them after migrations and stops them on drain; tests call `run_once` directly.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask

log = logging.getLogger(__name__)


class Worker:
    """Runs `job()` inside the app context at start, then every `interval` seconds until stopped."""

    def __init__(self, app: Flask, name: str, job: Callable[[], object], interval: float):
        self.app, self.name, self.job, self.interval = app, name, job, interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"kiosk-{name}", daemon=True)

    def run_once(self) -> object:
        with self.app.app_context():
            return self.job()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception as error:  # a locked or missing database must not stop the server
                log.warning("%s failed: %s", self.name, type(error).__name__)
            self._wake.wait(self.interval)
            self._wake.clear()

    def wake(self) -> None:
        """Run the job again now rather than at the end of the interval."""
        self._wake.set()

    def start(self) -> Worker:
        self.thread.start()
        return self

    def stop(self, timeout: float = 5) -> None:
        self._stop.set()
        self._wake.set()
        if self.thread.is_alive():
            self.thread.join(timeout)
