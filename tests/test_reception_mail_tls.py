"""Mail over TLS to a real aiosmtpd: `smtps://` (TLS from the first byte) and `smtp+starttls://`, each with a
login the server accepts only inside TLS, and a certificate checked against the trusted authorities.

The clinic's mail server is trusted the way every OpenSSL program trusts one: a public certificate, or a
private authority named by SSL_CERT_FILE (docs/deployment.md). The tests make such a private authority."""
import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from consult_support import FormClient
from smtp_support import Inbox, free_port
from test_reception_mail import MAIL, queued

from kiosk.reception import mailqueue

USER, PASSWORD = "kiosk@clinic.example", "p@ss:word/1"
QUOTED = "kiosk%40clinic.example:p%40ss%3Aword%2F1"


def openssl(*arguments, cwd):
    subprocess.run(["openssl", *arguments], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A private authority and a certificate it signed for 127.0.0.1; and a stranger's self-signed one."""
    if not shutil.which("openssl"):
        pytest.fail("openssl not found: apt-get install -y openssl")
    folder = tmp_path_factory.mktemp("tls")
    (folder / "server.ext").write_text("basicConstraints=critical,CA:FALSE\n"
                                       "keyUsage=critical,digitalSignature,keyEncipherment\n"
                                       "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\n"
                                       "authorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test authority",
            "-keyout", "ca.key", "-out", "ca.pem", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            cwd=folder)
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
            "-out", "server.csr", cwd=folder)
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-days", "2", "-extfile", "server.ext", "-out", "server.pem", cwd=folder)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "stranger.key", "-out", "stranger.pem",
            cwd=folder)
    return folder


class TlsServer:
    """aiosmtpd on a loopback port, TLS either implicit (smtps) or after STARTTLS, with a login it checks.

    After STARTTLS the server also refuses a login outside TLS. aiosmtpd 1.4 does not count implicit TLS as
    TLS for that rule, so there the login is optional, and `logins` shows it took place."""

    def __init__(self, certificate, key, implicit: bool):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate, key)
        self.inbox = Inbox()
        self.logins: list[bytes] = []
        self.port = free_port()
        tls = {"ssl_context": context} if implicit else {"tls_context": context, "require_starttls": True}
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port,
                                     authenticator=self.check, auth_require_tls=not implicit,
                                     auth_required=not implicit, **tls)
        self.controller.start()

    def check(self, server, session, envelope, mechanism, auth_data):
        good = isinstance(auth_data, LoginPassword) and \
            (auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode())
        if good:
            self.logins.append(auth_data.login)
        return AuthResult(success=good)

    def url(self, scheme: str) -> str:
        return f"{scheme}://{QUOTED}@127.0.0.1:{self.port}"


@pytest.fixture(params=["smtps", "smtp+starttls"])
def scheme(request):
    return request.param


def send_one(app_factory, url: str) -> list:
    app = app_factory(SMTP_URL=url, **MAIL)
    FormClient(app.test_client()).submit()
    with app.app_context():
        mailqueue.deliver_due()
    return queued(app)


def test_mail_goes_over_tls_with_a_login_to_a_server_our_authority_signed(app_factory, certificates, scheme,
                                                                          monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    server = TlsServer(certificates / "server.pem", certificates / "server.key", implicit=scheme == "smtps")
    try:
        [row] = send_one(app_factory, server.url(scheme))
    finally:
        server.controller.stop()
    assert row.state == "sent" and row.last_error in (None, "")
    [(sender, recipients, raw)] = server.inbox.messages
    assert sender == MAIL["NOTIFY_FROM"] and row.reference.encode() in raw
    assert server.logins == [USER.encode()]


def test_a_certificate_nobody_vouches_for_is_refused_and_the_mail_waits(app_factory, certificates, scheme,
                                                                        monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(certificates / "ca.pem"))
    server = TlsServer(certificates / "stranger.pem", certificates / "stranger.key",
                       implicit=scheme == "smtps")
    try:
        [row] = send_one(app_factory, server.url(scheme))
    finally:
        server.controller.stop()
    assert server.inbox.messages == []
    assert row.state == "pending" and row.tries == 1 and row.last_error.startswith("SSLCertVerificationError")
