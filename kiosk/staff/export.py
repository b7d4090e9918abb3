"""CSV export of consult requests: UTF-8 with BOM (Excel shows Arabic), RFC 4180, no formula injection."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from ..records.consults import ConsultRequest
from .dates import riyadh

BOM = "\ufeff"
HEADER = ("reference", "created_riyadh", "status", "name", "phone", "preferred_language", "preferred_time",
          "message", "staff_notes", "page_language", "kiosk_id", "branch")
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(cell: object) -> str:
    """A cell a spreadsheet could read as a formula gets a leading apostrophe (phone numbers too: +966…)."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(_DANGEROUS) else text


def row_of(consult: ConsultRequest) -> tuple[str, ...]:
    return tuple(neutralise(value) for value in (
        consult.reference, riyadh(consult.created_at).strftime("%Y-%m-%d %H:%M"), consult.status,
        consult.name, consult.phone, consult.preferred_language, consult.preferred_time, consult.message,
        consult.staff_notes, consult.page_language, consult.kiosk_id, consult.branch))


def described(flt, rows: int) -> str:
    """An export for the audit log: its filter and row count; a search only as "search" (it may be a name
    or a phone number)."""
    parts = [f"{key}={value}" for key, value in flt.args().items() if key != "q"]
    if flt.q:
        parts.append("search")
    return " ".join([*parts, f"rows={rows}"])


def to_csv(consults: Iterable[ConsultRequest]) -> str:
    """The whole CSV text, BOM first, CRLF line ends, every field quoted as RFC 4180 needs."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(row_of(consult) for consult in consults)
    return buffer.getvalue()
