"""Page weight in Chromium: bytes transferred for a first view (cold cache) and for each later page.

    .venv/bin/python bench/bytes.py

Starts the real `kiosk serve` (throwaway instance), then drives Debian's Chromium through Playwright:
every page once in a fresh browser context (cold cache), and a patient's tour through one context (warm
cache: what a kiosk transfers page after page). Transferred = response headers + encoded body, as the
network saw them. Targets: first view ≤ 80 KB including fonts; each later page ≤ 15 KB.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import kiosk_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
PAGES = ["/"] + [f"/{lang}{path}" for lang in ("en", "ar")
                 for path in ("/", "/article", "/how-it-works", "/faq", "/consult")]
TOUR = ["/", "/ar/", "/ar/article", "/ar/how-it-works", "/ar/faq", "/ar/consult", "/en/consult", "/en/",
        "/en/article", "/en/how-it-works", "/en/faq", "/", "/en/"]
FIRST_VIEW_LIMIT, LATER_LIMIT = 80_000, 15_000


def visit(page, cdp, url: str) -> tuple[int, int, list[str], int]:
    """Open `url`, wait until it and its fonts are loaded; return (status, bytes on the wire, files, bytes
    fetched ahead for the next pages).

    Bytes come from Chromium's own network log (encodedDataLength: headers plus encoded body, 0 for a
    file served from the browser's cache), through the DevTools protocol. Another page's document fetched
    while this one loads is the Speculation-Rules fetching a likely next page ahead: what that page costs
    when it is opened, counted apart (and shown in the files as "ahead").
    """
    urls, received, ahead = {}, {}, set()

    def on_response(event):
        urls[event["requestId"]] = event["response"]["url"]
        other = event["response"]["url"].split("?")[0] != url.split("?")[0]
        if other and event["response"]["status"] == 200 and event["response"].get("mimeType") == "text/html":
            ahead.add(event["requestId"])

    def on_finished(event):
        received[event["requestId"]] = int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    response = page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
    page.wait_for_load_state("networkidle")
    cdp.remove_listener("Network.responseReceived", on_response)
    cdp.remove_listener("Network.loadingFinished", on_finished)
    files = [f"{urls.get(key, '?').split('/', 3)[-1].split('?')[0] or '/'} {size}{' ahead' * (key in ahead)}"
             for key, size in received.items() if size]
    early = sum(size for key, size in received.items() if key in ahead)
    return response.status, sum(received.values()) - early, files, early


def open_page(context):
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    return page, cdp


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch, kiosk_server(4, Path(scratch) / "access.log") as base, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        print("First view, cold cache (fresh context per page):\n")
        print("| page | bytes | ahead | files | |\n| --- | ---: | ---: | --- | --- |")
        for path in PAGES:
            context = browser.new_context(viewport={"width": 1080, "height": 1920})
            status, total, files, early = visit(*open_page(context), base + path)
            context.close()
            if status != 200:
                print(f"| `{path}` | — | answers {status} on this branch | skipped |")
                continue
            verdict = "ok" if total <= FIRST_VIEW_LIMIT else "**over 80 KB**"
            print(f"| `{path}` | {total:,} | {early:,} | {'; '.join(files)} | {verdict} |")

        print("\nA patient's tour in one context (warm cache), bytes per page:\n")
        print("| step | page | bytes | ahead | over the network | |")
        print("| ---: | --- | ---: | ---: | --- | --- |")
        context = browser.new_context(viewport={"width": 1080, "height": 1920})
        page, cdp = open_page(context)
        for step, path in enumerate(TOUR, 1):
            status, total, files, early = visit(page, cdp, base + path)
            limit = FIRST_VIEW_LIMIT if step == 1 else LATER_LIMIT
            verdict = f"answers {status}" if status != 200 else "ok" if total <= limit else "**over**"
            print(f"| {step} | `{path}` | {total:,} | {early:,} | {'; '.join(files)} | {verdict} |")
        context.close()
        browser.close()


if __name__ == "__main__":
    main()
