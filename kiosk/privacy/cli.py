"""`kiosk privacy find PHONE` / `erase PHONE --yes`: a patient's data request from the command line."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..consults.cleaning import clean_line
from ..consults.forms import PHONE_MAX
from ..consults.phone import PhoneError, normalise
from ..staff import audit
from . import changes, holdings


def _number(raw: str) -> str:
    typed = clean_line(raw)
    try:
        if len(typed) > PHONE_MAX:
            raise PhoneError("invalid")
        return normalise(typed)
    except PhoneError:
        raise click.BadParameter("not a Saudi mobile number (for example 05X XXX XXXX)",
                                 param_hint="PHONE") from None


@click.group("privacy")
def privacy_cli() -> None:
    """Patients' data requests (PDPL): find or erase everything held about a phone number."""


@privacy_cli.command("find")
@click.argument("phone")
@with_appcontext
def find_command(phone: str) -> None:
    """Print the reference code of every request held for PHONE (any spelling), one a line, then the count."""
    found = holdings.find(_number(phone))
    audit.record("privacy_search", None, f"requests={len(found.references)} mails={found.mails} "
                                         f"spooled={len(found.spooled)}")
    for reference in found.references:
        click.echo(reference)
    click.echo(len(found.references))


@privacy_cli.command("erase")
@click.argument("phone")
@click.option("--yes", is_flag=True, help="Confirm the erasure: without it nothing is erased.")
@with_appcontext
def erase_command(phone: str, yes: bool) -> None:
    """Erase every request held for PHONE, with its calls, notes, history, mail and spooled copies."""
    number = _number(phone)
    if not yes:
        raise click.UsageError("nothing erased: an erasure cannot be undone, so it needs --yes "
                               "(kiosk privacy find PHONE shows first what would go)")
    erased = changes.erase(number)
    click.echo(f"{erased.requests} request(s) erased")
