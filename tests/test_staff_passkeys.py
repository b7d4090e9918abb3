"""Passkey sign-in over HTTP with a software authenticator (P-256, as a platform passkey signs): user
verification required, origin and relying party checked, each challenge answered once."""
import base64
import hashlib
import json
import re
import struct

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select
from staffkit import add_staff, csrf_token
from webauthn.helpers import encode_cbor

from kiosk import db
from kiosk.records.audit import AuditEntry
from kiosk.records.staff import Passkey, StaffUser

HANDLE = "dXNlci1oYW5kbGUtb2YtYWxpY2U"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class SoftPasskey:
    """A discoverable ES256 credential kept in Python, answering navigator.credentials.get()."""

    def __init__(self, counting: bool = True):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.counting = counting  # synced passkeys (phones' password managers) always send 0
        self.id = b64(b"credential-" + hashlib.sha256(str(id(self)).encode()).digest()[:8])
        self.counter = 0

    def cose(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return encode_cbor({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"),
                            -3: numbers.y.to_bytes(32, "big")})

    def answer(self, challenge: str, origin="http://localhost", rp_id="localhost", verified=True) -> dict:
        self.counter += 1 if self.counting else 0
        client_data = json.dumps({"type": "webauthn.get", "challenge": challenge, "origin": origin,
                                  "crossOrigin": False}).encode()
        flags = 0x01 | (0x04 if verified else 0)  # user present, user verified
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.counter)
        signature = self.key.sign(data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {"id": self.id, "rawId": self.id, "type": "public-key", "clientExtensionResults": {},
                "response": {"clientDataJSON": b64(client_data), "authenticatorData": b64(data),
                             "signature": b64(signature), "userHandle": HANDLE}}


@pytest.fixture
def enrolled(app):
    add_staff(app)
    passkey = SoftPasskey()
    with app.app_context(), db.transaction() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == "alice"))
        user.webauthn_handle = HANDLE
        session.add(Passkey(user_id=user.id, credential_id=passkey.id, public_key=passkey.cose(),
                            sign_count=0, name="desk"))
    return passkey


def begin(client) -> tuple[dict, str]:
    headers = {"X-CSRFToken": csrf_token(client)}
    options = client.post("/staff/passkeys/login/options", headers=headers).json
    return headers, options["challenge"]


def test_a_passkey_signs_in_alone_with_a_full_session(app, enrolled):
    client = app.test_client()
    headers, challenge = begin(client)
    response = client.post("/staff/passkeys/login", json={"credential": enrolled.answer(challenge)},
                           headers=headers)
    assert response.status_code == 200 and response.json["next"] == "/staff/"
    assert client.get("/staff/").status_code == 200  # no password, no code
    with app.app_context(), db.reading() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_in")).one()
        stored = session.scalar(select(Passkey))
    assert (entry.actor, entry.detail) == ("alice", "passkey") and stored.sign_count == 1


def test_an_answer_replayed_with_the_old_cookie_is_refused_even_without_a_counter(app, enrolled):
    enrolled.counting = False  # the signature counter would refuse the replay by itself otherwise
    client = app.test_client()
    headers, challenge = begin(client)
    cookie = client.get_cookie("session", path="/staff").value  # holds the challenge
    body = {"credential": enrolled.answer(challenge)}
    assert client.post("/staff/passkeys/login", json=body, headers=headers).status_code == 200
    thief = app.test_client()
    thief.set_cookie("session", cookie, path="/staff")
    assert thief.post("/staff/passkeys/login", json=body, headers=headers).status_code == 400
    assert thief.get("/staff/").status_code == 302


@pytest.mark.parametrize("change", ["not verified", "other origin", "other rp", "other challenge"])
def test_refused_without_user_verification_or_on_another_origin(app, enrolled, change):
    client = app.test_client()
    headers, challenge = begin(client)
    answer = {"not verified": lambda: enrolled.answer(challenge, verified=False),
              "other origin": lambda: enrolled.answer(challenge, origin="http://localhost.evil.example"),
              "other rp": lambda: enrolled.answer(challenge, rp_id="evil.example"),
              "other challenge": lambda: enrolled.answer(b64(b"x" * 32))}[change]()
    response = client.post("/staff/passkeys/login", json={"credential": answer}, headers=headers)
    assert response.status_code == 400 and "error" in response.json
    assert client.get("/staff/").status_code == 302


def test_the_relying_party_is_the_host_staff_use(app_factory):
    """Behind Caddy, waitress hands Flask the forwarded host (test_deployment_proxy.py runs that stack)."""
    app = app_factory(HTTPS=True, TRUSTED_HOSTS=["kiosk.clinic.lan"])
    client = app.test_client()
    base = "https://kiosk.clinic.lan"
    page = client.get("/staff/login?ui=en", base_url=base).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    options = client.post("/staff/passkeys/login/options", base_url=base, headers={"X-CSRFToken": token})
    assert options.status_code == 200 and options.json["rpId"] == "kiosk.clinic.lan"
