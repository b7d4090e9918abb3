"""The `kiosk` console script: a Flask CLI group over the application factory."""
import sys

import click
from flask.cli import FlaskGroup

from . import config, create_app

# The commands themselves are registered on app.cli by create_app, so `flask --app kiosk` has them too.
cli = FlaskGroup(create_app=create_app, add_version_option=False, load_dotenv=False, set_debug_flag=False,
                 help="Clinic kiosk: serve it, manage its database, translations and staff.")


def main() -> None:
    """Validate the environment first, so a bad variable is one clear line, not a traceback."""
    try:
        config.from_environment()
        config.instance_path()
    except config.ConfigError as error:
        click.echo(f"kiosk: configuration error: {error}", err=True)
        sys.exit(2)
    cli.main(prog_name="kiosk")
