"""Managing enrolled screens from the desk and the command line, each change audited in its transaction."""
from __future__ import annotations

from .. import db
from ..screens import commands, enrolment
from . import audit


def add(branch: str, name: str, by: str) -> enrolment.Added:
    """Enrol a screen; raises enrolment.EnrolmentError with the reason."""
    with db.transaction() as session:
        added = enrolment.add(session, branch, name, by)
        audit.record("screen_add", None, f"{added.branch}/{added.name}", session=session)
    return added


def remove(branch: str, name: str) -> bool:
    """Remove an enrolment (its key is worthless from the commit on); False when there was none."""
    with db.transaction() as session:
        gone = enrolment.remove(session, branch, name)
        if gone:
            audit.record("screen_remove", None, f"{branch}/{name}", session=session)
    return gone


def command(command: str, branch: str, name: str | None = None) -> int:
    """Queue a command for one screen or a whole branch; how many screens will get it."""
    with db.transaction() as session:
        count = commands.issue(session, command, branch, name)
        if count:
            where = f"{branch}/{name}" if name else f"{branch} (all {count})"
            audit.record("screen_command", None, f"{command} {where}", session=session)
    return count


def enrolled() -> list:
    """Every enrolment of the clinic group, by branch and name."""
    with db.reading() as session:
        return enrolment.every(session)
