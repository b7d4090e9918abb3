"""A TCP relay on a free 127.0.0.1 port in front of a server, that can swallow packets instead of forwarding.

`swallow()` makes it a black hole, like a branch's link to the central PostgreSQL dropping packets, or a
server that accepts connections and never answers: new connections are still accepted, everything sent is
read and thrown away, nothing ever comes back — on connections already open too. `forward()` relays again
(for connections opened from then on; a connection that lost bytes stays a black hole, as a real one would
be broken). `Relay(None)` is a server that accepts and never answers at all. `accepted` counts connection
attempts and `swallowed` the bytes thrown away, so a test can tell whether the kiosk tried the database.
"""
from __future__ import annotations

import re
import socket
import threading


class Relay:
    """127.0.0.1:`port` → 127.0.0.1:`target_port` (None: nothing behind it, every connection swallowed)."""

    def __init__(self, target_port: int | None):
        self.target_port = target_port
        self.accepted = 0
        self.swallowed = 0  # bytes thrown away: grows whenever the kiosk sends the database anything
        self._swallowing = threading.Event()
        if target_port is None:
            self._swallowing.set()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, name="relay-accept", daemon=True).start()

    def url(self, database_url: str) -> str:
        """`database_url` (a SQLAlchemy URL on 127.0.0.1) rewritten to go through this relay."""
        return re.sub(r"@127\.0\.0\.1:\d+/", f"@127.0.0.1:{self.port}/", database_url, count=1)

    def swallow(self) -> None:
        self._swallowing.set()

    def forward(self) -> None:
        self._swallowing.clear()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            with self._lock:
                self.accepted += 1
                self._sockets.append(client)
            upstream, broken = None, [False]  # per connection: both directions break together
            if not self._swallowing.is_set():
                try:
                    upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                    upstream.settimeout(None)
                except OSError:
                    client.close()
                    continue
                with self._lock:
                    self._sockets.append(upstream)
                threading.Thread(target=self._pump, args=(upstream, client, broken), daemon=True).start()
            threading.Thread(target=self._pump, args=(client, upstream, broken), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket | None, broken: list[bool]) -> None:
        # Once a byte is thrown away the connection's stream is corrupt: it never forwards again.
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            broken[0] = broken[0] or target is None or self._swallowing.is_set()
            if broken[0]:
                with self._lock:
                    self.swallowed += len(data)
                continue
            try:
                target.sendall(data)
            except OSError:
                break
        for each in (source, target):
            if each is not None:
                try:
                    each.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        """Stop listening and drop every connection."""
        self._listener.close()
        with self._lock:
            for each in self._sockets:
                try:
                    each.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                each.close()
            self._sockets.clear()
