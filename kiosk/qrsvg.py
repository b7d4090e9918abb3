"""QR codes drawn by the server as inline SVG (segno): no script, no style attribute, CSP-safe.

The one drawer for every code the kiosk shows: a screen's launch address, an authenticator app's
otpauth URI, and the take-it-home codes on patient pages.
"""
from __future__ import annotations

import segno
from markupsafe import Markup


def svg(text: str, title: str | None = None, css_class: str = "qr-code") -> Markup:
    """An <svg> of `text` as a QR code (error correction M, a quiet zone of four modules), sized by CSS.

    With `title` (catalog text: staff can edit it), the picture is named for screen readers: role="img"
    makes its <title> the name. The title is escaped here, never handed to segno as markup.
    """
    # Error correction M survives a glare spot on a glossy screen. A viewBox and no size: the page sizes it.
    drawn = segno.make(text, error="m", micro=False).svg_inline(
        scale=1, border=4, omitsize=True, svgclass=css_class, lineclass=None, dark="#000", light="#fff")
    opening, body = drawn.split(">", 1)
    # segno writes the code's modules as path data: `text` is in the picture, never in the markup, and the
    # rest is our own class and colours (tests/test_qrsvg.py reads it back).
    picture = Markup(body)  # nosec B704
    if not title:
        return Markup("{}>").format(Markup(opening)) + picture  # nosec B704: segno's <svg> tag, as above
    attributes = Markup(opening.removeprefix("<svg"))  # nosec B704: segno's viewBox, our class
    return Markup('<svg role="img"{}><title>{}</title>').format(attributes, title) + picture
