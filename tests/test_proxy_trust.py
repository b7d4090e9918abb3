"""SPEC §9: behind the proxy, the client's address, scheme and host come from X-Forwarded-* only when the
connection comes from the proxy's address (127.0.0.1); from anywhere else, 127.0.0.2 included, they are
ignored. Against a real `kiosk serve` (waitress reads the headers: kiosk/serve.py), no Caddy needed here;
tests/test_deployment_proxy.py runs the same through the documented Caddy."""
import os
import re
import subprocess

import pytest
import served
from consult_http import KIOSK, KioskServer
from staffkit import PASSWORD

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kiosk.clinic.lan"}


@pytest.fixture
def behind_proxy(tmp_path):
    server = KioskServer(tmp_path / "instance", f"sqlite:///{tmp_path / 'kiosk.sqlite3'}", tmp_path / "log",
                         KIOSK_PROXY_HOPS="1", KIOSK_HTTPS="on",
                         KIOSK_TRUSTED_HOSTS="kiosk.clinic.lan,localhost,127.0.0.1")
    yield server
    server.stop()


def ask(server, path, headers, source="127.0.0.1", method="GET", form=None):
    return served.ask(server.port, path, headers, source, method, form)


def test_from_the_proxy_redirects_keep_the_browsers_scheme_and_host(behind_proxy):
    status, headers, _ = ask(behind_proxy, "/staff", {**FORWARDED, "X-Forwarded-For": "192.0.2.7"})
    assert status == 308 and headers["Location"] == "https://kiosk.clinic.lan/staff/"
    status, _, _ = ask(behind_proxy, "/en/", {**FORWARDED, "X-Forwarded-Host": "evil.example"})
    assert status == 400, "the forwarded host is checked against KIOSK_TRUSTED_HOSTS"


def test_from_any_other_address_forwarded_headers_are_ignored(behind_proxy):
    status, headers, _ = ask(behind_proxy, "/staff", {**FORWARDED, "X-Forwarded-Host": "evil.example",
                                                      "X-Forwarded-For": "192.0.2.7"}, source="127.0.0.2")
    assert status == 308
    assert headers["Location"] == f"http://127.0.0.1:{behind_proxy.port}/staff/"


def sign_in(server, forwarded_for, password, source="127.0.0.1"):
    headers = {**FORWARDED, "X-Forwarded-For": forwarded_for}
    status, page_headers, page = ask(server, "/staff/login?ui=en", headers, source)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "username": "alice", "password": password}
    status, _, _ = ask(server, "/staff/login", {**headers, "Cookie": served.cookie_of(page_headers),
                                                "Sec-Fetch-Site": "same-origin"}, source, "POST", form)
    return status


def test_the_throttle_counts_each_forwarded_client_apart(behind_proxy, tmp_path):
    subprocess.run([str(KIOSK), "staff", "add", "alice", "--role", "reception", "--password-stdin"],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True,
                   env={**os.environ, "KIOSK_INSTANCE_PATH": str(tmp_path / "instance"),
                        "KIOSK_DATABASE_URL": f"sqlite:///{tmp_path / 'kiosk.sqlite3'}"})
    for _ in range(5):
        assert sign_in(behind_proxy, "203.0.113.7", "wrong password") in (401, 429)
    assert sign_in(behind_proxy, "203.0.113.7", PASSWORD) == 429, "the attacker is locked out for alice"
    assert sign_in(behind_proxy, "192.168.1.20", PASSWORD) == 303, "alice at her own desk is not"
    # A client next to the proxy claiming the desk's address is the client it is, not the desk.
    for _ in range(5):
        sign_in(behind_proxy, "192.168.1.30", "wrong password", source="127.0.0.2")
    assert sign_in(behind_proxy, "192.168.1.30", PASSWORD) == 303
