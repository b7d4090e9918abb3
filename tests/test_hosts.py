"""SPEC §7: the host names the kiosk answers to (KIOSK_TRUSTED_HOSTS) and the proxies it believes
(KIOSK_PROXY_HOPS): no redirect or page ever names a host an attacker chose."""
import http.client
import os
import subprocess
import time

import pytest
from consult_http import KIOSK, free_port
from served import ask, served

from kiosk import config, create_app

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "kiosk.clinic.lan",
             "X-Forwarded-For": "192.0.2.7"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.2"])
def test_a_foreign_host_header_is_a_400_not_a_redirect_to_it(client, host):
    response = client.get("/en", headers={"Host": host})
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert client.get("/en/", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1", "127.0.0.1:8000"])
def test_loopback_names_are_answered_by_default(client, host):
    response = client.get("/en", headers={"Host": host})
    assert response.status_code == 308
    assert response.headers["Location"] == f"http://{host}/en/"


def test_kiosk_trusted_hosts_names_the_hosts(instance, monkeypatch):
    monkeypatch.setenv("KIOSK_TRUSTED_HOSTS", "kiosk.clinic.lan, 192.168.1.10")
    client = create_app({"TESTING": True}).test_client()
    assert client.get("/", headers={"Host": "kiosk.clinic.lan"}).status_code == 200
    assert client.get("/", headers={"Host": "192.168.1.10:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost"}).status_code == 400  # only what it names


def test_behind_the_proxy_redirects_name_the_browsers_scheme_and_host(app_factory):
    """waitress reads the proxy's headers (kiosk.serve.make_server), so this runs the real server."""
    with served(app_factory(PROXY_HOPS=1, TRUSTED_HOSTS=["kiosk.clinic.lan"])) as port:
        status, headers, _ = ask(port, "/en", FORWARDED)
        assert status == 308 and headers["Location"] == "https://kiosk.clinic.lan/en/"
        assert ask(port, "/en", {**FORWARDED, "X-Forwarded-Host": "evil.example"})[0] == 400
        # Not from the proxy's address: the headers are dropped, and 127.0.0.1:PORT is not a trusted host.
        assert ask(port, "/en", FORWARDED, source="127.0.0.2")[0] == 400


def test_without_proxy_hops_forwarded_headers_are_ignored(client, app):
    response = client.get("/en", headers=FORWARDED)
    assert response.headers["Location"] == "http://localhost/en/"
    with served(app) as port:  # nor does the real server believe them, even from 127.0.0.1
        status, headers, _ = ask(port, "/en", FORWARDED)
        assert status == 308 and headers["Location"] == f"http://127.0.0.1:{port}/en/"


def test_two_hops_believe_the_second_to_last_entry(app_factory):
    with served(app_factory(PROXY_HOPS=2, TRUSTED_HOSTS=["kiosk.clinic.lan"])) as port:
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example, kiosk.clinic.lan",
                   "X-Forwarded-For": "203.0.113.9, 192.0.2.7"}
        assert ask(port, "/en", headers)[0] == 400  # the host the nearer proxy was given
        headers["X-Forwarded-Host"] = "kiosk.clinic.lan, proxy.internal"
        assert ask(port, "/en", headers)[1]["Location"] == "https://kiosk.clinic.lan/en/"


def test_environment_values_are_parsed(instance, monkeypatch):
    monkeypatch.setenv("KIOSK_TRUSTED_HOSTS", "Kiosk.Clinic.LAN,.branch.lan")
    monkeypatch.setenv("KIOSK_PROXY_HOPS", "1")
    app = create_app({"TESTING": True})
    assert app.config["TRUSTED_HOSTS"] == ["kiosk.clinic.lan", ".branch.lan"]
    assert app.config["PROXY_HOPS"] == 1


def test_defaults(app):
    assert list(app.config["TRUSTED_HOSTS"]) == ["localhost", "127.0.0.1"]
    assert app.config["PROXY_HOPS"] == 0


@pytest.mark.parametrize(("variable", "value"), [
    ("KIOSK_TRUSTED_HOSTS", ""),
    ("KIOSK_TRUSTED_HOSTS", "kiosk.lan,,x.lan"),
    ("KIOSK_TRUSTED_HOSTS", "https://kiosk.lan"),
    ("KIOSK_TRUSTED_HOSTS", "kiosk.lan:8000"),
    ("KIOSK_TRUSTED_HOSTS", "::1"),
    ("KIOSK_TRUSTED_HOSTS", "kiosk lan"),
    ("KIOSK_TRUSTED_HOSTS", "*"),
    ("KIOSK_PROXY_HOPS", "-1"),
    ("KIOSK_PROXY_HOPS", "one"),
])
def test_bad_value_names_the_variable(variable, value):
    with pytest.raises(config.ConfigError, match=variable) as error:
        config.from_environment({variable: value})
    assert "\n" not in str(error.value)


def test_serve_adds_its_host_address_unless_the_hosts_are_named():
    defaulted = {"TRUSTED_HOSTS": config.DefaultHosts(config.LOOPBACK_HOSTS)}
    assert config.answer_to(defaulted, "192.168.1.10")
    assert defaulted["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1", "192.168.1.10"]
    assert not config.answer_to({"TRUSTED_HOSTS": config.DefaultHosts(config.LOOPBACK_HOSTS)}, "0.0.0.0")
    named = {"TRUSTED_HOSTS": ["kiosk.clinic.lan"]}
    assert config.answer_to(named, "192.168.1.10") and named["TRUSTED_HOSTS"] == ["kiosk.clinic.lan"]
    assert config.DefaultHosts(config.LOOPBACK_HOSTS) is not config.LOOPBACK_HOSTS


def test_kiosk_serve_answers_to_its_host_address(tmp_path):
    """The real `kiosk serve --host 127.0.0.2`: that address is answered, other names get 400."""
    port = free_port()
    env = {**os.environ, "KIOSK_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("KIOSK_TRUSTED_HOSTS", None)
    with open(tmp_path / "log", "wb") as log:
        process = subprocess.Popen([str(KIOSK), "serve", "--host", "127.0.0.2", "--port", str(port)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        statuses = {}
        for host in (f"127.0.0.2:{port}", "evil.example"):
            for _ in range(600):
                connection = http.client.HTTPConnection("127.0.0.2", port, timeout=5)
                try:
                    connection.request("GET", "/healthz", headers={"Host": host})
                    statuses[host] = connection.getresponse().status
                    break
                except OSError:
                    assert process.poll() is None, (tmp_path / "log").read_text()
                    time.sleep(0.1)
                finally:
                    connection.close()
        assert statuses == {f"127.0.0.2:{port}": 200, "evil.example": 400}
    finally:
        process.terminate()
        process.wait(timeout=30)
