"""SPEC §4: cross-site POSTs refused by Fetch Metadata (Sec-Fetch-Site, else Origin), for every POST route.

These tests use Flask's plain test client, which sends neither header unless told: each case states its own.
"""
import re

import pytest
from consult_support import SUBMISSION, stored, valid
from flask.testing import FlaskClient
from pages import LOCALES, PageReader
from served import ask, cookie_of, served

from kiosk import crossorigin

OWN = "http://localhost"  # the test client's host, as a browser on it would name the origin


def post_form(app, lang="en", headers=None, **environ):
    client = FlaskClient(app)
    page_headers = {k: v for k, v in (headers or {}).items() if k.startswith("X-Forwarded")}
    page = client.get(f"/{lang}/consult", headers=page_headers, environ_overrides=environ)
    html = page.get_data(as_text=True)
    data = {**valid(), "submission_id": SUBMISSION.search(html).group(1)}
    return client.post(f"/{lang}/consult", data=data, headers=headers or {}, environ_overrides=environ)


ACCEPTED = [
    {"Sec-Fetch-Site": "same-origin", "Origin": OWN},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},
    {"Origin": OWN},  # plain http:// to a LAN address: browsers send no Sec-Fetch-* there
    {"Origin": "HTTP://LOCALHOST"},
    {"Origin": "http://localhost:80"},
]
REFUSED = [
    {},
    {"Sec-Fetch-Site": "same-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://shop.localhost"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "cross-site", "Origin": OWN},  # the browser's word wins over a copied Origin
    {"Sec-Fetch-Site": "bogus"},
    {"Origin": "http://evil.example"},
    {"Origin": "https://localhost"},  # another scheme is another origin
    {"Origin": "http://localhost:8080"},
    {"Origin": "null"},
]


@pytest.mark.parametrize("headers", ACCEPTED, ids=lambda h: " ".join(f"{k}={v}" for k, v in h.items()))
def test_same_origin_posts_are_accepted(app, headers):
    response = post_form(app, headers=headers)
    assert response.status_code == 303
    assert {"Sec-Fetch-Site", "Origin"} <= set(response.vary), response.headers.get("Vary")
    assert len(stored(app)) == 1


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("headers", REFUSED, ids=lambda h: " ".join(f"{k}={v}" for k, v in h.items()) or "no")
def test_cross_site_posts_are_a_calm_403_in_the_page_language_and_store_nothing(app, lang, headers):
    response = post_form(app, lang, headers=headers)
    assert response.status_code == 403
    assert {"Sec-Fetch-Site", "Origin"} <= set(response.vary)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    html = response.get_data(as_text=True)
    assert PageReader(html).html_attrs["lang"] == lang
    assert {"en": "Please start this form again", "ar": "يُرجى تعبئة النموذج من جديد"}[lang] in html
    assert f'href="/{lang}/consult"' in html
    assert stored(app) == []


def test_every_post_route_is_covered_and_safe_methods_are_not(app):
    """The rule sits in front of the whole app: a POST route added later inherits it."""
    app.add_url_rule("/test/later", "later", lambda: "done", methods=["GET", "POST"])
    client = FlaskClient(app)
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        values = {arg: "en" if arg == "lang" else "1" for arg in rule.arguments}
        url = app.url_map.bind("localhost").build(rule.endpoint, values, method="POST")
        response = client.post(url, data={}, headers={"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 403, url
    assert client.get("/test/later", headers={"Sec-Fetch-Site": "cross-site"}).get_data() == b"done"
    assert client.post("/test/later", headers={"Sec-Fetch-Site": "same-origin"}).get_data() == b"done"


@pytest.mark.parametrize("path", ["/staff/translations/proposals/%00/approve", "/en/no-such-page",
                                  "/staff/requests/99999999999/status"])
def test_a_cross_site_post_to_a_url_that_matches_no_route_is_the_plain_404(app, path):
    """Nothing is done at an unknown URL, so the rule leaves it to the 404 (its refusal page once gave a 500
    there: the page's language switch needs a matched route)."""
    response = FlaskClient(app).post(path, headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"})
    assert response.status_code == 404


def test_the_usage_beacon_follows_the_rule(app):
    client = FlaskClient(app)
    event = {"event": "idle_reset", "lang": "en"}
    assert client.post("/usage", data=event, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/usage", data=event, headers={"Origin": OWN}).status_code == 204


def test_behind_a_trusted_proxy_the_origin_is_the_one_the_browser_used(app_factory):
    """waitress reads the proxy's headers (kiosk.serve.make_server), so this runs the real server."""
    app = app_factory(PROXY_HOPS=1, TRUSTED_HOSTS=["kiosk.clinic.lan"])
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kiosk.clinic.lan",
                 "X-Forwarded-For": "192.0.2.7"}

    def post(origin, source="127.0.0.1"):
        page = ask(port, "/en/consult", forwarded, source)[2]
        form = {**valid(), "submission_id": SUBMISSION.search(page).group(1)}
        return ask(port, "/en/consult", {**forwarded, "Origin": origin}, source, "POST", form)

    with served(app) as port:
        ok = post("https://kiosk.clinic.lan")
        assert ok[0] == 303 and ok[1]["Location"].startswith("/en/consult/sent")
        assert post("http://kiosk.clinic.lan")[0] == 403
    assert len(stored(app)) == 1


def test_an_untrusted_proxy_cannot_vouch_for_a_foreign_origin(app):
    """With KIOSK_PROXY_HOPS=0 (the default) X-Forwarded-* headers are ignored."""
    headers = {"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "Origin": "https://evil.example"}
    assert post_form(app, headers=headers).status_code == 403


def test_with_kiosk_https_the_https_origin_is_our_own(app_factory):
    app = app_factory(HTTPS=True)
    assert post_form(app, headers={"Origin": "https://localhost"}).status_code == 303


@pytest.mark.parametrize(("method", "site", "origin", "own", "accepted"), [
    ("GET", "cross-site", None, ("http://k",), True),
    ("HEAD", None, None, ("http://k",), True),
    ("POST", "same-origin", None, ("http://k",), True),
    ("POST", "none", "http://x", ("http://k",), True),
    ("POST", "same-site", "http://k", ("http://k",), False),
    ("POST", None, "http://k", ("http://k",), True),
    ("POST", None, "http://x", ("http://k",), False),
    ("POST", None, None, ("http://k",), False),
    ("PUT", None, None, ("http://k",), False),
    ("DELETE", "cross-site", None, ("http://k",), False),
])
def test_the_rule_as_a_plain_function(method, site, origin, own, accepted):
    assert crossorigin.allowed(method, site, origin, own) is accepted


def test_staff_forms_keep_their_token_as_a_second_line(app):
    """A same-origin POST to the staff area still needs the form's token (kiosk.staff.auth)."""
    from staffkit import add_staff, login

    add_staff(app)
    client = app.test_client()
    response = client.post("/staff/login?ui=en", data={"username": "alice", "password": "x"})
    assert response.status_code == 400
    assert "Please open this page again" in response.get_data(as_text=True)
    arabic = client.post("/staff/login?ui=ar", data={"username": "alice", "password": "x"})
    assert "يُرجى فتح هذه الصفحة من جديد" in arabic.get_data(as_text=True)
    assert login(client).status_code == 303


def test_staff_sign_in_works_behind_the_https_proxy_without_a_referer(app_factory):
    """Flask-WTF's HTTPS Referer check is off: Fetch Metadata has checked the origin already."""
    from staffkit import PASSWORD, add_staff

    app = app_factory(PROXY_HOPS=1, HTTPS=True, TRUSTED_HOSTS=["kiosk.clinic.lan"])
    add_staff(app)
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kiosk.clinic.lan"}
    with served(app) as port:
        _, headers, page = ask(port, "/staff/login?ui=en", forwarded)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _, body = ask(port, "/staff/login", {**forwarded, "Origin": "https://kiosk.clinic.lan",
                                                     "Cookie": cookie_of(headers)}, method="POST",
                              form={"csrf_token": token, "username": "alice", "password": PASSWORD})
    assert status == 303, body[:500]
