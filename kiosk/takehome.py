"""Take it home (SPEC §3): QR codes the server draws, for a patient's phone held at arm's length.

With KIOSK_PUBLIC_URL, a content page carries a code of the same page on the clinic's public site; with
KIOSK_CLINIC_PHONE, the confirmation carries one whose text is the clinic's name, its phone and the request
code, nothing about the patient. Each is an inline SVG (attributes only: no script, no style, so the CSP
holds), sized by CSS; without its variable there is none.
"""
from __future__ import annotations

import segno
from flask import current_app
from flask_babel import gettext
from markupsafe import Markup

# Public pages that have a page of the same path on the clinic's own site.
PAGES = ("article", "how-it-works", "faq")


def svg(text: str, label: str) -> Markup:
    """An inline SVG QR code of `text` with a quiet zone of four modules and `label` as its title."""
    # Error correction M survives a glare spot on a glossy screen; segno escapes the title.
    code = segno.make(text, error="m", micro=False)
    drawn = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=label,
                            dark="#000", light="#fff")
    # role="img" makes its <title> the picture's name for screen readers (axe: svg-img-alt).
    return Markup(drawn.replace("<svg ", '<svg role="img" ', 1))


def page_code(lang: str, page: str) -> Markup | None:
    """The QR code of this page on the clinic's public site, or None without KIOSK_PUBLIC_URL."""
    base = current_app.config.get("PUBLIC_URL", "")
    if not base or page not in PAGES:
        return None
    return svg(f"{base}/{lang}/{page}", gettext("QR code of this page on the clinic's website"))


def contact_text(reference: str) -> str:
    """What the confirmation's code holds: the clinic's name, its phone and the request code, one a line."""
    config = current_app.config
    clinic = config.get("CLINIC_NAME") or gettext("Hair restoration clinic")
    return "\n".join((clinic, config["CLINIC_PHONE"], reference))


def contact_code(reference: str) -> Markup | None:
    """The confirmation's QR code, or None without KIOSK_CLINIC_PHONE."""
    if not current_app.config.get("CLINIC_PHONE"):
        return None
    return svg(contact_text(reference), gettext("QR code with the clinic's phone and your reference code"))
