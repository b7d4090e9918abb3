"""A staff save shows on the public pages of running `kiosk serve` processes, without restart."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kiosk import db
from kiosk.i18n import overlay

KIOSK = Path(sys.executable).parent / "kiosk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


class Server:
    """One `kiosk serve` process of its own instance folder, on the shared database."""

    def __init__(self, folder: Path, database_url: str):
        self.url = f"http://127.0.0.1:{free_port()}"
        env = {**os.environ, "KIOSK_INSTANCE_PATH": str(folder), "KIOSK_DATABASE_URL": database_url}
        self.log = open(folder.parent / f"{folder.name}.log", "wb")  # closed in stop()
        self.process = subprocess.Popen([str(KIOSK), "serve", "--port", self.url.rsplit(":", 1)[1],
                                         "--threads", "2"], env=env, stdout=self.log, stderr=self.log)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch(f"{self.url}/healthz")
                return
            except OSError:
                assert self.process.poll() is None, "kiosk serve exited"
                time.sleep(0.1)
        raise AssertionError(f"{self.url} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def wait_for(url: str, text: str, seconds: float = 5.0, present: bool = True) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (text in fetch(url)) == present:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def servers(tmp_path, database_url):
    if database_url.startswith("sqlite:///"):
        Path(database_url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    db.upgrade(database_url)  # once, before both processes start (each would run it at start)
    started = [Server(tmp_path / f"server-{index}", database_url) for index in range(2)]
    try:
        for server in started:
            server.wait_ready()
        yield started
    finally:
        for server in started:
            server.stop()


def test_a_save_shows_on_every_running_process(servers, app_factory, database_url):
    for server in servers:
        assert "الرئيسية" in fetch(f"{server.url}/ar/faq")  # catalogs built before the save
    app = app_factory(DATABASE_URL=database_url)
    with app.app_context():
        overlay.save("ar", "Home", "الصفحة الأولى", "Home", "mona", 0)
    for server in servers:
        assert wait_for(f"{server.url}/ar/faq", "الصفحة الأولى"), server.url
    with app.app_context(), app.extensions["kiosk_db"].reader() as session:
        change = overlay.history(session, "ar")[0]
    with app.app_context():
        overlay.revert(change.id, "mona")
    for server in servers:
        assert wait_for(f"{server.url}/ar/faq", "الصفحة الأولى", present=False), server.url
        assert "الرئيسية" in fetch(f"{server.url}/ar/faq")
