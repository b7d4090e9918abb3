"""A real `kiosk serve` in a subprocess, and a small HTTP client that fills in its consult form."""
import http.client
import os
import socket
import string
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

KIOSK = Path(sys.executable).parent / "kiosk"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def letters(number: int) -> str:
    """A number spelled in letters: names may not contain digits."""
    spelled = ""
    while True:
        number, digit = divmod(number, 26)
        spelled = string.ascii_lowercase[digit] + spelled
        if not number:
            return spelled.capitalize()


class KioskServer:
    """`kiosk serve` on a free port with its own instance folder and database; output kept in a file."""

    def __init__(self, instance: Path, database_url: str, log: Path, ready: tuple[int, ...] = (200,),
                 **env_extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ready = ready  # the /healthz answers that mean "serving" (503 too while the database is away)
        env = {**os.environ, "KIOSK_INSTANCE_PATH": str(instance), "KIOSK_DATABASE_URL": database_url,
               **env_extra}
        with open(log, "ab") as output:
            self.process = subprocess.Popen([str(KIOSK), "serve", "--port", str(self.port)], env=env,
                                            stdout=output, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kiosk serve exited with {self.process.returncode}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", "/healthz")
                if connection.getresponse().status in self.ready:
                    return
            except OSError:
                time.sleep(0.1)
            finally:
                connection.close()
        raise RuntimeError("kiosk serve did not become ready")

    def kill(self) -> None:
        """kill -9: no chance to flush or close anything."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class FormSession:
    """One kiosk screen: opens the form once, then posts submissions as Chromium on the kiosk's own page
    does (`Sec-Fetch-Site: same-origin` and its `Origin`; no cookie, no token: SPEC §4)."""

    def __init__(self, port: int, lang: str = "en"):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.origin = f"http://127.0.0.1:{port}"
        self.path = f"/{lang}/consult"
        self.connection.request("GET", self.path, headers={"Sec-Fetch-Site": "none"})
        response = self.connection.getresponse()
        response.read()
        assert response.getheader("Set-Cookie") is None

    def close(self) -> None:
        self.connection.close()

    def post(self, submission_id: str, fields: dict) -> int:
        body = urllib.parse.urlencode({**fields, "submission_id": submission_id})
        self.connection.request("POST", self.path, body=body, headers={
            "Sec-Fetch-Site": "same-origin", "Origin": self.origin,
            "Content-Type": "application/x-www-form-urlencoded"})
        response = self.connection.getresponse()
        response.read()
        return response.status
