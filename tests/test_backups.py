"""Encrypted backups (SPEC §5 Backups): `kiosk db backup FILE --recipient age1…` writes the consistent SQLite
copy in the age format (read back here by the `age` binary itself), `kiosk db restore` puts a plain or
encrypted backup in place and refuses to replace requests without --force, and `kiosk serve` keeps the last
KIOSK_BACKUP_KEEP daily backups in KIOSK_BACKUP_DIR. All owner-only, audited, no clear copy left behind."""
import os
import shutil
import sqlite3
import subprocess  # nosec: runs the age binary on test files
import time
from pathlib import Path

import pyrage
import pytest
from conftest import make_app
from staffkit import add_consult, add_staff

from kiosk import backups, config
from kiosk.staff import audit

AGE = shutil.which("age")
NAME, PHONE = "نورة الدوسري", "+966551230987"


@pytest.fixture
def key(tmp_path) -> tuple[str, Path]:
    """An age key pair: the public recipient, and the identity file as `age-keygen` writes it."""
    identity = pyrage.x25519.Identity.generate()
    path = tmp_path / "identity.txt"
    path.write_text(f"# created: today\n# public key: {identity.to_public()}\n{identity}\n", encoding="ascii")
    path.chmod(0o600)
    return str(identity.to_public()), path


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def _actions(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        entries, _total = audit.page_of(1)
    return [(entry.actor, entry.action, entry.detail) for entry in entries]


def _clinic(app) -> None:
    add_staff(app, "lead")
    add_consult(app, name=NAME, phone=PHONE, message="أرغب في موعد صباحي")
    add_consult(app, name="سارة القحطاني", status="booked")


def _loose_files(folder: Path, keep: set[Path]) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and path not in keep]


def test_an_encrypted_backup_holds_no_patient_data_in_clear_and_age_reads_it(app, runner, instance, key,
                                                                               tmp_path):
    recipient, identity = key
    _clinic(app)
    before = set(instance.rglob("*"))
    target = tmp_path / "usb" / "kiosk.sqlite3.age"
    target.parent.mkdir()
    result = runner.invoke(args=["db", "backup", str(target), "--recipient", recipient])
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n")
    for secret in (NAME, PHONE, "أرغب", "SQLite format 3"):
        assert secret.encode("utf-8") not in raw
    assert _mode(target) == 0o600
    assert _loose_files(target.parent, {target}) == []  # no partial file
    assert set(instance.rglob("*")) - before == set()  # no clear copy left in the instance folder
    if AGE is None:
        if os.environ.get("CI"):
            pytest.fail("the age binary is missing: apt-get install -y age (.ci/setup-tests)")
        clear = pyrage.decrypt(raw, [pyrage.x25519.Identity.from_str(identity.read_text().split()[-1])])
    else:
        clear = subprocess.run([AGE, "-d", "-i", str(identity)], input=raw, capture_output=True,
                               check=True).stdout
    copy = tmp_path / "clear.sqlite3"
    copy.write_bytes(clear)
    with sqlite3.connect(copy) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM consult_requests")}
    assert NAME in names
    assert ("cli", "backup", "kiosk.sqlite3.age encrypted") in _actions(app)


def test_the_recipient_comes_from_the_environment_too(app_factory, monkeypatch, key, tmp_path):
    recipient, _identity = key
    monkeypatch.setenv("KIOSK_BACKUP_RECIPIENT", recipient)
    app = app_factory()
    target = tmp_path / "nightly.age"
    result = app.test_cli_runner().invoke(args=["db", "backup", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"age-encryption.org/v1\n")


@pytest.mark.parametrize("variable, value", [
    ("KIOSK_BACKUP_RECIPIENT", "age1notakey"), ("KIOSK_BACKUP_RECIPIENT", "AGE-SECRET-KEY-1XYZ"),
    ("KIOSK_BACKUP_KEEP", "0"), ("KIOSK_BACKUP_KEEP", "many"), ("KIOSK_BACKUP_DIR", " "),
])
def test_bad_backup_settings_stop_start_up_naming_the_variable(variable, value):
    with pytest.raises(config.ConfigError) as error:
        config.from_environment({variable: value})
    assert variable in str(error.value) and "\n" not in str(error.value)


def test_a_bad_recipient_on_the_command_line_is_one_clear_line(app, runner, tmp_path):
    result = runner.invoke(args=["db", "backup", str(tmp_path / "x.age"), "--recipient", "age1oops"])
    assert result.exit_code != 0 and "recipient" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.age").exists()
    missing = runner.invoke(args=["db", "backup", str(tmp_path / "no" / "such" / "x.sqlite3")])
    assert missing.exit_code != 0 and "Traceback" not in missing.output and "cannot write" in missing.output


def _second_instance(tmp_path, monkeypatch, name="restored"):
    folder = tmp_path / name
    monkeypatch.setenv("KIOSK_INSTANCE_PATH", str(folder))
    return make_app(folder)


@pytest.mark.parametrize("encrypted", [True, False])
def test_restore_drill_gives_the_same_export(app, runner, key, tmp_path, monkeypatch, encrypted):
    recipient, identity = key
    _clinic(app)
    exported = runner.invoke(args=["consults", "export"]).output
    assert NAME in exported
    target = tmp_path / ("drill.age" if encrypted else "drill.sqlite3")
    extra = ["--recipient", recipient] if encrypted else []
    assert runner.invoke(args=["db", "backup", str(target), *extra]).exit_code == 0
    fresh = _second_instance(tmp_path, monkeypatch)
    fresh_runner = fresh.test_cli_runner()
    assert NAME not in fresh_runner.invoke(args=["consults", "export"]).output
    restore = ["db", "restore", str(target)] + (["--identity", str(identity)] if encrypted else [])
    result = fresh_runner.invoke(args=restore)
    assert result.exit_code == 0, result.output
    assert fresh_runner.invoke(args=["consults", "export"]).output == exported
    assert ("cli", "restore", f"{target.name} requests=2") in _actions(fresh)
    assert _mode(Path(fresh.config["DATABASE_URL"].split("///", 1)[1])) == 0o600
    left = [path.name for path in _loose_files(tmp_path / "restored", set())]
    assert all(name.startswith(("kiosk.sqlite3", "secret_key")) for name in left), left  # no clear scratch


def test_restore_refuses_to_replace_requests_without_force(app, runner, key, tmp_path, monkeypatch):
    recipient, identity = key
    _clinic(app)
    target = tmp_path / "old.age"
    assert runner.invoke(args=["db", "backup", str(target), "--recipient", recipient]).exit_code == 0
    other = _second_instance(tmp_path, monkeypatch)
    add_consult(other, name="مريض آخر")
    other_runner = other.test_cli_runner()
    refused = other_runner.invoke(args=["db", "restore", str(target), "--identity", str(identity)])
    assert refused.exit_code != 0 and "--force" in refused.output and "Traceback" not in refused.output
    assert "مريض آخر" in other_runner.invoke(args=["consults", "export"]).output  # untouched
    forced = other_runner.invoke(args=["db", "restore", str(target), "--identity", str(identity), "--force"])
    assert forced.exit_code == 0, forced.output
    after = other_runner.invoke(args=["consults", "export"]).output
    assert NAME in after and "مريض آخر" not in after


def test_an_encrypted_backup_needs_the_right_identity(app, runner, key, tmp_path, monkeypatch):
    recipient, _identity = key
    target = tmp_path / "b.age"
    assert runner.invoke(args=["db", "backup", str(target), "--recipient", recipient]).exit_code == 0
    stranger = tmp_path / "stranger.txt"
    stranger.write_text(f"{pyrage.x25519.Identity.generate()}\n", encoding="ascii")
    fresh_runner = _second_instance(tmp_path, monkeypatch).test_cli_runner()
    for extra in ([], ["--identity", str(stranger)]):
        result = fresh_runner.invoke(args=["db", "restore", str(target), *extra])
        assert result.exit_code != 0 and "identity" in result.output and "Traceback" not in result.output
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a database at all")
    result = fresh_runner.invoke(args=["db", "restore", str(junk)])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_the_daily_backup_is_encrypted_owner_only_and_keeps_the_last_n(app_factory, key, tmp_path):
    recipient, identity = key
    folder = tmp_path / "backups"
    app = app_factory(BACKUP_DIR=str(folder), BACKUP_KEEP=2, BACKUP_RECIPIENT=recipient)
    _clinic(app)
    folder.mkdir(mode=0o700)
    old = time.time() - 3 * 24 * 3600
    for day in ("2026-11-01-030000", "2026-11-02-030000", "2026-11-03-030000"):
        path = folder / f"kiosk-{day}.sqlite3.age"
        path.write_bytes(b"age-encryption.org/v1\nold")
        os.utime(path, (old, old))
    (folder / "notes.txt").write_text("not ours")
    worker = backups.start_daily_backup(app)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(list(folder.glob("kiosk-*"))) != 2:
            time.sleep(0.2)
    finally:
        worker.stop()
    kept = sorted(path.name for path in folder.glob("kiosk-*"))
    assert len(kept) == 2 and kept[0] == "kiosk-2026-11-03-030000.sqlite3.age", kept
    newest = folder / kept[1]
    assert newest.read_bytes().startswith(b"age-encryption.org/v1\n") and _mode(newest) == 0o600
    assert (folder / "notes.txt").exists()  # not one of ours: never pruned
    with app.app_context():
        assert backups.daily(app) is None  # one a day: the next run finds today's
    assert len(list(folder.glob("kiosk-*"))) == 2


def test_kiosk_serve_starts_the_daily_backup_only_when_asked(app_factory, tmp_path):
    from kiosk import background

    assert backups.start_daily_backup(app_factory()) is None
    app = app_factory(BACKUP_DIR=str(tmp_path / "daily"))
    workers = background.start(app)
    try:
        assert "backup" in [worker.name for worker in workers]
    finally:
        for worker in workers:
            worker.stop()


@pytest.mark.parametrize("lang, shown", [
    ("en", ["b.age · encrypted (age)", "old.sqlite3 · 2 consult requests"]),
    ("ar", ["b.age · مشفّرة (age)", "old.sqlite3 · طلبا استشارة"]),
])
def test_backups_and_restores_read_in_the_audit_log_in_both_languages(app, client, lang, shown):
    from staffkit import login

    from kiosk import db
    from kiosk.records.audit import add

    add_staff(app, "lead")
    with app.app_context(), db.transaction() as session:
        add(session, "cli", "backup", None, "b.age encrypted")
        add(session, "cli", "restore", None, "old.sqlite3 requests=2")
    login(client, "lead")
    page = client.get(f"/staff/audit?ui={lang}").get_data(as_text=True)
    for text in shown:
        assert text in page
