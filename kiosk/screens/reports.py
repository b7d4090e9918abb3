"""What a screen may tell the server, checked as hostile input: a beat, its script errors, CSP reports.

Every value is bounded; anything malformed is refused (ValueError, answered 400), never stored. No page text
or field values travel: a beat names the screen, the path shown and versions; an error its message, the
script's path and a line number; a CSP report the directive, the blocked URL's origin and path, and where.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .models import MESSAGE_MAX, NAME_MAX, PATH_MAX, SOURCE_MAX, VERSION_MAX

SCREEN_NAME = re.compile(rf"[A-Za-z0-9][A-Za-z0-9._-]{{0,{NAME_MAX - 1}}}")
MAX_ERRORS = 5  # per beat
MAX_REPORTS = 20  # per CSP report body
LINE_MAX = 10_000_000
CATALOG_MAX = 2**31 - 1
KEY_MAX = 100
TAPS_MAX = 1000  # the client reports over its last 50 taps; more is not a kiosk's
TAP_MS_MAX = 600_000


@dataclass(frozen=True)
class Problem:
    """A script error or CSP violation, as the overview shows it."""

    kind: str
    message: str
    source: str
    line: int


@dataclass(frozen=True)
class Taps:
    """The field figure a page reports: over the screen's last taps, how many, p50 and p75 of tap to the
    next page (ms), and the share of them that was prerendered."""

    count: int
    p50_ms: int
    p75_ms: int
    prerendered: float


@dataclass(frozen=True)
class Beat:
    screen: str
    path: str
    version: str
    catalog: int
    problems: tuple[Problem, ...]
    key: str | None = None  # None: the beat carried no key (or not a string)
    named: bool = True  # False: the page was launched without a name (it is the server's KIOSK_ID)
    taps: Taps | None = None


def _text(value: object, limit: int) -> str:
    """A printable one-line string cut to `limit` characters; anything else is refused."""
    if not isinstance(value, str):
        raise ValueError("not a string")
    cleaned = "".join(ch if ch.isprintable() else " " for ch in value).strip()
    return cleaned[:limit]


def _number(value: object, limit: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        raise ValueError("not a small whole number")
    return value


def _measure(value: object, limit: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError("not a number")
    if not 0 <= value <= limit:
        raise ValueError("out of range")
    return float(value)


def parse_taps(value: object) -> Taps | None:
    """The beat's `taps` object, or None when it is absent, empty or malformed: a figure is never worth
    refusing a beat for, and a bad one is never stored."""
    if not isinstance(value, dict):
        return None
    try:
        count = _number(value.get("count"), TAPS_MAX)
        p50, p75 = _measure(value.get("p50_ms"), TAP_MS_MAX), _measure(value.get("p75_ms"), TAP_MS_MAX)
        share = _measure(value.get("prerendered", 0), 1)
    except ValueError:
        return None
    if count == 0 or p50 > p75:
        return None
    return Taps(count, round(p50), round(p75), round(share, 3))


def _where(url: object) -> str:
    """A script's or document's URL as a path only: a query string could carry anything."""
    text = _text(url, 2000) if url else ""
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}{parts.path}"[:SOURCE_MAX] if parts.path else parts.netloc
    return (parts.path or text.split("?", 1)[0])[:SOURCE_MAX]


def screen_name(value: object) -> str:
    if not isinstance(value, str) or not SCREEN_NAME.fullmatch(value):
        raise ValueError("bad screen name")
    return value


def parse_beat(body: bytes, default_screen: str) -> Beat:
    """The JSON a kiosk page posts to /heartbeat; a page launched without a name is the server's screen."""
    data = json.loads(body)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    path = _text(data.get("path"), PATH_MAX)
    if not path.startswith("/"):
        raise ValueError("bad path")
    errors = data.get("errors", [])
    if not isinstance(errors, list) or len(errors) > MAX_ERRORS:
        raise ValueError("bad errors")
    problems = []
    for item in errors:
        if not isinstance(item, dict) or item.get("kind") not in ("error", "rejection"):
            raise ValueError("bad error")
        problems.append(Problem(item["kind"], _text(item.get("message", ""), MESSAGE_MAX) or "?",
                                _where(item.get("source", "")), _number(item.get("line", 0), LINE_MAX)))
    named = data.get("screen") is not None
    screen = screen_name(data["screen"]) if named else default_screen[:NAME_MAX]
    key = data.get("key")
    key = key if isinstance(key, str) and len(key) <= KEY_MAX else None
    return Beat(screen, path, _text(data.get("version"), VERSION_MAX),
                _number(data.get("catalog"), CATALOG_MAX), tuple(problems), key, named,
                parse_taps(data.get("taps")))


def _violation(directive: object, blocked: object, source: object, line: object) -> Problem:
    blocked_text = _text(blocked, 2000) if blocked else "inline"
    what = _where(blocked_text) if "/" in blocked_text else blocked_text[:40]
    message = f"{_text(directive or '?', 60)} blocked {what}"
    try:
        number = _number(line, LINE_MAX) if line is not None else 0
    except ValueError:
        number = 0
    return Problem("csp", message[:MESSAGE_MAX], _where(source or ""), number)


def _page(url: object) -> str:
    """The path of the page a report came from ('' when it does not say)."""
    return urlsplit(url).path[:PATH_MAX] if isinstance(url, str) else ""


def parse_csp(body: bytes, content_type: str) -> list[tuple[str, Problem]]:
    """A `report-uri` body (application/csp-report) or a Reporting API batch (application/reports+json):
    each violation with the path of the page it happened on (which tells screens at one address apart)."""
    data = json.loads(body)
    if content_type == "application/csp-report":
        report = data.get("csp-report") if isinstance(data, dict) else None
        if not isinstance(report, dict):
            raise ValueError("no csp-report")
        directive = report.get("effective-directive") or report.get("violated-directive")
        where = report.get("source-file") or report.get("document-uri")
        return [(_page(report.get("document-uri")),
                 _violation(directive, report.get("blocked-uri"), where, report.get("line-number")))]
    if not isinstance(data, list) or len(data) > MAX_REPORTS:
        raise ValueError("not a list of reports")
    problems = []
    for item in data:
        if not isinstance(item, dict) or not isinstance(item.get("body"), dict):
            raise ValueError("bad report")
        if item.get("type") != "csp-violation":
            continue  # other report types (deprecations, interventions) are not ours to show
        report = item["body"]
        where = report.get("sourceFile") or report.get("documentURL")
        problems.append((_page(report.get("documentURL")),
                         _violation(report.get("effectiveDirective"), report.get("blockedURL"), where,
                                    report.get("lineNumber"))))
    return problems
