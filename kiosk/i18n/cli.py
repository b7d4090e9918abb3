"""`kiosk i18n …`: the gettext workflow from the command line."""
from pathlib import Path

import click

from .. import paths
from . import tooling


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
def check(directory: Path) -> None:
    """List every problem in the catalogs; exit 1 when there is any."""
    problems = tooling.check(directory)
    for line in problems:
        click.echo(line)
    if problems:
        raise click.ClickException(f"{len(problems)} translation problem(s)")
    click.echo(f"translations OK ({', '.join(tooling.locales(directory))})")
