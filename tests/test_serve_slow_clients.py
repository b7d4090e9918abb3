"""Slow clients: connections that trickle header lines never stop `kiosk serve` answering others."""
import signal
import socket
import threading
import time
import urllib.request

from test_serve import start_kiosk

from kiosk.serve import SETTINGS, raise_open_file_limit

TRICKLERS = 100


def trickle(port: int, stop: threading.Event, opened: list, refused: list) -> None:
    """One slow client: a request line, then a header line every half second, never the blank line."""
    try:
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        refused.append(1)
        return
    opened.append(connection)
    try:
        connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        number = 0
        while not stop.wait(0.5):
            number += 1
            connection.sendall(f"X-Slow-{number}: {'a' * 20}\r\n".encode())
    except OSError:
        pass  # the server may close a slow connection: that is allowed, hanging the others is not
    finally:
        connection.close()


def test_a_hundred_trickling_connections_do_not_stop_healthz(tmp_path):
    process, url = start_kiosk(tmp_path / "instance")
    port = int(url.rsplit(":", 1)[1])
    stop, opened, refused = threading.Event(), [], []
    threads = [threading.Thread(target=trickle, args=(port, stop, opened, refused), daemon=True)
               for _ in range(TRICKLERS)]
    try:
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while len(opened) + len(refused) < TRICKLERS and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(opened) == TRICKLERS, f"only {len(opened)} slow connections opened"
        time.sleep(1)  # the slow clients are now all mid-request
        timings = []
        for _ in range(5):  # over several seconds of trickling, /healthz keeps answering promptly
            started = time.monotonic()
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                assert response.status == 200
            timings.append(time.monotonic() - started)
            time.sleep(0.5)
        assert max(timings) < 2, timings
        assert sum(thread.is_alive() for thread in threads) > TRICKLERS // 2, "slow clients still there"
    finally:
        stop.set()
        for thread in threads:
            thread.join(5)
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    assert process.returncode == 0


def test_the_connection_limit_leaves_room_for_slow_clients_and_the_screens():
    # Connections cost waitress a socket and a small buffer, not a thread: the limit is there to bound
    # memory, far above the ~70 a handful of slow clients needed to take the old limit of 64.
    import resource

    assert SETTINGS["connection_limit"] >= 1000 and SETTINGS["asyncore_use_poll"] is True
    limit = raise_open_file_limit(SETTINGS["connection_limit"])
    assert limit == resource.RLIM_INFINITY or limit >= SETTINGS["connection_limit"] + 64
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == limit
