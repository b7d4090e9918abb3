"""`kiosk serve`: the production server (waitress), after applying migrations."""
import click
from flask import current_app
from flask.cli import with_appcontext

from . import db
from .retention import start_daily_purge


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@with_appcontext
def serve_command(host: str, port: int, threads: int) -> None:
    """Apply database migrations, then serve the kiosk with waitress."""
    from waitress import serve

    db.upgrade(current_app.config["DATABASE_URL"])
    start_daily_purge(current_app._get_current_object())
    click.echo(f"kiosk serving on http://{host}:{port}/")
    serve(current_app._get_current_object(), host=host, port=port, threads=threads, ident="kiosk")
