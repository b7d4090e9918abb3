"""Instant taps (SPEC §8): tap to the next page, p50 and p75, over a tour of the home tiles and back.

    .venv/bin/python bench/taps.py [--rounds 3]

The kiosk (the real app on waitress, `kiosk serve`'s settings, a throwaway instance) and three runs of the
same tour — the welcome button, then each home tile and the Home button back, `rounds` times in English,
the language switch, the same in Arabic (50 taps with 3 rounds: the figure's window):

1. prerender on: the documented kiosk Chromium under Xvfb (tests/kioskscreen.py), xdotool taps, no DevTools;
   the figures are the page's own (tap to first contentful paint, or to activation), read from its beats;
2. prerender off: the same, with the kiosk sending no Speculation-Rules header;
3. 4× CPU: Playwright's Chromium with the documented flags and DevTools' CPU throttled 4× (DevTools turns
   prerendering off), mouse taps; the page's own figures, read from its sessionStorage.

Timings are this machine's, at the time of the run (other work on the machine shows in them).
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import deployguide  # noqa: E402
from kioskscreen import KioskScreen, wait_for  # noqa: E402
from taptour import positions, start, tour  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SETTLE_SECONDS = 1.5  # after a page shows: its rules are read and its next pages prerendered
HARNESS = ["--no-sandbox", "--disable-gpu"]


def steps(rounds: int) -> list[tuple[str, str, str]]:
    """The whole tour: (page shown, link tapped, page it opens)."""
    walk = [start("en")]
    for _ in range(rounds):
        walk += tour("en")
    walk.append(("/en/", "a.button-language", "/ar/"))
    for _ in range(rounds):
        walk += tour("ar")
    return walk


class Beats:
    """WSGI middleware keeping every beat's path and taps figure, as the server got them."""

    def __init__(self, app):
        self.inner, self.seen = app.wsgi_app, []
        app.wsgi_app = self

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/heartbeat":
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            environ["wsgi.input"] = io.BytesIO(body)
            beat = json.loads(body)
            self.seen.append((beat.get("path"), beat.get("taps")))
        return self.inner(environ, start_response)


class Kiosk:
    """The app under `kiosk serve`'s waitress settings on a free port, in this process."""

    def __init__(self, folder: Path, **config):
        os.environ["KIOSK_INSTANCE_PATH"] = str(folder)
        from kiosk import create_app
        from kiosk.db import upgrade
        from kiosk.serve import make_server, run_until_stopped

        self.app = create_app({"HEARTBEAT_SECONDS": 30, "IDLE_SECONDS": 3600, **config})
        upgrade(self.app.config["DATABASE_URL"])
        self.beats = Beats(self.app)
        self.server = make_server(self.app, "127.0.0.1", 0, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=run_until_stopped, args=(self.server, self._stop, 2),
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self._stop.set()
        self.thread.join(10)


def on_screen(kiosk: Kiosk, walk, where, folder: Path) -> dict:
    """The tour on the documented Chromium under Xvfb; the last beat's figure."""
    with KioskScreen(folder) as screen:
        screen.launch(kiosk.url + "/")
        wait_for(lambda: kiosk.beats.seen and kiosk.beats.seen[-1][0] == "/", timeout=60)
        for shown, link, opens in walk:
            time.sleep(SETTLE_SECONDS)
            count = len(kiosk.beats.seen)
            screen.tap(*where[shown, link])
            wait_for(lambda: [b for b in kiosk.beats.seen[count:] if b[0] == opens], timeout=30)  # noqa: B023
        return kiosk.beats.seen[-1][1]


# Where a throttled tap's time goes, from the opened page's own timings (its time origin is the navigation's
# start): before it (the old page lets go, the worker starts), server answer, parsing and scripts, paint.
BREAKDOWN = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime || 0;
  const taps = JSON.parse(sessionStorage.getItem("kiosk-taps") || "[]");
  return { tap: taps.length ? taps[taps.length - 1][0] : null, count: taps.length, fcp,
           worker: nav.workerStart ? nav.fetchStart - nav.workerStart : 0, request: nav.requestStart,
           interactive: nav.domInteractive };
}"""


def throttled(kiosk: Kiosk, walk, where, rate: float, workers: str = "allow") -> tuple[list, list]:
    """The tour in Playwright's Chromium (documented flags, DevTools attached) at `rate`× CPU: the page's
    own figures and, per tap, where its time went (BREAKDOWN)."""
    from playwright.sync_api import sync_playwright

    flags = [arg for arg in deployguide.chromium_command()[1:]
             if arg.startswith("--") and not arg.startswith(("--kiosk", "--user-data-dir", "--incognito"))]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*flags, *HARNESS])
        context = browser.new_context(viewport={"width": 1080, "height": 1920}, service_workers=workers)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.goto(kiosk.url + "/")
        parts = []
        for number, (shown, link, opens) in enumerate(walk, 1):
            time.sleep(SETTLE_SECONDS)
            page.mouse.click(*where[shown, link])
            page.wait_for_url(kiosk.url + opens)
            page.wait_for_function("(n) => JSON.parse(sessionStorage.getItem('kiosk-taps') || '[]').length"
                                   " >= n", arg=min(number, 50))
            parts.append(page.evaluate(BREAKDOWN))
        figures = page.evaluate("JSON.parse(sessionStorage.getItem('kiosk-taps') || '[]')")
        browser.close()
    return figures, parts


def profile(parts: list[dict]) -> str:
    """Medians of where the time went, in ms."""
    def median(key):
        return round(statistics.median(part[key] for part in parts))

    before = round(statistics.median(part["tap"] - part["fcp"] for part in parts))
    return (f"before the navigation starts {before}, worker start {median('worker')}, request sent at "
            f"{median('request')}, DOM interactive at "
            f"{median('interactive')}, first contentful paint at {median('fcp')} (from the navigation start)")


def percentile(values: list[int], share: float) -> int:
    """Nearest rank, as taps.js computes it for the beats."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=float, default=4)
    options = parser.parse_args()
    walk = steps(options.rounds)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kiosk-taps-") as scratch:
        scratch = Path(scratch)
        rows, profiles = [], []
        for label, config in (("prerender on", {}), ("prerender off", {"PRERENDER": False})):
            kiosk = Kiosk(scratch / label.replace(" ", "-"), **config)
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=HARNESS)
                    where = positions(browser, kiosk.url, walk)
                    browser.close()
                figure = on_screen(kiosk, walk, where, scratch / f"screen-{len(rows)}")
                rows.append((label, "Xvfb, documented flags, xdotool, no DevTools", figure))
                if not config:
                    for workers in ("allow", "block"):
                        raw, parts = throttled(kiosk, walk, where, options.rate, workers)
                        values = [ms for ms, _ in raw]
                        blocked = ", worker blocked" if workers == "block" else ""
                        how = f"Playwright, documented flags{blocked}"
                        rows.append((f"{options.rate:g}× CPU (DevTools)", how,
                                     {"count": len(values), "p50_ms": percentile(values, 0.5),
                                      "p75_ms": percentile(values, 0.75),
                                      "prerendered": sum(p for _, p in raw) / max(1, len(raw))}))
                        profiles.append((how, profile(parts)))
            finally:
                kiosk.stop()
    print(f"Tour: {len(walk)} taps ({options.rounds} rounds of the home tiles and back per language)\n")
    print("| run | how | taps | p50 ms | p75 ms | prerendered |\n| --- | --- | ---: | ---: | ---: | ---: |")
    for label, how, figure in rows:
        figure = figure or {}
        print(f"| {label} | {how} | {figure.get('count')} | {figure.get('p50_ms')} | {figure.get('p75_ms')} "
              f"| {figure.get('prerendered', 0):.0%} |")
    print(f"\nWhere a {options.rate:g}× tap's time goes (medians, ms):\n")
    for how, text in profiles:
        print(f"- {how}: {text}")
    print(f"\nLoad average while it ran: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
