"""Enrolled screens (SPEC §3 Screens as devices): each has a random key, kept only as its SHA-256, that its
beats must carry. A beat naming an enrolled screen without its key changes nothing (403).

The key is 24 random bytes (192 bits): a fast hash is enough, there is nothing to guess. It is compared in
constant time, and removing the screen deletes the hash, so the key is worth nothing from then on.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy import delete, select

from ..clock import utcnow
from .models import BRANCH_MAX, Enrolment, Screen, ScreenError
from .reports import screen_name


class EnrolmentError(ValueError):
    """An enrolment that cannot be made or undone; the message says why (English, for the CLI)."""



def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def launch_path(name: str, key: str) -> str:
    """The screen's launch URL on its server: `/?screen=NAME&key=KEY`."""
    return "/?" + urlencode({"screen": name, "key": key})


@dataclass(frozen=True)
class Added:
    branch: str
    name: str
    key: str

    @property
    def path(self) -> str:
        return launch_path(self.name, self.key)


def add(session, branch: str, name: str, by: str) -> Added:
    """Enrol `name` in `branch` with a fresh key (refused when it is enrolled already), in the caller's
    transaction; the key is returned once and never stored."""
    try:
        name = screen_name(name)
    except ValueError:
        raise EnrolmentError("a screen name is 1 to 40 letters, digits, '.', '_' or '-', starting with a "
                             "letter or digit") from None
    branch = branch[:BRANCH_MAX]
    if session.get(Enrolment, (branch, name)) is not None:
        raise EnrolmentError(f"the screen {name} is enrolled already in {branch}: remove it first")
    key = secrets.token_urlsafe(24)
    # What beat under this name before it was enrolled is not the enrolled screen's.
    forget(session, branch, name)
    session.add(Enrolment(branch=branch, name=name, key_hash=digest(key), added_at=utcnow(),
                          added_by=by[:64], alert_state=""))
    session.flush()
    return Added(branch, name, key)


def forget(session, branch: str, name: str) -> None:
    """Delete what the overview holds of a screen: its latest beat and its problems."""
    session.execute(delete(Screen).where(Screen.branch == branch, Screen.name == name))
    session.execute(delete(ScreenError).where(ScreenError.branch == branch, ScreenError.screen == name))


def remove(session, branch: str, name: str) -> bool:
    """Remove an enrolment and what it reported; False when there was none."""
    row = session.get(Enrolment, (branch[:BRANCH_MAX], name)) if isinstance(name, str) else None
    if row is None:
        return False
    session.delete(row)
    forget(session, row.branch, row.name)
    return True


def every(session) -> list[Enrolment]:
    return list(session.scalars(select(Enrolment).order_by(Enrolment.branch, Enrolment.name)))


def matches(row: Enrolment, key: object) -> bool:
    """Whether `key` is the enrolled screen's key (constant time; a missing key never matches)."""
    if not isinstance(key, str) or not key:
        return False
    return hmac.compare_digest(digest(key), row.key_hash)
