"""Audit, complete (SPEC §5): removing a staff user, changing a password and changing a role leave an entry on
/staff/audit, written in the change's own transaction: when the entry cannot be written, nothing changes."""
import pytest
from sqlalchemy import select
from staffkit import PASSWORD, add_staff

from kiosk import db
from kiosk.records.staff import StaffUser
from kiosk.staff import accounts, audit

NEW_PASSWORD = "another quiet lamp 77"


def _entries(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        entries, _total = audit.page_of(1)
    return [(entry.actor, entry.action, entry.detail) for entry in entries]


def _refuse_audit_rows(app) -> None:
    with app.app_context(), db.engine().begin() as connection:
        connection.exec_driver_sql("CREATE TRIGGER audit_down BEFORE INSERT ON staff_audit "
                                   "BEGIN SELECT RAISE(ABORT, 'audit log unavailable'); END")


def _user(app, name: str) -> StaffUser | None:
    with app.app_context(), db.reading() as session:
        return session.scalar(select(StaffUser).where(StaffUser.username == name))


COMMANDS = {
    "remove": (["staff", "remove", "bob"], None, ("cli", "staff_remove", "bob")),
    "passwd": (["staff", "passwd", "bob", "--password-stdin"], NEW_PASSWORD + "\n",
               ("cli", "password_change", "bob")),
    "role": (["staff", "role", "bob", "translator"], None, ("cli", "role_change", "bob role=translator")),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_each_account_command_leaves_an_entry(app, runner, command):
    args, stdin, entry = COMMANDS[command]
    add_staff(app, "bob", role="reception")
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code == 0, result.output
    assert entry in _entries(app)
    assert NEW_PASSWORD not in repr(_entries(app))


@pytest.mark.parametrize("command", COMMANDS)
def test_no_account_change_without_its_entry(app, runner, command):
    args, stdin, _entry = COMMANDS[command]
    add_staff(app, "bob", role="reception")
    _refuse_audit_rows(app)
    result = runner.invoke(args=args, input=stdin)
    assert result.exit_code != 0
    bob = _user(app, "bob")
    assert bob is not None and bob.role == "reception"
    with app.app_context():
        staff, _wait = accounts.authenticate("bob", PASSWORD)
    assert staff is not None  # the old password still signs in


def test_a_refused_change_leaves_no_entry(app, runner):
    assert runner.invoke(args=["staff", "remove", "nobody"]).exit_code != 0
    assert runner.invoke(args=["staff", "passwd", "nobody", "--password-stdin"],
                         input=NEW_PASSWORD + "\n").exit_code != 0
    assert _entries(app) == []
