"""`kiosk db backup` and `kiosk db restore` (SPEC §5 Backups, §6), added to the `kiosk db` group."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from . import backups, db
from .records import audit


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--recipient", metavar="AGE_RECIPIENT",
              help="Encrypt to this age public key (age1…); default: KIOSK_BACKUP_RECIPIENT.")
@with_appcontext
def backup_command(target: Path, recipient: str | None) -> None:
    """Copy the SQLite database to TARGET consistently while the kiosk runs, age-encrypted to a recipient."""
    to = recipient or current_app.config.get("BACKUP_RECIPIENT") or None
    try:
        backups.write(current_app.config["DATABASE_URL"], target, to, Path(current_app.instance_path))
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:  # a missing folder, a full or read-only disk: one line, not a traceback
        raise click.ClickException(f"cannot write {target}: {error.strerror}") from None
    with db.transaction() as session:
        audit.add(session, "cli", "backup", None, f"{target.name} {'encrypted' if to else 'plain'}")
    click.echo(f"backed up to {target}{' (age-encrypted)' if to else ''}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--identity", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The age identity file (AGE-SECRET-KEY-1…) of an encrypted backup.")
@click.option("--force", is_flag=True, help="Replace a database that already holds requests.")
@with_appcontext
def restore_command(source: Path, identity: Path | None, force: bool) -> None:
    """Restore a plain or age-encrypted backup into this instance's database."""
    try:
        keys = backups.identities(identity) if identity else None
        db.engine().dispose()  # this process's pooled connections: the file is replaced under them
        count = backups.restore(current_app.config["DATABASE_URL"], source, keys, force,
                                Path(current_app.instance_path))
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot restore {source.name}: {error.strerror}") from None
    click.echo(f"restored {source.name}: {count} consult request(s)")


def add_to(group: click.Group) -> None:
    """Add both commands to the `kiosk db` group."""
    group.add_command(backup_command)
    group.add_command(restore_command)
