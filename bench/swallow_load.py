"""Consult submits while the link to the central PostgreSQL drops packets (SPEC §9 breaker).

    .venv/bin/python bench/swallow_load.py [--workers 8] [--seconds 10] [--threads 8]

A throwaway PostgreSQL cluster (tests/postgres.py), the test relay (tests/relay.py) in front of it, and the
real `kiosk serve` whose database URL goes through the relay. After a short warm-up that fills the pool,
the relay swallows everything (also on connections already open) while `--workers` screens post requests
back to back for `--seconds` and one client asks `/healthz` once a second. Then the relay forwards again,
the run waits (at most 120 s) for the outbox to drain, and every acknowledged submission_id is looked up in
PostgreSQL: "lost" and "duplicated" must be 0. Loopback only; every wait is bounded.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent / "tests")]

from consult_load import KIOSK, free_port, load, start  # noqa: E402
from postgres import Cluster  # noqa: E402
from relay import Relay  # noqa: E402


def healthz(port: int, timeout: float = 30) -> tuple[float, int, dict]:
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        body = json.loads(response.read() or b"{}")
        return time.perf_counter() - began, response.status, body
    except (OSError, http.client.HTTPException, ValueError):
        return time.perf_counter() - began, 0, {}
    finally:
        connection.close()


def watch_health(port: int, stop: threading.Event, seen: list) -> None:
    while not stop.is_set():
        seen.append(healthz(port))
        stop.wait(1)


def stored(url: str) -> list[str]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        return [row[0] for row in connection.execute("SELECT submission_id FROM consult_requests")]


def ms(values: list[float], q: int) -> str:
    if len(values) < 2:
        return f"{values[0] * 1000:.0f}" if values else "-"
    # inclusive: a few samples (a hanging server acknowledges few) must not give a p99 beyond the maximum
    return f"{statistics.quantiles(values, n=100, method='inclusive')[q - 1] * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--cold", action="store_true",
                        help="swallow from the start (no connection open yet): a server that never answers")
    args = parser.parse_args()
    cluster = Cluster()
    relay = Relay(cluster.port)
    folder = Path(tempfile.mkdtemp(prefix="swallow-bench-"))
    url = cluster.new_database()
    port = free_port()
    env = {**os.environ, "KIOSK_INSTANCE_PATH": str(folder / "instance"),
           "KIOSK_DATABASE_URL": relay.url(url)}
    server = start([str(KIOSK), "serve", "--port", str(port), "--threads", str(args.threads)], env,
                   folder / "kiosk.log", port)
    try:
        if args.cold:
            relay.swallow()
        warm = load(port, "/ar/consult", True, args.workers, 0 if args.cold else 2)  # fills the pool
        relay.swallow()
        attempts_before = relay.accepted
        stop, health = threading.Event(), []
        watcher = threading.Thread(target=watch_health, args=(port, stop, health))
        watcher.start()
        result = load(port, "/ar/consult", True, args.workers, args.seconds)
        stop.set()
        watcher.join()
        attempts = relay.accepted - attempts_before
        relay.forward()
        deadline = time.monotonic() + 120  # the sender delivers the spool: until /healthz names none
        while time.monotonic() < deadline and healthz(port, 10)[2] != {"status": "ok"}:
            time.sleep(0.5)
        _, status, body = healthz(port, 10)
        rows = stored(url)
        acknowledged = warm["acknowledged"] + result["acknowledged"]
        lost = sum(1 for submission_id in acknowledged if submission_id not in set(rows))
        duplicated = len(rows) - len(set(rows))
        latencies = result["latencies"]
        mode = "cold" if args.cold else "warm pool"
        print(f"{mode}; swallowed {args.seconds:g} s, {args.workers} submitters, {args.threads} threads: "
              f"{len(latencies)} acknowledged, p50 {ms(latencies, 50)} ms, p99 {ms(latencies, 99)} ms, "
              f"max {max(latencies, default=0) * 1000:.0f} ms; errors {len(result['errors'])} "
              f"({', '.join(sorted(set(result['errors']))) or 'none'})")
        waits = [took for took, _, _ in health]
        print(f"/healthz while swallowed: {len(health)} asked, statuses "
              f"{sorted({code for _, code, _ in health})}, p50 {ms(waits, 50)} ms, "
              f"max {max(waits, default=0) * 1000:.0f} ms")
        print(f"connection attempts at the relay while swallowed: {attempts}")
        print(f"after forwarding again: /healthz {status} {body}; stored {len(rows)}, "
              f"lost {lost}, duplicated {duplicated}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        relay.close()
        cluster.stop()


if __name__ == "__main__":
    main()
