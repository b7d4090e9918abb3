"""The documented stack for the deployment tier (SPEC §9): a real Caddy, configured by the Caddyfile read out
of docs/deployment.md (tests/deployguide.py), in front of a real `kiosk serve` with KIOSK_PROXY_HOPS=1 and
KIOSK_HTTPS=on. Both are subprocesses on free loopback ports, stopped by their own PIDs."""
from __future__ import annotations

import contextlib
import http.client
import os
import sqlite3
import ssl
import subprocess
import time
from pathlib import Path

import deployguide
from consult_http import KIOSK, KioskServer, free_port
from kioskscreen import require_tools

HOST = "localhost"  # the proxy's name in the tests (the guide's kiosk.clinic.lan, which nothing resolves)


class Caddy:
    """`caddy run` with the guide's Caddyfile for https://HOST:PORT → 127.0.0.1:KIOSK_PORT."""

    def __init__(self, folder: Path, kiosk_port: int):
        require_tools("caddy")
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.origin = f"https://{HOST}:{self.port}"
        self.config = folder / "Caddyfile"
        self.config.write_text(deployguide.caddyfile_for_test(self.port, kiosk_port, folder / "data", HOST))
        env = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "xdg-data"),
               "XDG_CONFIG_HOME": str(folder / "xdg-config")}
        with open(folder / "caddy.log", "ab") as log:
            self.process = subprocess.Popen(["caddy", "run", "--config", str(self.config), "--adapter",
                                             "caddyfile"], env=env, stdout=log, stderr=subprocess.STDOUT)
        self.root = folder / "data" / "pki" / "authorities" / "local" / "root.crt"
        self._wait_ready()

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("caddy exited: " + (self.folder / "caddy.log").read_text()[-2000:])
            if self.root.exists():
                try:
                    if request(self, "GET", "/healthz")[0] == 200:
                        return
                except OSError:
                    pass
            time.sleep(0.2)
        raise RuntimeError("caddy did not answer: " + (self.folder / "caddy.log").read_text()[-2000:])

    def tls(self) -> ssl.SSLContext:
        """A client context that trusts exactly Caddy's local root."""
        return ssl.create_default_context(cafile=str(self.root))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def request(caddy: Caddy, method: str, path: str, headers: dict | None = None, body: str | None = None,
            source: str = "127.0.0.1") -> tuple[int, http.client.HTTPMessage, str]:
    """One HTTPS request through Caddy from the loopback address `source` (bound on the client socket)."""
    connection = http.client.HTTPSConnection(HOST, caddy.port, timeout=15, context=caddy.tls(),
                                             source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


class Stack:
    """`kiosk serve` as docs/deployment.md section 4 sets it up, and the documented Caddy in front."""

    def __init__(self, folder: Path, **env: str):
        require_tools("caddy")
        self.folder = folder
        self.instance = folder / "instance"
        self.database = folder / "kiosk.sqlite3"
        self.env = {"KIOSK_PROXY_HOPS": "1", "KIOSK_HTTPS": "on", "KIOSK_TRUSTED_HOSTS": f"{HOST},127.0.0.1",
                    **env}
        self.kiosk = KioskServer(self.instance, f"sqlite:///{self.database}", folder / "kiosk.log",
                                 **self.env)
        try:
            self.caddy = Caddy(folder / "caddy", self.kiosk.port)
        except BaseException:
            self.kiosk.stop()
            raise

    def add_staff(self, name: str, password: str, role: str = "reception") -> None:
        """`kiosk staff add` on the stack's instance, as the guide says to make accounts."""
        subprocess.run([str(KIOSK), "staff", "add", name, "--role", role, "--password-stdin"],
                       input=password + "\n", text=True, check=True, capture_output=True,
                       env={**os.environ, "KIOSK_INSTANCE_PATH": str(self.instance),
                            "KIOSK_DATABASE_URL": f"sqlite:///{self.database}", **self.env})

    def query(self, sql: str, *args) -> list[tuple]:
        """Read the kiosk's SQLite database (the test's view of what the server stored)."""
        with contextlib.closing(sqlite3.connect(self.database, timeout=10)) as connection:
            return connection.execute(sql, args).fetchall()

    def stop(self) -> None:
        self.caddy.stop()
        self.kiosk.stop()
