"""Lighthouse 12 (desktop preset on the kiosk's 1080×1920 portrait screen) on every kiosk page in both
languages: at least 0.95 in every category and a Cumulative Layout Shift of at most 0.1.

The pages are found by following the app's own links (and its forms, for the confirmation), and are
measured against the app served by waitress on 127.0.0.1. Scores per page: test-artifacts/lighthouse.json.
"""
import http.cookiejar
import json
import os
import subprocess
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from checkers import LIGHTHOUSE, node, require
from consult_support import valid
from crawl import FORM_HEADERS, Crawler, post_forms
from pages import LOCALES

pytestmark = pytest.mark.browser

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE = 0.95
MAX_CLS = 0.1
# One page at a time: Lighthouse times the page's main-thread work (total blocking time), and a second run
# beside it (its Chromium, or its Node crunching a trace) on the CI's two cores made that a measure of the
# other run. ~15 s a page.
AT_ONCE = 1
# Performance is timed on a shared machine, so one busy moment can cost a page a few hundredths: a page under
# the bar is measured again, up to this many runs in all, and its best run counts (Lighthouse CI takes the
# median of three for the same reason). A real regression stays under the bar in every run. The other
# categories and CLS do not depend on timing; every run is kept in the report.
RUNS = 3
CHROME_FLAGS = " ".join(["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--no-first-run"])


def sent_page(base: str, form_url: str, form) -> tuple[str, str]:
    """Send the form over HTTP as a patient would; the page it lands on and the cookie it needs, if any."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + form_url) as response:  # a fresh form: its own hidden fields and cookie
        (fresh,) = [f for f in post_forms(_page(response)) if f.action == form.action]
    request = urllib.request.Request(base + (form.action or form_url),
                                     data=urlencode({**fresh.hidden, **valid()}).encode(),
                                     headers={**FORM_HEADERS, "Origin": base})
    with opener.open(request) as response:
        landed = response.url
    return landed, "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def _page(response):
    from crawl import Page

    return Page("", response.url, response.status, response.read().decode())


def kiosk_urls(server) -> list[tuple[str, str]]:
    """(path, cookie) of every kiosk page answering 200: the pages linked from `/`, and where forms lead."""
    crawler = Crawler(server.app.test_client(), "kiosk")
    crawler.crawl(["/"], lambda url: not url.startswith(("/staff", "/static")))
    found = [(urlsplit(page.url).path, "") for page in crawler.pages if page.status == 200]
    for page in list(crawler.pages):
        path = urlsplit(page.url).path
        for form in post_forms(page):
            landed, cookie = sent_page(server.url, path, form)
            found.append((landed.removeprefix(server.url), cookie))
    return found


def below_the_bar(result: dict) -> list[str]:
    low = {name: score for name, score in result["scores"].items() if score is None or score < MIN_SCORE}
    if low or result["cls"] > MAX_CLS:
        return [f"{low} CLS {result['cls']:.3f}, failing {result['failing_audits']}"]
    return []


def best_of_runs(url: str, cookie: str, folder: Path) -> dict:
    """Lighthouse on one page, measured again while it is under the bar (at most RUNS times)."""
    runs = [lighthouse(url, cookie, folder)]
    while below_the_bar(runs[-1]) and len(runs) < RUNS:
        runs.append(lighthouse(url, cookie, folder))
    best = max(runs, key=lambda run: (not below_the_bar(run), run["scores"]["performance"] or 0))
    return {**best, "runs": [{"scores": run["scores"], "cls": run["cls"]} for run in runs]}


def lighthouse(url: str, cookie: str, folder: Path) -> dict:
    """One Lighthouse run; the category scores and the layout shift."""
    report = folder / (urlsplit(url).path.strip("/").replace("/", "-") or "welcome")
    command = [str(node()), str(LIGHTHOUSE), url, "--preset=desktop", "--quiet",
               "--screenEmulation.width=1080", "--screenEmulation.height=1920",
               "--screenEmulation.deviceScaleFactor=1", "--screenEmulation.mobile=false",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
               "--output=json", f"--output-path={report}.json"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, env=env, check=True, timeout=300, capture_output=True)
    result = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    audits = result["audits"]
    failing = sorted(key for key, audit in audits.items()
                     if audit.get("score") is not None and audit["score"] < 0.9
                     and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings"))
    return {"scores": {name: result["categories"][name]["score"] for name in CATEGORIES},
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "failing_audits": failing,
            "final_url": result.get("finalDisplayedUrl", result.get("finalUrl"))}


def test_every_kiosk_page_scores_well_in_lighthouse(kiosk_server, artifacts):
    require(node(), "node (apt-get install nodejs)")
    require(LIGHTHOUSE, "Lighthouse")
    server = kiosk_server()
    pages = kiosk_urls(server)
    paths = [path for path, _ in pages]
    assert {"/", "/en/", "/ar/"} <= set(paths), pages
    # The confirmation was reached (its URL may carry the reference code).
    assert all(any(path.startswith(f"/{lang}/consult/sent") for path in paths) for lang in LOCALES), pages
    with tempfile.TemporaryDirectory() as folder, ThreadPoolExecutor(AT_ONCE) as pool:
        runs = {path: pool.submit(best_of_runs, server.url + path, cookie, Path(folder))
                for path, cookie in pages}
        results = {path: run.result() for path, run in runs.items()}
    (artifacts / "lighthouse.json").write_text(json.dumps(results, indent=2, ensure_ascii=False),
                                               encoding="utf-8")
    problems = []
    for path, result in results.items():
        if urlsplit(result["final_url"]).path != urlsplit(path).path:
            problems.append(f"{path}: measured {result['final_url']} instead")
        problems += [f"{path}: {problem} (runs: {result['runs']})" for problem in below_the_bar(result)]
    assert not problems, "Lighthouse below the bar:\n" + "\n".join(problems)
