"""`kiosk staff …` (accounts) and `kiosk consults …` (export, retention purge)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from .. import db
from ..private import open_private
from ..records.consults import STATUSES
from . import accounts, audit, export, factors, queries, roles


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


def _migrate() -> None:
    """Account commands work on a fresh instance: the tables come first (as `kiosk serve` does)."""
    db.upgrade(current_app.config["DATABASE_URL"])


def _audited(change, action: str, detail: str) -> None:
    """Run an account change and write its audit entry in one transaction (both, or neither); the change's
    refusals (in English here) become CLI errors."""
    with force_locale("en"):
        try:
            with db.transaction() as session:
                change(session)
                audit.record(action, None, detail, session=session)
        except accounts.AccountError as error:
            raise click.ClickException(str(error)) from None


@click.group("staff")
def staff_cli() -> None:
    """Staff accounts for the /staff area (there is no default account)."""


@staff_cli.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(roles.ROLES), default=roles.DEFAULT_ROLE, show_default=True,
              help="admin: everything and the audit log; reception: requests; translator: translations.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@with_appcontext
def add_command(name: str, role: str, password_stdin: bool) -> None:
    """Create the staff user NAME (the database is migrated first)."""
    _migrate()
    password = _read_password(password_stdin)
    _audited(lambda session: accounts.add_user(name, password, role, session=session), "staff_add",
             f"{accounts.clean_name(name)} role={role}")
    click.echo(f"staff user {accounts.clean_name(name)} added with the role {role}")


@staff_cli.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(roles.ROLES))
@with_appcontext
def role_command(name: str, role: str) -> None:
    """Give NAME another role (admin, reception or translator); their open sessions end."""
    _migrate()
    _audited(lambda session: accounts.set_role(name, role, session=session), "role_change",
             f"{accounts.clean_name(name)} role={role}")
    click.echo(f"{accounts.clean_name(name)} is now {role}; their sessions ended")


@staff_cli.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@with_appcontext
def passwd_command(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (their open sessions end)."""
    password = _read_password(password_stdin)
    _audited(lambda session: accounts.set_password(name, password, session=session), "password_change",
             accounts.clean_name(name))  # whose, never the password
    click.echo(f"password of {accounts.clean_name(name)} changed")


@staff_cli.command("list")
@with_appcontext
def list_command() -> None:
    """List staff users and when they were added (UTC)."""
    for name, role, created in accounts.list_users_with_roles():
        click.echo(f"{name}\t{role}\t{created:%Y-%m-%d %H:%M}")


@staff_cli.command("remove")
@click.argument("name")
@with_appcontext
def remove_command(name: str) -> None:
    """Remove the staff user NAME and end their sessions."""
    _audited(lambda session: accounts.remove_user(name, session=session), "staff_remove",
             accounts.clean_name(name))
    click.echo(f"staff user {accounts.clean_name(name)} removed")


@staff_cli.command("mfa-reset")
@click.argument("name")
@with_appcontext
def mfa_reset_command(name: str) -> None:
    """Remove NAME's second factors (app, passkeys, recovery codes) and end their sessions (audited)."""
    _migrate()
    if not factors.reset(accounts.clean_name(name)):
        raise click.ClickException(f"no staff user named {accounts.clean_name(name)!r}")
    click.echo(f"second factors of {accounts.clean_name(name)} removed; their sessions ended")


@click.group("consults")
def consults_cli() -> None:
    """Consult requests: export and retention."""


@consults_cli.command("export")
@click.option("--status", type=click.Choice(STATUSES), help="Only requests with this status.")
@click.option("--branch", help="Only requests taken by this branch (KIOSK_BRANCH).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file (default: standard output).")
@with_appcontext
def export_command(status: str | None, branch: str | None, output: Path | None) -> None:
    """Write consult requests as CSV (UTF-8 with BOM), newest first (overdue calls first)."""
    flt = queries.InboxFilter(status=status or "", branch=branch or "")
    rows = queries.all_of(flt)
    data = export.to_csv(rows)
    audit.record("export", None, export.described(flt, len(rows)))
    if output is None:
        click.echo(data.encode("utf-8"), nl=False)  # bytes: the BOM and UTF-8 whatever the console encoding
        return
    with open_private(output) as handle:  # patients' names and phones: owner-only, whatever the umask
        handle.write(data)
    click.echo(f"wrote {output}", err=True)


@consults_cli.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=0),
              help="Age in days (default: KIOSK_RETENTION_DAYS).")
@with_appcontext
def purge_command(days: int | None) -> None:
    """Delete consult requests older than the retention period."""
    from ..retention import purge

    removed = purge(days if days is not None else current_app.config["RETENTION_DAYS"])
    click.echo(f"{removed} consult request(s) deleted")
