"""`kiosk serve`: waitress with an access log free of personal data, and a graceful stop."""
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from waitress.server import create_server

from kiosk.accesslog import logged_path
from kiosk.serve import run_until_stopped

KIOSK = Path(sys.executable).parent / "kiosk"


def start_kiosk(instance: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "KIOSK_INSTANCE_PATH": str(instance)}
    process = subprocess.Popen([str(KIOSK), "serve", "--port", "0"], env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    line = process.stdout.readline()
    assert "serving on" in line, line + process.stderr.read()
    return process, line.split()[3].rstrip("/")


def test_serve_migrates_logs_without_query_strings_and_stops_cleanly_on_sigterm(tmp_path):
    process, url = start_kiosk(tmp_path / "instance")
    try:
        with urllib.request.urlopen(f"{url}/en/faq?search=Fatima+0551234567") as response:
            assert response.status == 200
        with urllib.request.urlopen(f"{url}/healthz") as response:
            assert response.status == 200, "migrations were applied before serving"
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 0, errors
    lines = [line for line in errors.splitlines() if "kiosk.access" in line]
    assert any(line.endswith("ms") and " GET /en/faq 200 " in line for line in lines), errors
    assert "Fatima" not in errors and "0551234567" not in errors and "search" not in errors


def test_logged_path_is_one_safe_line():
    environ = {"PATH_INFO": b"/en/\nGET /forged 200".decode("latin-1"), "SCRIPT_NAME": ""}
    assert logged_path(environ) == "/en/%0AGET%20/forged%20200"
    arabic = {"PATH_INFO": "/ar/صفحة".encode().decode("latin-1")}
    assert logged_path(arabic).isascii()


def test_stop_lets_the_request_in_flight_finish():
    started = threading.Event()

    def slow_app(environ, start_response):
        started.set()
        time.sleep(1)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"finished"]

    server = create_server(slow_app, host="127.0.0.1", port=0, threads=2)
    stop = threading.Event()
    serving = threading.Thread(target=run_until_stopped, args=(server, stop, 10))
    serving.start()
    answers = []

    def ask():
        with urllib.request.urlopen(f"http://127.0.0.1:{server.effective_port}/") as response:
            answers.append(response.read())

    client = threading.Thread(target=ask)
    client.start()
    assert started.wait(5)
    stop.set()  # what SIGTERM does, while the request is still running
    client.join(10)
    serving.join(15)
    assert answers == [b"finished"]
    assert not serving.is_alive()


def test_access_lines_reach_ordinary_logging_handlers_too():
    """Clinic IT may send kiosk.access elsewhere with logging config; the batching must not bypass it."""
    import io
    import logging

    from kiosk.accesslog import AccessLog, logger, start_logging

    stream, seen = io.StringIO(), []
    extra = logging.Handler()
    extra.emit = seen.append
    writer = start_logging(stream)
    logger.addHandler(extra)
    try:
        def missing(environ, start_response):
            start_response("404 NOT FOUND", [("Content-Length", "3")])
            return [b"no!"]

        app = AccessLog(missing)
        app({"REQUEST_METHOD": "GET", "PATH_INFO": "/en/nope", "QUERY_STRING": "name=Sara"}, lambda *a: None)
    finally:
        writer.stop()
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
    line = r"GET /en/nope 404 3 \d+\.\dms"
    assert len(seen) == 1 and re.fullmatch(line, seen[0].getMessage())
    assert re.search(rf"kiosk\.access {line}\n$", stream.getvalue())
