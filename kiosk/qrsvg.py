"""QR codes drawn by the server as inline SVG (segno): no script, no style attribute, CSP-safe.

The one drawer for every code the kiosk shows: a screen's launch address, an authenticator app's
otpauth URI, and the take-it-home codes on patient pages.
"""
from __future__ import annotations

import segno
from markupsafe import Markup


def svg(text: str, title: str | None = None, css_class: str = "qr-code") -> Markup:
    """An <svg> of `text` as a QR code (error correction M, a quiet zone of four modules), sized by CSS.

    With `title`, the picture is named for screen readers (role="img" makes its <title> the name).
    """
    # Error correction M survives a glare spot on a glossy screen. A viewBox and no size: the page sizes it.
    drawn = segno.make(text, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, svgclass=css_class, lineclass=None, title=title, dark="#000",
        light="#fff")
    if title:
        drawn = drawn.replace("<svg ", "<svg role=\"img\" ", 1)
    # segno writes only numbers, colours and path data, and escapes the title: nothing of `text` or `title`
    # becomes markup.
    return Markup(drawn)  # nosec B704
