"""After an erasure neither the phone number nor the name is left in the bytes of the database file, its WAL
or the spool (SPEC §5 Privacy requests); on PostgreSQL the same erasure works, spooled copies included."""
import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

from privacykit import ARABIC_NAME, NAME, PHONE, TYPED, post, seed_patient
from sqlalchemy import func, select
from staffkit import add_staff, login

from kiosk import db
from kiosk.consults.models import ConsultRequest
from kiosk.consults.store import Draft
from kiosk.staff.dates import today

MESSAGES = ("Evenings are best", "أفضل الاتصال مساءً", "asked for a call after work", "rang twice, no answer")


def _secrets(name: str = NAME) -> list[bytes]:
    """The patient's data as it could sit in a file: UTF-8, and as JSON writes non-ASCII (\\u escapes)."""
    texts = [name, ARABIC_NAME, PHONE, "0551234567", TYPED, "551234567", *MESSAGES]
    return sorted({form for text in texts
                   for form in (text.encode(), json.dumps(text)[1:-1].encode())}, key=len)


def _sqlite_bytes(app) -> bytes:
    path = Path(app.config["DATABASE_URL"].split("///", 1)[1])
    return b"".join(Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal", "-journal")
                    if Path(f"{path}{suffix}").exists())


def _spool_bytes(app) -> bytes:
    path = Path(app.instance_path) / "outbox.sqlite3"
    return b"".join(Path(f"{path}{suffix}").read_bytes() for suffix in ("", "-wal", "-journal")
                    if Path(f"{path}{suffix}").exists())


def _admin(app):
    add_staff(app)
    client = app.test_client()
    login(client)
    return client


def test_an_erasure_leaves_no_phone_or_name_in_the_database_file_or_its_wal(app):
    client = _admin(app)
    references = seed_patient(app)
    # A correction first: the name the patient had typed before must go as well.
    assert post(client, "/staff/privacy/correct", {"phone": PHONE, "reference": references[0],
                                                   "name": "Zubaida Corrected", "new_phone": PHONE}
                ).status_code == 200
    before = _sqlite_bytes(app)
    for secret in (NAME.encode(), ARABIC_NAME.encode(), PHONE.encode(), b"Zubaida Corrected"):
        assert secret in before, secret  # the test reads the file that holds them
    response = post(client, "/staff/privacy/erase", {"phone": TYPED, "confirm": "yes"})
    assert response.status_code == 200
    data = _sqlite_bytes(app)  # while the app (and its connection pool) is still up
    for secret in [*_secrets(), b"Zubaida Corrected"]:
        assert secret not in data, secret
    assert b"Someone Else" in data  # the file read is the live database
    app.extensions["kiosk_db"].engine.dispose()
    assert not any(secret in _sqlite_bytes(app) for secret in _secrets())


def _spool_copy(app, phone: str, name: str, submission_id: str, reference: str, message: str) -> None:
    draft = Draft(submission_id=submission_id, page_language="ar", kiosk_id="kiosk-1", name=name, phone=phone,
                  preferred_language="ar", preferred_time="evening", message=message,
                  consent_version="2026-11-25")
    app.extensions["kiosk_outbox"].put(submission_id, reference, dataclasses.asdict(draft),
                                       dt.datetime.now(dt.UTC))


def test_on_postgresql_an_erasure_takes_the_requests_and_the_spooled_copies(app_factory, postgres_url):
    app = app_factory(DATABASE_URL=postgres_url)
    client = _admin(app)
    references = seed_patient(app)
    _spool_copy(app, PHONE, ARABIC_NAME, "a" * 32, "SPL-R23", MESSAGES[1])
    _spool_copy(app, "+966559990000", "Someone Spooled", "b" * 32, "OTH-SP2", "صباحًا")
    assert json.dumps(ARABIC_NAME)[1:-1].encode() in _spool_bytes(app)

    found = post(client, "/staff/privacy?ui=en", {"phone": TYPED}).get_data(as_text=True)
    assert "1 spooled copy" in found and "SPL-R23" in found and "OTH-SP2" not in found
    download = json.loads(post(client, "/staff/privacy/download", {"phone": TYPED}).get_data())
    assert [copy["reference"] for copy in download["spooled"]] == ["SPL-R23"]
    assert download["spooled"][0]["name"] == ARABIC_NAME and "submission_id" not in download["spooled"][0]
    assert [request["reference"] for request in download["requests"]] == references

    corrected = post(client, "/staff/privacy/correct?ui=en", {"phone": PHONE, "reference": references[1],
                                                             "name": "زبيدة", "new_phone": PHONE})
    assert corrected.status_code == 200 and "Corrected." in corrected.get_data(as_text=True)
    received = today() - dt.timedelta(days=40)
    assert post(client, "/staff/privacy/log", {"kind": "erasure", "received": received.isoformat()}
                ).status_code == 303
    listed = client.get("/staff/privacy?ui=en").get_data(as_text=True).split('id="log"', 1)[1]
    assert "Overdue" in listed and (received + dt.timedelta(days=30)).isoformat() in listed
    entry = re.search(r'name="entry" value="(\d+)"', listed).group(1)
    assert post(client, "/staff/privacy/log/done", {"entry": entry}).status_code == 303
    assert "No open privacy requests." in client.get("/staff/privacy?ui=en").get_data(as_text=True)

    erased = post(client, "/staff/privacy/erase?ui=en", {"phone": PHONE, "confirm": "yes"})
    assert erased.status_code == 200 and "3 requests erased." in erased.get_data(as_text=True)
    with app.app_context(), db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ConsultRequest)
                              .where(ConsultRequest.phone == PHONE)) == 0
        assert session.scalar(select(func.count()).select_from(ConsultRequest)) == 1
    spool = _spool_bytes(app)
    for secret in _secrets():
        assert secret not in spool, secret
    assert b"Someone Spooled" in spool and app.extensions["kiosk_outbox"].depth() == 1


def test_an_erasure_from_the_command_line_leaves_the_running_servers_outbox_right(app_factory, postgres_url):
    """`kiosk privacy erase` is another process than `kiosk serve`: the server's count of waiting requests
    must not keep counting the erased copy (it would spool every new request and report it on /healthz)."""
    from kiosk.consults import outbox

    server = app_factory(DATABASE_URL=postgres_url)
    _spool_copy(server, PHONE, NAME, "c" * 32, "SPL-R34", MESSAGES[0])
    assert server.extensions["kiosk_outbox"].depth() == 1
    command_line = app_factory(DATABASE_URL=postgres_url)  # its own Spool on the same file
    result = command_line.test_cli_runner().invoke(args=["privacy", "erase", TYPED, "--yes"])
    assert result.output.splitlines() == ["1 request(s) erased"], result.output
    with server.app_context():
        assert outbox.deliver() == 0  # the sender's next look finds nothing to send
    assert server.extensions["kiosk_outbox"].depth() == 0
    health = server.test_client().get("/healthz")
    assert health.status_code == 200 and "outbox" not in health.get_json()
    assert not any(secret in _spool_bytes(server) for secret in _secrets())
