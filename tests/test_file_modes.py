"""Patient data on disk is owner-only (folder 0700, files 0600) whatever the umask the kiosk starts under."""
import os
import stat

import pytest
from staffkit import add_consult

from kiosk import db


@pytest.fixture
def umask_022():
    """The usual login umask, under which new files are world-readable unless the kiosk says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_instance_folder_database_wal_and_shm_are_owner_only(umask_022, instance, app_factory):
    app = app_factory()
    add_consult(app)  # a write: the WAL and shared-memory files exist now
    assert mode(instance) == 0o700
    for name in ("kiosk.sqlite3", "kiosk.sqlite3-wal", "kiosk.sqlite3-shm", "secret_key"):
        assert (instance / name).exists(), name
        assert mode(instance / name) == 0o600, name


def test_an_instance_folder_left_open_by_an_older_version_is_closed(umask_022, instance, app_factory):
    instance.mkdir(mode=0o755)
    (instance / "kiosk.sqlite3").touch(mode=0o644)
    app_factory()
    assert mode(instance) == 0o700 and mode(instance / "kiosk.sqlite3") == 0o600


def test_a_sqlite_file_named_by_url_is_created_owner_only(umask_022, tmp_path, app_factory):
    target = tmp_path / "elsewhere" / "clinic.db"
    target.parent.mkdir()
    app = app_factory(DATABASE_URL=f"sqlite:///{target}")
    add_consult(app)
    assert mode(target) == 0o600 and mode(f"{target}-wal") == 0o600


def test_backup_and_export_files_are_owner_only(umask_022, app, runner, tmp_path):
    add_consult(app)
    backup, export = tmp_path / "backup.sqlite3", tmp_path / "requests.csv"
    result = runner.invoke(args=["db", "backup", str(backup)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["consults", "export", "-o", str(export)])
    assert result.exit_code == 0, result.output
    assert mode(backup) == 0o600 and mode(export) == 0o600
    with app.app_context():
        assert db.ping() is None


def test_export_over_an_existing_world_readable_file_makes_it_owner_only(umask_022, app, runner, tmp_path):
    export = tmp_path / "requests.csv"
    export.write_text("old")
    export.chmod(0o644)
    assert runner.invoke(args=["consults", "export", "-o", str(export)]).exit_code == 0
    assert mode(export) == 0o600 and export.read_bytes().startswith(b"\xef\xbb\xbf")


def test_every_file_left_loose_in_the_instance_folder_is_tightened_at_start(umask_022, instance, app_factory):
    """SPEC §9: an older install or a restored copy (0644 files, 0755 folders) is owner-only after a start."""
    instance.mkdir(mode=0o755)
    loose = ["kiosk.sqlite3", "kiosk.sqlite3-wal", "kiosk.sqlite3-shm", "secret_key", "outbox.sqlite3",
             "outbox.sqlite3-wal", "backups/kiosk-2026-12-01.sqlite3", "backups/kiosk-2026-12-02.sqlite3.age"]
    (instance / "backups").mkdir(mode=0o755)
    (instance / "secret_key").write_text("a" * 64)
    for name in loose:
        (instance / name).touch()
        (instance / name).chmod(0o644)
    (instance / "backups").chmod(0o755)
    app_factory()
    assert mode(instance) == 0o700 and mode(instance / "backups") == 0o700
    assert {name: oct(mode(instance / name)) for name in loose} == dict.fromkeys(loose, oct(0o600))
