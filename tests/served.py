"""The app under the waitress server `kiosk serve` builds (kiosk.serve.make_server), in this process, and a
plain HTTP client that can speak from any loopback address: for what only the real server does (the proxy's
X-Forwarded-* headers are read by waitress, from 127.0.0.1 only)."""
from __future__ import annotations

import contextlib
import http.client
import threading
import urllib.parse

from kiosk.serve import make_server, run_until_stopped


@contextlib.contextmanager
def served(app):
    """Serve `app` on a free 127.0.0.1 port; yields the port."""
    server = make_server(app, "127.0.0.1", 0, threads=4)
    stop = threading.Event()
    serving = threading.Thread(target=run_until_stopped, args=(server, stop, 5), daemon=True)
    serving.start()
    try:
        yield server.effective_port
    finally:
        stop.set()
        serving.join(15)


def ask(port: int, path: str, headers: dict | None = None, source: str = "127.0.0.1", method: str = "GET",
        form: dict | None = None) -> tuple[int, dict, str]:
    """One request from `source` (bound on the client socket): status, headers, body text. The Host header
    is the connection's unless `headers` names one."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15, source_address=(source, 0))
    headers = {"Host": f"127.0.0.1:{port}", **(headers or {})}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def cookie_of(headers: dict) -> str:
    """The `name=value` of the response's (one) Set-Cookie, to send back."""
    return headers["Set-Cookie"].split(";")[0]
