"""SPEC §9, deployment tier: `kiosk serve` (KIOSK_PROXY_HOPS=1, KIOSK_HTTPS=on) behind the Caddy that
docs/deployment.md documents (its Caddyfile read out of the guide), over real TLS with Caddy's own authority.
Distinct clients are distinct loopback source addresses (127.0.0.2, 127.0.0.3, …), which Caddy forwards."""
import re
import socket
import ssl
import threading
import time
import urllib.parse

import pytest
import served
from consult_support import SUBMISSION, valid
from deployment import HOST, Stack, request
from staffkit import PASSWORD


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    stack = Stack(tmp_path_factory.mktemp("proxy-stack"))
    stack.add_staff("alice", PASSWORD)
    stack.add_staff("badria", PASSWORD)
    yield stack
    stack.stop()


def cookies(headers) -> str:
    """The Cookie header a browser sends back after this response's Set-Cookie headers."""
    return "; ".join(value.split(";")[0] for value in headers.get_all("Set-Cookie"))


def sign_in(stack, source: str, name: str, password: str, extra: dict | None = None) -> int:
    """The staff sign-in form as a browser on `source` fills it in, through Caddy; the answer's status."""
    _, headers, page = request(stack.caddy, "GET", "/staff/login?ui=en", source=source)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": name, "password": password})
    status, _, _ = request(stack.caddy, "POST", "/staff/login", {
        "Cookie": cookies(headers), "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded", **(extra or {})}, body, source)
    return status


def test_redirects_keep_https_and_the_browsers_host(stack):
    status, headers, _ = request(stack.caddy, "GET", "/staff")
    assert status == 308 and headers["Location"] == f"{stack.caddy.origin}/staff/"
    status, headers, _ = request(stack.caddy, "GET", "/en")
    assert status == 308 and headers["Location"] == f"{stack.caddy.origin}/en/"


def test_hsts_and_the_secure_staff_cookie(stack):
    status, headers, _ = request(stack.caddy, "GET", "/staff/login?ui=en")
    assert status == 200
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    session = [value for value in headers.get_all("Set-Cookie") if value.startswith("session=")]
    assert session and "; Secure" in session[0] and "HttpOnly" in session[0]


def post_consult(stack, origin: str, source: str = "127.0.0.1") -> int:
    """The consult form posted with only an Origin (the fallback of SPEC §4: no Sec-Fetch-Site)."""
    page = request(stack.caddy, "GET", "/en/consult", source=source)[2]
    body = urllib.parse.urlencode({**valid(), "submission_id": SUBMISSION.search(page).group(1)})
    return request(stack.caddy, "POST", "/en/consult", {"Origin": origin,
                   "Content-Type": "application/x-www-form-urlencoded"}, body, source)[0]


def test_the_origin_fallback_accepts_the_https_origin_and_refuses_http(stack):
    before = stack.query("SELECT count(*) FROM consult_requests")[0][0]
    assert post_consult(stack, stack.caddy.origin) == 303
    assert post_consult(stack, f"http://{HOST}:{stack.caddy.port}") == 403
    assert stack.query("SELECT count(*) FROM consult_requests")[0][0] == before + 1


def test_a_lockout_falls_on_the_attacking_client_only(stack):
    for _ in range(5):
        assert sign_in(stack, "127.0.0.2", "alice", "wrong password") in (401, 429)
    assert sign_in(stack, "127.0.0.2", "alice", PASSWORD) == 429, "the attacker is refused for alice"
    assert sign_in(stack, "127.0.0.3", "alice", PASSWORD) == 303, "alice at her desk signs in"
    assert sign_in(stack, "127.0.0.2", "alice", PASSWORD) == 429, "while the attacker is still refused"


def test_the_per_client_throttle_counts_each_client_apart(stack):
    for number in range(10):
        assert sign_in(stack, "127.0.0.4", f"guess{number}", "wrong password") in (401, 429)
    assert sign_in(stack, "127.0.0.4", "badria", PASSWORD) == 429, "the guessing client is throttled"
    assert sign_in(stack, "127.0.0.5", "badria", PASSWORD) == 303, "another client is not"
    assert sign_in(stack, "127.0.0.4", "badria", PASSWORD) == 429, "while the first still is"


def test_forwarded_headers_from_clients_are_not_believed(stack):
    # Straight to the kiosk from another loopback address: waitress drops the headers.
    status, headers, _ = served.ask(stack.kiosk.port, "/staff", {
        "X-Forwarded-Proto": "https", "X-Forwarded-Host": HOST, "X-Forwarded-For": "127.0.0.3"},
        source="127.0.0.2")
    assert status == 308 and headers["Location"] == f"http://127.0.0.1:{stack.kiosk.port}/staff/"
    # Through Caddy, a client's own X-Forwarded-For is replaced by its real address: claiming to be the
    # desk (127.0.0.7) does not make its failures the desk's.
    for _ in range(5):
        sign_in(stack, "127.0.0.6", "alice", "wrong password", {"X-Forwarded-For": "127.0.0.7"})
    assert sign_in(stack, "127.0.0.6", "alice", PASSWORD) == 429
    assert sign_in(stack, "127.0.0.7", "alice", PASSWORD) == 303


def trickling_connection(port: int, context: ssl.SSLContext) -> ssl.SSLSocket:
    """A TLS connection through Caddy that has sent the start of a request and will trickle the rest."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10, source_address=("127.0.0.8", 0))
    wrapped = context.wrap_socket(raw, server_hostname=HOST)
    wrapped.sendall(f"GET /en/ HTTP/1.1\r\nHost: {HOST}:{port}\r\n".encode())
    return wrapped


def test_120_trickling_connections_through_caddy_leave_healthz_answering(stack):
    context = stack.caddy.tls()
    slow = [trickling_connection(stack.caddy.port, context) for _ in range(120)]
    stop = threading.Event()

    def trickle():
        while not stop.wait(1):
            for connection in slow:
                try:
                    connection.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()
    try:
        answers = []
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            answers.append(request(stack.caddy, "GET", "/healthz")[0])  # each within the 15 s socket timeout
            answers.append(request(stack.caddy, "GET", "/ar/", source="127.0.0.9")[0])
            time.sleep(0.5)
        assert answers and set(answers) == {200}
    finally:
        stop.set()
        trickler.join(5)
        for connection in slow:
            connection.close()
