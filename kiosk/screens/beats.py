"""Beats held in memory and written in batches, like the usage counts: a beat costs a dict update.

Enrolled screens (their beats carried their key) and names that are not enrolled are kept apart. Not
enrolled: at most UNENROLLED_KEPT names in memory and in the table (the longest silent give way), with no
script errors kept, so a flood of made-up names never displaces or defaces an enrolled screen. Bounded
otherwise too: at most MAX_SCREENS enrolled screens per server in memory, ERRORS_KEPT problems per screen,
and repeats of one problem are counted, not stored again. Beats are not patient data: if the database is
away, a batch is dropped.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from .. import db
from ..clock import utcnow
from .models import BRANCH_MAX, Enrolment, Screen, ScreenError, ServerStatus
from .reports import Beat, Problem

MAX_SCREENS = 100  # enrolled, per server
UNENROLLED_KEPT = 20  # names that are not enrolled, in memory and in the table
ERRORS_KEPT = 10  # per screen
ADDRESSES_KEPT = 256  # which screens beat from an address and what they showed, to place CSP reports
SCREENS_PER_ADDRESS = 32

log = logging.getLogger(__name__)



@dataclass
class _Pending:
    beat: Beat | None = None
    seen: dt.datetime | None = None
    enrolled: bool = True
    problems: dict[Problem, list] = field(default_factory=dict)  # problem -> [count, last time]


class BeatBuffer:
    """One server's beats and problems since the last flush; thread-safe, bounded."""

    def __init__(self, branch: str, server: str):
        self.branch, self.server = branch[:BRANCH_MAX], server
        self._lock = threading.Lock()
        # One flush at a time: a flush that finds the buffer empty must still wait for the one in flight,
        # so that "flushed" means stored, and an older batch never lands after a newer one.
        self.flushing = threading.Lock()
        self._pending: OrderedDict[str, _Pending] = OrderedDict()
        self._known: OrderedDict[str, None] = OrderedDict()  # enrolled screens beating here, newest last
        self._strangers: OrderedDict[str, _Pending] = OrderedDict()  # names not enrolled, newest last
        # address -> {screen: the path its last beat showed}, least recent first at both levels
        self._addresses: OrderedDict[str, OrderedDict[str, str]] = OrderedDict()

    def _entry(self, screen: str) -> _Pending:
        """The screen's pending entry. Past MAX_SCREENS the screen silent the longest gives way (a real
        screen comes back with its next beat; a flood of made-up names only pushes out made-up names)."""
        self._known[screen] = None
        self._known.move_to_end(screen)
        while len(self._known) > MAX_SCREENS:
            gone, _ = self._known.popitem(last=False)
            self._pending.pop(gone, None)
        return self._pending.setdefault(screen, _Pending())

    def stranger(self, beat: Beat) -> None:
        """Record a beat of a name that is not enrolled: its state only, in a list of its own."""
        with self._lock:
            self._strangers.pop(beat.screen, None)
            self._strangers[beat.screen] = _Pending(beat, utcnow(), enrolled=False)
            while len(self._strangers) > UNENROLLED_KEPT:
                self._strangers.popitem(last=False)

    def beat(self, beat: Beat, address: str = "") -> None:
        """Record an enrolled screen's beat (its key checked) and its problems; remember which screen
        beats from `address`, so that CSP reports from there go to it."""
        now = utcnow()
        with self._lock:
            entry = self._entry(beat.screen)
            if beat.taps is None and entry.beat is not None:  # a beat without a figure keeps the last one,
                beat = replace(beat, taps=entry.beat.taps)  # here as in the table
            entry.beat, entry.seen = beat, now
            self._add(entry, beat.problems, now)
            if address:
                shown = self._addresses.setdefault(address, OrderedDict())
                self._addresses.move_to_end(address)
                shown[beat.screen] = beat.path
                shown.move_to_end(beat.screen)
                if len(shown) > SCREENS_PER_ADDRESS:
                    shown.popitem(last=False)
                if len(self._addresses) > ADDRESSES_KEPT:
                    self._addresses.popitem(last=False)

    def report(self, problems: list[tuple[str, Problem]], address: str) -> int:
        """CSP reports carry no screen name, only their page: each goes to the enrolled screen at the same
        address whose last beat showed that page, else to the one that beat last from there. From an
        address where no enrolled screen beats, a report is dropped. Returns how many were kept."""
        now = utcnow()
        kept = 0
        with self._lock:
            shown = self._addresses.get(address)
            for page, problem in problems if shown else ():
                showing = [screen for screen, path in shown.items() if path == page]
                self._add(self._entry((showing or list(shown))[-1]), [problem], now)
                kept += 1
        return kept

    @staticmethod
    def _add(entry: _Pending, problems, now: dt.datetime) -> None:
        for problem in problems:
            if problem in entry.problems:
                entry.problems[problem][0] += 1
                entry.problems[problem][1] = now
            elif len(entry.problems) < ERRORS_KEPT:
                entry.problems[problem] = [1, now]

    def take(self) -> tuple[dict[str, _Pending], dict[str, _Pending]]:
        """The pending entries of enrolled screens and of names not enrolled, emptied."""
        with self._lock:
            batch, self._pending = self._pending, OrderedDict()
            strangers, self._strangers = self._strangers, OrderedDict()
        return dict(batch), dict(strangers)

    def __len__(self) -> int:
        return len(self._known) + len(self._strangers)


def _upsert(session, table, values: dict, keys: list[str], where=None) -> None:
    insert = postgresql.insert if session.bind.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(**values)
    updates = {name: statement.excluded[name] for name in values if name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates, where=where))


def flush(buffer: BeatBuffer, status: dict) -> None:
    """Write the pending beats and problems and this server's status row, then trim to the bounds."""
    with buffer.flushing:
        batch, strangers = buffer.take()
        try:
            with db.transaction() as session:
                _write(session, buffer, batch, status)
                _write_strangers(session, buffer, strangers)
                _trim(session, buffer)
        except SQLAlchemyError as error:  # beats may be lost while the database is away; requests never
            log.warning("screen beats not saved (%s); dropped", type(error).__name__)


def _write(session, buffer: BeatBuffer, batch: dict[str, _Pending], status: dict) -> None:
    branch = buffer.branch
    _upsert(session, ServerStatus.__table__, {"branch": branch, "server": buffer.server, **status,
                                              "updated_at": utcnow()}, ["branch", "server"])
    for screen, entry in sorted(batch.items()):
        if entry.beat is not None:
            beat = entry.beat
            values = {"branch": branch, "name": screen, "server": buffer.server, "path": beat.path,
                      "version": beat.version, "catalog": beat.catalog, "last_seen": entry.seen,
                      "enrolled": True}
            if beat.taps is not None:  # a beat without a figure keeps the last one
                values.update(taps_count=beat.taps.count, taps_p50=beat.taps.p50_ms,
                              taps_p75=beat.taps.p75_ms, taps_prerendered=beat.taps.prerendered)
            _upsert(session, Screen.__table__, values, ["branch", "name"])
        for problem, (count, last_at) in entry.problems.items():
            row = session.scalar(select(ScreenError).where(
                ScreenError.branch == branch, ScreenError.screen == screen, ScreenError.kind == problem.kind,
                ScreenError.message == problem.message, ScreenError.source == problem.source,
                ScreenError.line == problem.line))
            if row is None:
                session.add(ScreenError(branch=branch, screen=screen, kind=problem.kind,
                                        message=problem.message, source=problem.source, line=problem.line,
                                        count=count, last_at=last_at))
            else:
                row.count, row.last_at = min(row.count + count, 2**31 - 1), last_at
        if entry.problems:
            session.flush()
            keep = select(ScreenError.id).where(ScreenError.branch == branch, ScreenError.screen == screen)
            keep = keep.order_by(ScreenError.last_at.desc(), ScreenError.id.desc()).limit(ERRORS_KEPT)
            session.execute(delete(ScreenError).where(
                ScreenError.branch == branch, ScreenError.screen == screen,
                ScreenError.id.not_in(keep.scalar_subquery())))


def _write_strangers(session, buffer: BeatBuffer, strangers: dict[str, _Pending]) -> None:
    """Names not enrolled: their state only, and never over an enrolled screen's row."""
    for screen, entry in sorted(strangers.items()):
        beat = entry.beat
        _upsert(session, Screen.__table__, {
            "branch": buffer.branch, "name": screen, "server": buffer.server, "path": beat.path,
            "version": beat.version, "catalog": beat.catalog, "last_seen": entry.seen, "enrolled": False},
            ["branch", "name"], where=Screen.__table__.c.enrolled.is_(False))


def _trim(session, buffer: BeatBuffer) -> None:
    """Keep at most UNENROLLED_KEPT names that are not enrolled (the longest silent go) and MAX_SCREENS
    enrolled screens of this server; drop the rows of screens whose enrolment is gone."""
    enrolled = select(Enrolment).where(Enrolment.branch == Screen.branch, Enrolment.name == Screen.name)
    session.execute(delete(Screen).where(Screen.enrolled.is_(True), ~enrolled.exists()))
    session.execute(delete(ScreenError).where(~select(Enrolment).where(
        Enrolment.branch == ScreenError.branch, Enrolment.name == ScreenError.screen).exists()))
    strangers = Screen.enrolled.is_(False)
    if session.scalar(select(func.count()).select_from(Screen).where(strangers)) > UNENROLLED_KEPT:
        stale = session.execute(select(Screen.branch, Screen.name).where(strangers)
                                .order_by(Screen.last_seen.desc(), Screen.name).offset(UNENROLLED_KEPT)).all()
        for branch, name in stale:
            session.execute(delete(Screen).where(Screen.branch == branch, Screen.name == name, strangers))
    mine = (Screen.branch == buffer.branch) & (Screen.server == buffer.server) & Screen.enrolled.is_(True)
    if session.scalar(select(func.count()).select_from(Screen).where(mine)) <= MAX_SCREENS:
        return
    stale = session.scalars(select(Screen.name).where(mine).order_by(Screen.last_seen.desc())
                            .offset(MAX_SCREENS)).all()
    session.execute(delete(Screen).where(mine, Screen.name.in_(stale)))
