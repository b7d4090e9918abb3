"""QR codes drawn by the server as inline SVG (segno): no script, no style attribute, CSP-safe."""
from __future__ import annotations

import segno
from markupsafe import Markup


def svg(text: str, scale: int = 4) -> Markup:
    """An <svg> of `text` as a QR code (error correction M), dark on white with its quiet zone."""
    code = segno.make(text, error="m", micro=False)
    # segno writes only numbers, colours and path data here: nothing of `text` appears as markup.
    return Markup(code.svg_inline(scale=scale, dark="#000", light="#fff", svgclass="qr-code"))  # nosec B704
