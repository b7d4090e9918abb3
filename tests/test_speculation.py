"""Instant taps by request (SPEC §3): the Speculation-Rules header and its same-origin rules files. Chromium's
own prerendering, which no DevTools client may watch, is in tests/test_prerender_screen.py."""
import json
import re

import pytest
from pages import LOCALES

from kiosk.security import CSP

HEADER = re.compile(r'^"(/speculation-rules/[a-z-]+\.json\?v=[0-9a-f]{12})"$')
PAGES = ["/", *(f"/{lang}{path}" for lang in LOCALES
                for path in ("/", "/article", "/how-it-works", "/faq", "/consult"))]


def rules_of(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    match = HEADER.match(response.headers.get("Speculation-Rules", ""))
    assert match, (path, response.headers.get("Speculation-Rules"))
    rules = client.get(match.group(1))
    assert rules.status_code == 200 and rules.mimetype == "application/speculationrules+json"
    assert rules.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = json.loads(rules.get_data())
    assert set(body) == {"prerender"}
    return [url for rule in body["prerender"] for url in rule["urls"]]


@pytest.mark.parametrize("path", PAGES)
def test_every_kiosk_page_names_a_rules_file_of_at_most_two_kiosk_pages(client, path):
    urls = rules_of(client, path)
    assert 1 <= len(urls) <= 2
    for url in urls:
        assert url.startswith("/") and not url.startswith("//") and not url.startswith("/staff")
        assert "/consult" not in url  # neither the form (its submission_id) nor the confirmation
        assert client.get(url).status_code == 200, url


def test_the_likely_next_pages(client):
    assert rules_of(client, "/") == ["/en/", "/ar/"]
    assert rules_of(client, "/ar/") == ["/ar/article", "/ar/how-it-works"]
    assert rules_of(client, "/en/article") == ["/en/", "/en/how-it-works"]


def test_no_rules_for_a_posts_answer_the_confirmation_staff_or_errors(client):
    posted = client.post("/en/consult", data={"name": ""})
    assert posted.status_code == 400 and "Speculation-Rules" not in posted.headers
    for url in ("/staff/login", "/en/nothing-here", "/healthz", "/offline"):
        assert "Speculation-Rules" not in client.get(url).headers, url
    sent = client.get("/en/consult/sent?ref=K7Q-M9P")
    assert sent.status_code == 200
    assert rules_of(client, "/en/consult/sent?ref=K7Q-M9P") == ["/"]  # from it, the start; never to it


def test_rules_files_are_the_only_ones_served_and_the_csp_stays_strict(client):
    assert client.get("/speculation-rules/nope.json").status_code == 404
    assert client.get("/speculation-rules/%2e%2e.json").status_code == 404
    stale = client.get("/speculation-rules/welcome.json?v=000000000000")
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    assert "unsafe-inline" not in CSP and "inline-speculation-rules" not in CSP
    assert client.get("/en/").headers["Content-Security-Policy"] == CSP
