"""`kiosk i18n …`: the gettext workflow from the command line."""
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import extensions, paths
from . import overlay, tooling


def database_overlays() -> dict | None:
    """The configured database's staff values per locale, or None without a reachable, migrated one."""
    url = current_app.config["DATABASE_URL"]
    if url.startswith("sqlite:///") and not Path(url.split("///", 1)[1]).exists():
        return None  # connecting would create an empty database file
    snapshot = extensions.catalogs().snapshot()
    if snapshot is None:
        return None
    return {locale: {key: overlay.value_of(entry) for key, entry in entries.items()}
            for locale, entries in snapshot.entries.items()}


@click.group("i18n")
def i18n_cli() -> None:
    """Extract, update, compile and check the translation catalogs."""


@i18n_cli.command()
def extract() -> None:
    """Write translations/messages.pot from the code and templates."""
    click.echo(f"wrote {tooling.extract()}")


@i18n_cli.command()
def update() -> None:
    """Extract, then merge new strings into every language's .po and compile."""
    tooling.extract()
    for path in tooling.update():
        click.echo(f"updated {path}")
    tooling.compile_all()


@i18n_cli.command("compile")
def compile_() -> None:
    """Compile every .po into its .mo."""
    for path in tooling.compile_all():
        click.echo(f"compiled {path}")


@i18n_cli.command()
@click.option("--translations", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=paths.TRANSLATIONS, show_default=True, help="Catalog tree to check.")
@click.option("--files-only", is_flag=True, help="Ignore the database's staff edits.")
@with_appcontext
def check(directory: Path, files_only: bool) -> None:
    """List every problem in the catalogs merged with staff edits; exit 1 when there is any."""
    overlays = None if files_only else database_overlays()
    notes: list[str] = []
    problems = tooling.check(directory, overlays=overlays, notes=notes)
    for line in problems + notes:
        click.echo(line)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problem(s)")
    if overlays is not None:
        with_staff = " with staff edits from the database"
    else:
        with_staff = "; files only" + ("" if files_only else " (no migrated database with staff edits)")
    click.echo(f"translations OK ({', '.join(tooling.locales(directory))}){with_staff}")


@i18n_cli.command()
@click.option("--translations", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=paths.TRANSLATIONS, show_default=True, help="Catalog tree to write into.")
@with_appcontext
def absorb(directory: Path) -> None:
    """Write the staff edits from the database into the .po files (then compile), for committing."""
    overlays = database_overlays()
    if overlays is None:
        raise click.ClickException("no migrated database to read staff edits from (KIOSK_DATABASE_URL)")
    written, orphans = tooling.absorb(directory, overlays)
    for key in orphans:
        click.echo(f"skipped (no such entry in the catalogs any more): {key.split(chr(4))[-1][:60]!r}")
    click.echo(f"absorbed {written} staff edit(s) into {directory}; review with git diff, then commit")
