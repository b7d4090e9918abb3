"""Start the real `kiosk serve` and the bare reference app, both on waitress with the same settings."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIOSK = Path(sys.executable).parent / "kiosk"

# The bare app: Flask returning a short string, on waitress with exactly the kiosk's settings.
BARE = """
import sys
from flask import Flask
from waitress.server import create_server
from kiosk.serve import SETTINGS, quiet_waitress

app = Flask("bare")

@app.get("/")
def hello():
    return "Hello, kiosk"

quiet_waitress()
server = create_server(app, host="127.0.0.1", port=0, **{**SETTINGS, "threads": int(sys.argv[1])})
print(f"bare serving on http://127.0.0.1:{server.effective_port}/", flush=True)
server.run()
"""


def _wait_for_url(process: subprocess.Popen) -> str:
    line = process.stdout.readline()
    if "serving on" not in line:
        raise RuntimeError(f"server did not start: {line}{process.stderr.read() if process.stderr else ''}")
    url = line.split()[3].rstrip("/")
    for _ in range(50):
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return url
        except urllib.error.HTTPError:
            return url
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} does not answer")


@contextmanager
def kiosk_server(threads: int, log_path: Path):
    """`kiosk serve` on a free port with a throwaway instance folder; its access log goes to `log_path`."""
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as instance, open(log_path, "w") as log:
        env = {**os.environ, "KIOSK_INSTANCE_PATH": instance}
        env.pop("KIOSK_DATABASE_URL", None)
        process = subprocess.Popen([str(KIOSK), "serve", "--port", "0", "--threads", str(threads)],
                                   env=env, cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=log)
        try:
            yield _wait_for_url(process)
        finally:
            process.terminate()
            process.wait(30)


@contextmanager
def bare_server(threads: int):
    process = subprocess.Popen([sys.executable, "-c", BARE, str(threads)], cwd=ROOT, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        yield _wait_for_url(process)
    finally:
        process.terminate()
        process.wait(30)
