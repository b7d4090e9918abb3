"""Security headers on every route and every error, and HSTS only when served over HTTPS."""
import pytest
from flask import abort

from kiosk.security import CSP

EXPECTED = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
SAMPLE_ARGS = {"lang": "en", "filename": "css/kiosk.css"}


def assert_secure(response, url):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (url, name, response.status_code)
    permissions = response.headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions, (url, permissions)
    assert "Strict-Transport-Security" not in response.headers, url


def sample_url(app, rule) -> str:
    """A URL for the rule, with sample values for its arguments (unknown ones may well 404: also checked)."""
    values = {arg: SAMPLE_ARGS.get(arg, "1") for arg in rule.arguments}
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, values, method=sorted(rule.methods)[0])


def test_csp_is_strict():
    directives = dict(part.split(" ", 1) for part in CSP.split("; "))
    assert directives["default-src"] == "'self'" and directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_every_route_sends_the_security_headers(app, client):
    rules = list(app.url_map.iter_rules())
    assert len(rules) >= 7
    for rule in rules:
        url = sample_url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            assert response.status_code < 500, (method, url)
            assert_secure(response, f"{method} {url}")


@pytest.mark.parametrize("method, url, status", [
    ("GET", "/nope", 404), ("GET", "/fr/", 404), ("GET", "/static/missing.css", 404),
    ("POST", "/en/faq", 405), ("DELETE", "/", 405), ("GET", "/test/bad-request", 400),
    ("GET", "/test/crash", 500),
])
def test_error_responses_send_the_security_headers(app_factory, method, url, status):
    app = app_factory()
    app.add_url_rule("/test/bad-request", "bad_request", lambda: abort(400))
    app.add_url_rule("/test/crash", "crash", lambda: 1 / 0)
    app.testing = False  # let Flask turn the crash into its 500 page, as in production
    response = app.test_client().open(url, method=method)
    assert response.status_code == status
    assert_secure(response, url)


def test_hsts_only_when_served_over_https(app_factory):
    response = app_factory(HTTPS=True).test_client().get("/en/")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["Content-Security-Policy"] == CSP


def test_a_refused_cross_site_post_sends_the_security_headers(app_factory):
    app = app_factory()
    app.add_url_rule("/test/form", "form", lambda: "stored", methods=["GET", "POST"])
    client = app.test_client()
    assert client.get("/test/form").status_code == 200
    response = client.post("/test/form", data={"name": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert_secure(response, "/test/form")
