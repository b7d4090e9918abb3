"""The screens overview as staff read it: every screen with its state, and every server's spool depth."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from .. import db
from .models import Screen, ScreenError, ServerStatus


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class ScreenRow:
    screen: Screen
    online: bool
    last_seen: dt.datetime
    software_behind: bool
    catalog_behind: bool
    problems: list[ScreenError]


@dataclass(frozen=True)
class Overview:
    screens: list[ScreenRow]
    servers: list[ServerStatus]


def online(last_seen: dt.datetime, interval: int, now: dt.datetime) -> bool:
    """Online: a beat within two intervals."""
    return now - as_utc(last_seen) <= dt.timedelta(seconds=2 * interval)


def read(catalog: int, interval: int, now: dt.datetime | None = None) -> Overview:
    """Every screen, by branch and name; `catalog` is the current catalog version (shared by the group),
    `interval` the beat interval of a screen whose server has not reported its own."""
    now = now or dt.datetime.now(dt.UTC)
    with db.reading() as session:
        screens = session.scalars(select(Screen).order_by(Screen.branch, Screen.name)).all()
        servers = session.scalars(select(ServerStatus)
                                  .order_by(ServerStatus.branch, ServerStatus.server)).all()
        problems = session.scalars(select(ScreenError).order_by(ScreenError.last_at.desc(),
                                                                ScreenError.id.desc())).all()
    by_server = {(server.branch, server.server): server for server in servers}
    by_screen: dict[tuple[str, str], list[ScreenError]] = {}
    for problem in problems:
        by_screen.setdefault((problem.branch, problem.screen), []).append(problem)
    rows = []
    for screen in screens:
        server = by_server.get((screen.branch, screen.server))
        rows.append(ScreenRow(
            screen=screen,
            online=online(screen.last_seen, server.heartbeat_seconds if server else interval, now),
            last_seen=as_utc(screen.last_seen),
            software_behind=server is not None and screen.version != server.version,
            catalog_behind=screen.catalog < catalog,
            problems=by_screen.get((screen.branch, screen.name), [])))
    return Overview(rows, list(servers))
