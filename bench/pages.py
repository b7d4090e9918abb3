"""Page throughput as a ratio to a bare Flask app on the same server (waitress, same settings).

    .venv/bin/python bench/pages.py [--seconds 5] [--rounds 3] [--connections 16] [--threads 8] [--tool …]

Starts the real `kiosk serve` (throwaway instance folder, SQLite) and a bare Flask app returning a short
string on waitress with the kiosk's own settings, then loads them in turn — bare, page, bare, page… — so
both see the same machine state; each page's ratio is its req/s over the mean of the bare runs around it,
and the table shows the round with the median ratio.
Requests carry a browser's Accept-Encoding. Loopback only. Prints a Markdown table for bench/README.md.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from load import measure  # noqa: E402
from servers import bare_server, kiosk_server  # noqa: E402

from kiosk.serve import SETTINGS  # noqa: E402

CONTENT = ("/", "/article", "/how-it-works", "/faq")
FORM = "/consult"
TARGET_CONTENT, TARGET_FORM = 0.8, 0.7  # SPEC §8


def page_list() -> list[tuple[str, float]]:
    pages = [("/", TARGET_CONTENT)]
    for lang in ("en", "ar"):
        pages += [(f"/{lang}{path}", TARGET_CONTENT) for path in CONTENT]
        pages.append((f"/{lang}{FORM}", TARGET_FORM))
    return pages


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def alternate(kiosk: str, bare: str, pages: list[tuple[str, float]], args) -> dict[str, list]:
    """bare, page, bare, page…: each page run is compared with the mean of the bare runs on both sides."""
    run = lambda url: measure(url, args.seconds, args.connections, args.tool)  # noqa: E731
    runs: dict[str, list] = {}
    previous = run(bare + "/").requests_per_second
    for round_number in range(args.rounds):
        for path, _ in pages:
            page = run(kiosk + path)
            following = run(bare + "/").requests_per_second
            reference = (previous + following) / 2
            runs.setdefault(path, []).append((page, reference))
            previous = following
            print(f"round {round_number + 1} {path}: {page.requests_per_second:.0f} req/s "
                  f"vs bare {reference:.0f}", file=sys.stderr)
    return runs


def report(pages, runs, notes, args) -> None:
    tool = next(iter(runs.values()))[0][0].tool if runs else args.tool
    print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"waitress threads={args.threads}; {tool}, {args.connections} connections × {args.seconds} s; "
          f"median of {args.rounds} alternating rounds\n")
    print("| page | req/s | p50 ms | p99 ms | bare req/s | ratio | target | |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for path, target in pages:
        ordered = sorted(runs[path], key=lambda pair: pair[0].requests_per_second / pair[1])
        page, reference = ordered[len(ordered) // 2]
        ratio = page.requests_per_second / reference
        verdict = "ok" if ratio >= target and not page.errors else "**below**"
        errors = f" ({page.errors} errors)" if page.errors else ""
        print(f"| `{path}` | {page.requests_per_second:.0f} | {page.p50_ms:.1f} | {page.p99_ms:.1f} "
              f"| {reference:.0f} | {ratio:.2f} | {target} | {verdict}{errors} |")
    for note in notes:
        print(f"\n{note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds; the median ratio counts")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=SETTINGS["threads"])
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--only", help="measure only paths containing this text")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "access.log"
        with kiosk_server(args.threads, log) as kiosk, bare_server(args.threads) as bare:
            pages, notes = [], []
            for path, target in page_list():
                if args.only and args.only not in path:
                    continue
                status = status_of(kiosk + path)  # renders it into the cache, as a first visit
                if status == 200:
                    pages.append((path, target))
                else:
                    notes.append(f"`{path}` skipped: it answers {status} on this branch")
            runs = alternate(kiosk, bare, pages, args)
    report(pages, runs, notes, args)


if __name__ == "__main__":
    main()
