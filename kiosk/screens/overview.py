"""The screens overview as staff read it: every enrolled screen with its state, the names that beat without
being enrolled (apart), and every server's versions and spool depth."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from .. import db
from .models import Enrolment, Screen, ScreenError, ServerStatus

SLOW_TAP_MS = 200  # SPEC §3 Field figures: a p75 above this is flagged


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class ScreenRow:
    """One screen: `beat` is its latest beat (None for an enrolled screen that never beat)."""

    branch: str
    name: str
    enrolled: bool
    beat: Screen | None
    online: bool
    last_seen: dt.datetime | None
    software_behind: bool
    catalog_behind: bool
    problems: list[ScreenError]
    command: str | None = None  # waiting for the screen's next beat

    @property
    def taps(self) -> dict | None:
        """The field figure as /staff/screens.json gives it; None before any tap."""
        beat = self.beat
        if beat is None or not beat.taps_count:
            return None
        return {"count": beat.taps_count, "p50_ms": beat.taps_p50, "p75_ms": beat.taps_p75,
                "prerendered": beat.taps_prerendered or 0.0}

    @property
    def slow(self) -> bool:
        return self.taps is not None and self.taps["p75_ms"] > SLOW_TAP_MS


@dataclass(frozen=True)
class Overview:
    screens: list[ScreenRow]  # enrolled, by branch and name
    unenrolled: list[ScreenRow]  # newest beat first
    servers: list[ServerStatus]

    def branches(self) -> list[str]:
        """The branches that have enrolled screens (for the per-branch commands)."""
        return sorted({row.branch for row in self.screens})


def online(last_seen: dt.datetime, interval: int, now: dt.datetime) -> bool:
    """Online: a beat within two intervals."""
    return now - as_utc(last_seen) <= dt.timedelta(seconds=2 * interval)


def read(catalog: int, interval: int, now: dt.datetime | None = None) -> Overview:
    """Every screen; `catalog` is the current catalog version (shared by the group), `interval` the beat
    interval of a screen whose server has not reported its own."""
    now = now or dt.datetime.now(dt.UTC)
    with db.reading() as session:
        enrolments = session.scalars(select(Enrolment).order_by(Enrolment.branch, Enrolment.name)).all()
        screens = session.scalars(select(Screen).order_by(Screen.last_seen.desc(), Screen.name)).all()
        servers = session.scalars(select(ServerStatus)
                                  .order_by(ServerStatus.branch, ServerStatus.server)).all()
        problems = session.scalars(select(ScreenError).order_by(ScreenError.last_at.desc(),
                                                                ScreenError.id.desc())).all()
    by_server = {(server.branch, server.server): server for server in servers}
    by_screen: dict[tuple[str, str], list[ScreenError]] = {}
    for problem in problems:
        by_screen.setdefault((problem.branch, problem.screen), []).append(problem)
    beats = {(screen.branch, screen.name): screen for screen in screens if screen.enrolled}

    def row(branch: str, name: str, beat: Screen | None, enrolled: bool, command=None) -> ScreenRow:
        if beat is None:
            return ScreenRow(branch, name, enrolled, None, False, None, False, False, [], command)
        server = by_server.get((beat.branch, beat.server))
        return ScreenRow(
            branch, name, enrolled, beat,
            online=online(beat.last_seen, server.heartbeat_seconds if server else interval, now),
            last_seen=as_utc(beat.last_seen),
            software_behind=server is not None and beat.version != server.version,
            catalog_behind=beat.catalog < catalog,
            problems=by_screen.get((branch, name), []) if enrolled else [], command=command)

    enrolled = [row(item.branch, item.name, beats.get((item.branch, item.name)), True, item.command)
                for item in enrolments]
    strangers = [row(screen.branch, screen.name, screen, False) for screen in screens if not screen.enrolled]
    return Overview(enrolled, strangers, list(servers))
