"""`kiosk screens add NAME` / `list` / `remove NAME`: enrol the kiosk screens (SPEC §3, §6)."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import db
from ..screens.enrolment import EnrolmentError
from . import screen_admin


def _branch(given: str | None) -> str:
    return given or current_app.config["BRANCH"]


@click.group("screens")
def screens_cli() -> None:
    """Enrolled kiosk screens: their launch URLs and keys."""


@screens_cli.command("add")
@click.argument("name")
@click.option("--branch", help="The screen's branch (default: this server's KIOSK_BRANCH).")
@with_appcontext
def add_command(name: str, branch: str | None) -> None:
    """Enrol the screen NAME; print its launch URL (the key is shown only now)."""
    db.upgrade(current_app.config["DATABASE_URL"])
    try:
        added = screen_admin.add(_branch(branch), name, "cli")
    except EnrolmentError as error:
        raise click.ClickException(str(error)) from None
    click.echo(added.path)
    click.echo(f"screen {added.name} enrolled in {added.branch}: start its browser at this address on its "
               "server (e.g. http://127.0.0.1:8000" + added.path + "); the key is not shown again")


@screens_cli.command("list")
@with_appcontext
def list_command() -> None:
    """Every enrolled screen: branch, name, when it was enrolled and by whom."""
    db.upgrade(current_app.config["DATABASE_URL"])
    rows = screen_admin.enrolled()
    for row in rows:
        click.echo(f"{row.branch}\t{row.name}\tenrolled {row.added_at:%Y-%m-%d %H:%M} UTC by {row.added_by}")
    click.echo(f"{len(rows)} enrolled")


@screens_cli.command("remove")
@click.argument("name")
@click.option("--branch", help="The screen's branch (default: this server's KIOSK_BRANCH).")
@with_appcontext
def remove_command(name: str, branch: str | None) -> None:
    """Remove the screen NAME: its key stops working at once."""
    db.upgrade(current_app.config["DATABASE_URL"])
    if not screen_admin.remove(_branch(branch), name):
        raise click.ClickException(f"no screen {name} is enrolled in {_branch(branch)}")
    click.echo(f"screen {name} removed from {_branch(branch)}")
