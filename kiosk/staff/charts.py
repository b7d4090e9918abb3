"""Server-drawn SVG charts for the dashboard: mirrored for right-to-left pages, numbers always left-to-right.

Each function returns SVG markup (every label escaped); the page puts a table with the same figures beside it.
"""
from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 600
ROW = 30


def _text(x: float, y: float, content: object, css: str, anchor: str, rtl_text: bool = False) -> str:
    direction = "rtl" if rtl_text else "ltr"
    return (f'<text x="{x:.1f}" y="{y:.1f}" class="{css}" text-anchor="{anchor}" direction="{direction}">'
            f"{escape(str(content))}</text>")


def _svg(height: int, label: str, body: list[str]) -> Markup:
    # The label is escaped here and every text in `body` by _text(); the rest is numbers.
    svg = (f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(label)}" '
           f'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>")
    return Markup(svg)  # nosec B704


def bars(items: Sequence[tuple[str, int]], label: str, rtl: bool) -> Markup:
    """Horizontal bars, one per (label, value): labels at the start side, bars grow toward the end side."""
    label_width, value_room = 220, 50
    span = WIDTH - label_width - value_room
    top = max((value for _, value in items), default=0) or 1
    height = ROW * max(len(items), 1) + 8
    body = []
    for index, (name, value) in enumerate(items):
        y = 4 + index * ROW
        length = span * value / top
        if rtl:
            body.append(_text(WIDTH - 6, y + 20, name, "chart-label", "start", rtl_text=True))
            x = WIDTH - label_width - length
            body.append(_text(x - 6, y + 20, value, "chart-value", "end"))
        else:
            body.append(_text(6, y + 20, name, "chart-label", "start"))
            x = label_width
            body.append(_text(x + length + 6, y + 20, value, "chart-value", "start"))
        body.append(f'<rect class="chart-bar" x="{x:.1f}" y="{y + 6}" width="{length:.1f}" '
                    f'height="{ROW - 12}" rx="3"/>')
    edge = WIDTH - label_width if rtl else label_width
    body.append(f'<line class="chart-axis" x1="{edge}" y1="0" x2="{edge}" y2="{height}"/>')
    return _svg(height, label, body)


def columns(points: Sequence[tuple[str, int]], label: str, rtl: bool, label_every: int = 7) -> Markup:
    """Vertical columns over time, oldest first in reading order (so right to left in Arabic)."""
    height, base, axis_room, end_room, top_room = 260, 220, 48, 28, 20
    count = max(len(points), 1)
    step = (WIDTH - axis_room - end_room) / count
    top = max(max((value for _, value in points), default=0), 1)
    ticks = sorted({0, top // 2, top}) if top >= 2 else [0, top]
    body = []
    for tick in ticks:
        y = base - (base - top_room) * tick / top
        start, end = (end_room, WIDTH - axis_room) if rtl else (axis_room, WIDTH - end_room)
        body.append(f'<line class="chart-grid" x1="{start}" y1="{y:.1f}" x2="{end}" y2="{y:.1f}"/>')
        # The scale sits at the start side: left of the columns in English, right of them in Arabic.
        if rtl:
            body.append(_text(WIDTH - axis_room + 6, y + 5, tick, "chart-value", "start"))
        else:
            body.append(_text(axis_room - 6, y + 5, tick, "chart-value", "end"))
    for index, (name, value) in enumerate(points):
        column_height = (base - top_room) * value / top
        offset = axis_room + index * step
        x = WIDTH - offset - step if rtl else offset
        body.append(f'<rect class="chart-bar" x="{x + step * 0.15:.1f}" y="{base - column_height:.1f}" '
                    f'width="{step * 0.7:.1f}" height="{column_height:.1f}"/>')
        if (len(points) - 1 - index) % label_every == 0:  # counted from today, so today is always named
            body.append(_text(x + step / 2, base + 24, name, "chart-label-small", "middle", rtl_text=rtl))
    body.append(f'<line class="chart-axis" x1="8" y1="{base}" x2="{WIDTH - 8}" y2="{base}"/>')
    return _svg(height, label, body)
