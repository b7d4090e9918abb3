"""Commands from the staff desk to enrolled screens (SPEC §3 Commands): "reload" and "home" (back to start).

A command waits in the screen's enrolment row and goes out with the answer to the screen's next beat; the
page applies it (kiosk/static/js/screen-commands.js), or holds it while the consult form holds typed text.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from .models import BRANCH_MAX, Enrolment

COMMANDS = ("reload", "home")


def issue(session, command: str, branch: str, name: str | None = None) -> int:
    """Queue `command` for one enrolled screen, or for every one of `branch` when `name` is None; how many
    screens got it. A newer command replaces one not yet taken."""
    if command not in COMMANDS:
        raise ValueError("unknown command")
    where = [Enrolment.branch == branch[:BRANCH_MAX]]
    if name is not None:
        where.append(Enrolment.name == name)
    now = dt.datetime.now(dt.UTC)
    return session.execute(update(Enrolment).where(*where).values(command=command, command_at=now)).rowcount


def taken(session, row: Enrolment) -> str | None:
    """Take the row's waiting command for the beat being answered: it goes out once (a newer one issued
    meanwhile stays for the next beat)."""
    if row.command is None:
        return None
    done = session.execute(update(Enrolment).where(
        Enrolment.branch == row.branch, Enrolment.name == row.name, Enrolment.command == row.command,
        Enrolment.command_at == row.command_at).values(command=None, command_at=None)).rowcount
    return row.command if done else None
