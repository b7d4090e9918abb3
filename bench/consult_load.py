"""Consult submits under concurrent load: `kiosk serve` beside a bare Flask + SQLite insert, same server.

    .venv/bin/python bench/consult_load.py [--workers 16] [--seconds 5] [--threads 8] [--rounds 3] [--outbox]

Both servers run under waitress with the same thread count, each on its own SQLite file in WAL mode with
synchronous=FULL. Each worker is one kiosk screen: it opens the form once, then posts new requests back to
back with the headers Chromium sends from the kiosk's own page (Sec-Fetch-Site, Origin; no cookie, no
token; the bare endpoint gets the same headers and ignores them). Only a 303 counts as acknowledged;
afterwards every acknowledged submission_id is looked up in the database ("lost" must be 0). The figure
is kiosk / bare submits per second, taken per round (bare and kiosk back to back, in alternating order,
so that drifts in the machine's load cancel out) and reported as the median over the rounds.

--outbox: the kiosk's database is a PostgreSQL that cannot be reached (nothing listens on its port), so every
acknowledged request is one written to the outbox's spool (SQLite, synchronous=FULL) instead; "lost" then
looks the submission_ids up in the spool.
"""
from __future__ import annotations

import argparse
import http.client
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

KIOSK = Path(sys.executable).parent / "kiosk"
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/kiosk"  # port 9 (discard): nothing answers
FIELDS = {"name": "Bench Patient", "preferred_language": "ar", "preferred_time": "evening",
          "message": "اتصلوا بي بعد العصر من فضلكم", "consent": "y"}


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bare_app(database: str):
    """The baseline: parse the same form, one INSERT and COMMIT per request, answer 303."""
    from flask import Flask, redirect, request

    app = Flask("bare")
    local = threading.local()

    def connection() -> sqlite3.Connection:
        if not hasattr(local, "db"):
            local.db = sqlite3.connect(database, timeout=15)
            local.db.execute("PRAGMA journal_mode=WAL")
            local.db.execute("PRAGMA synchronous=FULL")
        return local.db

    with sqlite3.connect(database) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS consult_requests (id INTEGER PRIMARY KEY, "
                      "submission_id TEXT UNIQUE, name TEXT, phone TEXT, preferred_language TEXT, "
                      "preferred_time TEXT, message TEXT)")

    @app.post("/submit")
    def submit():
        form = request.form
        db = connection()
        with db:
            db.execute("INSERT INTO consult_requests (submission_id, name, phone, preferred_language, "
                       "preferred_time, message) VALUES (?, ?, ?, ?, ?, ?)",
                       [form.get(key) for key in ("submission_id", "name", "phone", "preferred_language",
                                                  "preferred_time", "message")])
        return redirect("/sent", 303)

    return app


def start(command: list[str], env: dict, log: Path, port: int) -> subprocess.Popen:
    with open(log, "ab") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited; see {log}") from None
            time.sleep(0.1)
    raise SystemExit(f"{command[0]} did not start; see {log}")


class Screen:
    """One kiosk screen posting requests back to back on a kept-alive connection."""

    def __init__(self, port: int, path: str, needs_form: bool):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.path, self.hidden = path, {}
        self.headers = {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin",
                        "Origin": f"http://127.0.0.1:{port}"}
        if needs_form:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
            response.read()
            if response.status != 200 or response.getheader("Set-Cookie"):
                raise SystemExit(f"the form answered {response.status} with a cookie or without the page")

    def post(self) -> tuple[str, int]:
        submission_id = uuid.uuid4().hex
        phone = f"05{random.choice('0345689')}{random.randrange(10**7):07d}"
        fields = {**FIELDS, **self.hidden, "phone": phone, "submission_id": submission_id}
        body = urllib.parse.urlencode(fields)
        self.connection.request("POST", self.path, body=body, headers=self.headers)
        response = self.connection.getresponse()
        response.read()
        return submission_id, response.status


def load(port: int, path: str, needs_form: bool, workers: int, seconds: float) -> dict:
    acknowledged, latencies, errors, lock = [], [], [], threading.Lock()
    ready = threading.Barrier(workers + 1)
    stop_at: list[float] = []
    go = threading.Event()

    def work():
        screen: Screen | None = None
        try:
            screen = Screen(port, path, needs_form)
        except (OSError, http.client.HTTPException):  # a server whose threads all hang: try again below
            pass
        ready.wait()
        go.wait()
        while time.monotonic() < stop_at[0]:
            began = time.perf_counter()
            try:
                screen = screen or Screen(port, path, needs_form)
                submission_id, status = screen.post()
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    errors.append(type(error).__name__)
                screen = None  # a new connection (and form) for the next request
                continue
            took = time.perf_counter() - began
            with lock:
                if status == 303:
                    acknowledged.append(submission_id)
                    latencies.append(took)
                else:
                    errors.append(str(status))

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    ready.wait()  # the clock starts once every screen has its form (a slow form must not eat the run)
    began = time.monotonic()
    stop_at.append(began + seconds)
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"acknowledged": acknowledged, "rate": len(acknowledged) / elapsed, "errors": errors,
            "latencies": latencies,
            "p50": quantiles[49] * 1000, "p95": quantiles[94] * 1000, "p99": quantiles[98] * 1000}


def lost(database: Path, acknowledged: list[str]) -> int:
    table = "waiting" if database.name == "outbox.sqlite3" else "consult_requests"
    with sqlite3.connect(database) as db:
        stored = {row[0] for row in db.execute(f"SELECT submission_id FROM {table}")}  # nosec: fixed names
    return sum(1 for submission_id in acknowledged if submission_id not in stored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads of both servers")
    parser.add_argument("--rounds", type=int, default=3, help="bare/kiosk pairs, in alternating order")
    parser.add_argument("--outbox", action="store_true", help="the kiosk's database unreachable: spool")
    parser.add_argument("--serve-bare", nargs=2, metavar=("PORT", "DATABASE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        import logging

        from waitress import serve

        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # as `kiosk serve` does

        app = bare_app(args.serve_bare[1])
        app.add_url_rule("/healthz", "healthz", lambda: "ok")
        serve(app, host="127.0.0.1", port=int(args.serve_bare[0]), threads=args.threads, ident="bare")
        return

    folder = Path(tempfile.mkdtemp(prefix="consult-bench-"))
    kiosk_port, bare_port = free_port(), free_port()
    env = {**os.environ, "KIOSK_INSTANCE_PATH": str(folder / "instance")}
    env.pop("KIOSK_DATABASE_URL", None)
    if args.outbox:
        env["KIOSK_DATABASE_URL"] = UNREACHABLE
    servers = [
        start([str(KIOSK), "serve", "--port", str(kiosk_port), "--threads", str(args.threads)], env,
              folder / "kiosk.log", kiosk_port),
        start([sys.executable, __file__, "--threads", str(args.threads), "--serve-bare", str(bare_port),
               str(folder / "bare.sqlite3")], env, folder / "bare.log", bare_port),
    ]
    targets = {"bare": (bare_port, "/submit", False, folder / "bare.sqlite3"),
               "kiosk": (kiosk_port, "/ar/consult", True,
                         folder / "instance" / ("outbox.sqlite3" if args.outbox else "kiosk.sqlite3"))}
    results: dict[str, list[dict]] = {"bare": [], "kiosk": []}
    try:
        for port, path, needs_form, _ in targets.values():
            load(port, path, needs_form, args.workers, 1)  # warm up
        for round_ in range(args.rounds):
            for name in (("bare", "kiosk") if round_ % 2 == 0 else ("kiosk", "bare")):
                port, path, needs_form, database = targets[name]
                result = load(port, path, needs_form, args.workers, args.seconds)
                result["lost"] = lost(database, result["acknowledged"])
                results[name].append(result)
                print(f"{name:5}  {result['rate']:7.0f} submits/s  p50 {result['p50']:6.1f} ms  "
                      f"p95 {result['p95']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
                      f"errors {len(result['errors'])}  lost {result['lost']}", flush=True)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:  # a loaded machine may need longer than the kiosk's 20 s drain
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    pairs = zip(results["kiosk"], results["bare"], strict=True)
    ratios = [kiosk["rate"] / bare["rate"] for kiosk, bare in pairs]
    errors = sum(len(r["errors"]) for runs in results.values() for r in runs)
    missing = sum(r["lost"] for runs in results.values() for r in runs)
    each = ", ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"ratio kiosk/bare {statistics.median(ratios):.2f} (median of {each}); "
          f"errors {errors}, lost {missing}; {args.workers} workers, {args.seconds:g} s per run, "
          f"waitress {args.threads} threads")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
