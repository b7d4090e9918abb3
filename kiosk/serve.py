"""`kiosk serve`: the production server (waitress), after applying migrations.

Settings, chosen for one small PC serving a few kiosk screens and a staff desk (see docs/deployment.md):
- threads=8: requests are short and mostly CPU (cached pages) or brief SQLite/PostgreSQL waits; 8 threads
  let a slow database write never hold up a screen, without the GIL contention of dozens of threads.
- connection_limit=1000 (500 on Windows): an open connection costs waitress a socket and a small buffer,
  not a thread — a request reaches a thread only once it has fully arrived — so the limit bounds memory,
  not work. At the old 64, about 70 connections that trickled a header line now and then (one slow
  client, no bandwidth needed) kept every screen and /healthz waiting. 1000 leaves such a client far
  short and the screens (up to 6 connections each) room; the limit still caps memory under a flood.
  It needs poll() (select() stops at 1024 descriptors; Windows' select at 512, hence its lower limit) and
  an open-file limit above it, which `kiosk serve` raises up to the hard limit at start.
- No per-address cap and no deadline for a request's headers: waitress offers neither through its
  settings, and on the kiosk PC every screen and the reverse proxy connect from 127.0.0.1, so a cap per
  address would throttle them all together. Exposed to a network, the kiosk sits behind the documented
  reverse proxy (it reads headers with a deadline and holds slow clients itself) and a firewall rule that
  caps connections per source address (docs/deployment.md, section 4).
- channel_timeout=30: a connection silent for 30 s (an idle keep-alive, or a stalled client) is closed.
- max_request_body_size=1 MiB (Flask refuses anything over 64 KiB itself), max_request_header_size=32 KiB.
- The proxy (KIOSK_PROXY_HOPS > 0): waitress itself takes the client's address, scheme and host from
  X-Forwarded-For, -Proto and -Host, and only on connections from 127.0.0.1, where the documented Caddy runs
  (trusted_proxy); from any other address it strips them (clear_untrusted_proxy_headers). This is the only
  place they are read: the app never looks at them, so a request that did not come through the proxy cannot
  claim another client's address (and escape its sign-in throttle) or another scheme or host.
- waitress's per-request "Task queue depth" warning is silenced (waitress.queue at ERROR): under a burst
  it would fill the log with one line per queued request, and queued requests are normal, not an error.
"""
from __future__ import annotations

import logging
import select
import signal
import threading
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from . import background, config
from .accesslog import AccessLog, start_logging

SETTINGS = {
    "threads": 8,
    "connection_limit": 1000 if hasattr(select, "poll") else 500,
    "asyncore_use_poll": True,  # select() cannot watch more than 1024 sockets; ignored where poll is missing
    "channel_timeout": 30,
    "backlog": 128,
    "max_request_body_size": 1024 * 1024,
    "max_request_header_size": 32 * 1024,
    "expose_tracebacks": False,
    "clear_untrusted_proxy_headers": True,
    "ident": "kiosk",
}
PROXY = "127.0.0.1"  # the proxy runs on the kiosk PC (SPEC §9); not all of loopback
PROXY_HEADERS = frozenset({"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"})  # what Caddy sends
SPARE_FILES = 64  # descriptors beyond the connections: the listener, database files, logs, the trigger
GRACE_SECONDS = 20  # the longest we wait for in-flight requests after SIGTERM/SIGINT

log = logging.getLogger("kiosk.serve")


def quiet_waitress() -> None:
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


def raise_open_file_limit(connections: int) -> int | None:
    """Raise this process's soft open-file limit to fit `connections` (up to the hard limit); the new soft
    limit, or None where the platform has no such limit (Windows)."""
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = connections + SPARE_FILES
    if soft != resource.RLIM_INFINITY and soft < wanted:
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft != resource.RLIM_INFINITY and soft < wanted:
        log.warning("open-file limit %d is below the %d connections allowed; raise LimitNOFILE", soft,
                    connections)
    return soft


def proxy_settings(hops: int) -> dict:
    """waitress's settings for `hops` trusted proxies in front (none: every X-Forwarded-* is dropped)."""
    if not hops:
        return {}
    return {"trusted_proxy": PROXY, "trusted_proxy_count": hops, "trusted_proxy_headers": set(PROXY_HEADERS)}


def make_server(app, host: str, port: int, threads: int = SETTINGS["threads"]):
    """The waitress server `kiosk serve` runs: the settings above, the access log, the proxy's trust."""
    from waitress.server import create_server

    return create_server(AccessLog(app), host=host, port=port,
                         **{**SETTINGS, "threads": threads, **proxy_settings(app.config["PROXY_HOPS"])})


def run_until_stopped(server, stop: threading.Event, grace: float = GRACE_SECONDS) -> None:
    """Serve until `stop` is set, then stop accepting, let in-flight requests finish, and return."""
    from waitress import wasyncore
    from waitress.channel import HTTPChannel

    connections = server._map  # waitress's socket map: the listener, its wake-up trigger and connections
    use_poll = server.adj.asyncore_use_poll
    while not stop.is_set():
        wasyncore.loop(timeout=0.5, map=connections, use_poll=use_poll, count=1)

    wasyncore.dispatcher.close(server)  # close the listening socket only; the trigger stays for the drain
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        channels = [item for item in list(connections.values()) if isinstance(item, HTTPChannel)]
        if not channels:
            break
        for channel in channels:
            with channel.requests_lock:
                # Idle keep-alive connections close now; busy ones when their response is sent.
                if not channel.requests and channel.request is None and not channel.total_outbufs_len:
                    channel.will_close = True
        wasyncore.loop(timeout=0.05, map=connections, use_poll=use_poll, count=1)
    else:
        log.warning("stopping with requests still running after %d s", grace)
    server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
    server.trigger.close()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--threads", default=SETTINGS["threads"], show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def serve_command(host: str, port: int, threads: int) -> None:
    """Apply database migrations, then serve the kiosk with waitress until SIGTERM or Ctrl+C."""
    app = current_app._get_current_object()
    if not config.answer_to(app.config, host):
        answered = ", ".join(app.config["TRUSTED_HOSTS"])
        click.echo(f"kiosk: serving on every address but answering only to {answered}: set "
                   "KIOSK_TRUSTED_HOSTS to the names and addresses the screens and the staff desk use",
                   err=True)
    # Migrations, then the background jobs (retention, beats, the outbox's sender). With the central
    # database away it serves anyway and migrates when the database answers (kiosk.background).
    workers = background.start(app)

    quiet_waitress()
    raise_open_file_limit(SETTINGS["connection_limit"])
    listener = start_logging()
    server = make_server(app, host, port, threads)
    stop = threading.Event()
    # SIGTERM (systemd), SIGINT (Ctrl+C; NSSM on Windows), SIGBREAK (Ctrl+Break, Windows only).
    for name in ("SIGTERM", "SIGINT", "SIGBREAK"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), lambda *_: stop.set())
    click.echo(f"kiosk serving on http://{host}:{server.effective_port}/ with {threads} threads")
    try:
        run_until_stopped(server, stop)
    finally:
        for worker in workers:  # a mail send in progress gives up at its socket timeout; its lease runs out
            worker.stop()
        listener.stop()
    click.echo("kiosk stopped", err=True)
