"""What a new consult request gets when it is stored: its branch, when its call is due, and its mail.

The consult store calls these inside its insert transaction, so an acknowledged request always has its
notification queued (or none, when mail is not set up)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert

from .. import hours
from ..records.reception import MailMessage


def target(config: Mapping[str, Any]) -> dt.timedelta:
    return dt.timedelta(minutes=config["CALLBACK_MINUTES"])


def opening_hours(config: Mapping[str, Any]) -> hours.OpeningHours:
    return hours.parse(config["OPENING_HOURS"])


def due(config: Mapping[str, Any], arrived: dt.datetime) -> dt.datetime:
    """KIOSK_CALLBACK_MINUTES of opening hours after `arrived`, in UTC (how times are stored)."""
    return hours.add(opening_hours(config), arrived, target(config)).astimezone(dt.UTC)


def fields(config: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The columns a new request gets from its server: branch and due time."""
    return {"branch": config["BRANCH"][:64], "due_at": due(config, now)}


def mail_enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("SMTP_URL") and config.get("NOTIFY_TO"))


_QUEUE = insert(MailMessage.__table__)


def queue_mail(connection: Connection, config: Mapping[str, Any], consult_id: int,
               values: Mapping[str, Any]) -> None:
    """Queue reception's notification of a new request in the caller's transaction (no personal data)."""
    if not mail_enabled(config):
        return
    now = values["created_at"]
    connection.execute(_QUEUE, {
        "consult_id": consult_id, "reference": values["reference"], "branch": values["branch"],
        "kiosk_id": values["kiosk_id"], "preferred_language": values["preferred_language"],
        "preferred_time": values["preferred_time"], "created_at": now, "state": "pending", "tries": 0,
        "next_try_at": now, "last_error": ""})
