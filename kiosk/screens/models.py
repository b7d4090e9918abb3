"""Tables of the screens overview: each screen's latest beat, its recent errors, each server's status."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String
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
