"""Tables of the screens overview: each screen's latest beat, its recent errors, each server's status."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base

NAME_MAX = 40
BRANCH_MAX = 64
PATH_MAX = 200
VERSION_MAX = 40
MESSAGE_MAX = 300
SOURCE_MAX = 200


class Screen(Base):
    """One kiosk screen, by branch and name: what its latest beat said."""

    __tablename__ = "screens"

    branch: Mapped[str] = mapped_column(String(BRANCH_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), primary_key=True)
    server: Mapped[str] = mapped_column(String(64), index=True)  # the KIOSK_ID of the server it beats to
    path: Mapped[str] = mapped_column(String(PATH_MAX))
    version: Mapped[str] = mapped_column(String(VERSION_MAX))
    catalog: Mapped[int] = mapped_column(Integer)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # Written only by beats that carried the screen's key; a row of a name that is not enrolled is False.
    enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    # The field figure of its last beats that reported one: taps to the next page (SPEC §3).
    taps_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    taps_p50: Mapped[int | None] = mapped_column(Integer, nullable=True)
    taps_p75: Mapped[int | None] = mapped_column(Integer, nullable=True)
    taps_prerendered: Mapped[float | None] = mapped_column(Float, nullable=True)


class Enrolment(Base):
    """A screen an admin enrolled: its key (hashed), a command waiting for its next beat, its alert state."""

    __tablename__ = "screen_enrolments"

    branch: Mapped[str] = mapped_column(String(BRANCH_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX), primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of a random key: no slow hash needed
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[str] = mapped_column(String(64))
    command: Mapped[str | None] = mapped_column(String(8), nullable=True)  # reload, home
    command_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The offline alert: "" (none sent) or "offline" (sent; the next beat sends "back").
    alert_state: Mapped[str] = mapped_column(String(8), default="")
    alert_since: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ScreenError(Base):
    """A script error or CSP report of a screen; at most a few are kept per screen (the newest)."""

    __tablename__ = "screen_errors"

    id: Mapped[int] = mapped_column(primary_key=True)
    branch: Mapped[str] = mapped_column(String(BRANCH_MAX))
    screen: Mapped[str] = mapped_column(String(NAME_MAX))
    kind: Mapped[str] = mapped_column(String(12))  # error, rejection, csp
    message: Mapped[str] = mapped_column(String(MESSAGE_MAX))
    source: Mapped[str] = mapped_column(String(SOURCE_MAX))
    line: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_screen_errors_screen", "branch", "screen", "last_at"),)


class ServerStatus(Base):
    """One kiosk server (branch and KIOSK_ID): written by its own beat flush, read by every staff desk."""

    __tablename__ = "server_status"

    branch: Mapped[str] = mapped_column(String(BRANCH_MAX), primary_key=True)
    server: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(VERSION_MAX))
    catalog: Mapped[int] = mapped_column(Integer)
    heartbeat_seconds: Mapped[int] = mapped_column(Integer)
    outbox: Mapped[int] = mapped_column(Integer)  # requests waiting in its spool
    outbox_oldest: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
