"""Numbers from URLs and forms: only what every database's integer columns hold ever reaches a query."""
from __future__ import annotations

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

# Our id columns are INTEGER: signed 64-bit in SQLite, signed 32-bit in PostgreSQL. A larger number fails in
# the driver or the server (OverflowError, "integer out of range": a 500) instead of matching no row, so the
# bound is the smaller of the two. A clinic's kiosk never comes near two billion rows.
LARGEST_ID = 2 ** 31 - 1


class DatabaseId(IntegerConverter):
    """A positive id in ASCII digits that fits every database's id column; anything else matches no rule."""

    # At most 10 digits: the regex refuses longer runs before int() (which has its own digit limit) runs.
    regex = r"[0-9]{1,10}"

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = 1, max: int | None = LARGEST_ID,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=False)


def whole_number(raw: str, largest: int = LARGEST_ID, default: int | None = None) -> int | None:
    """A query or form value as a whole number from 0 to `largest` (ASCII digits only), else `default`.

    `str.isdigit` accepts '²' and '٣' (which int() refuses or reads), and int() refuses more than 4300
    digits: every page number and version a client sends goes through here instead.
    """
    if not raw or len(raw) > 10 or not (raw.isascii() and raw.isdigit()):
        return default
    number = int(raw)
    return number if number <= largest else default


def init_app(app: Flask) -> None:
    """Before any blueprint adds its rules: `int` then means DatabaseId in every rule, present and future."""
    app.url_map.converters["int"] = DatabaseId
