"""Take it home (SPEC §3): QR codes the server draws, for a patient's phone held at arm's length.

With KIOSK_PUBLIC_URL, a content page carries a code of the same page on the clinic's public site; with
KIOSK_CLINIC_PHONE, the confirmation carries one whose text is the clinic's name, its phone and the request
code, nothing about the patient. Each is an inline SVG (attributes only: no script, no style, so the CSP
holds), sized by CSS; without its variable there is none.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext
from markupsafe import Markup

from .qrsvg import svg

# Public pages that have a page of the same path on the clinic's own site.
PAGES = ("article", "how-it-works", "faq")


def page_code(lang: str, page: str) -> Markup | None:
    """The QR code of this page on the clinic's public site, or None without KIOSK_PUBLIC_URL."""
    base = current_app.config.get("PUBLIC_URL", "")
    if not base or page not in PAGES:
        return None
    return svg(f"{base}/{lang}/{page}", gettext("QR code of this page on the clinic's website"), "qr")


def contact_text(reference: str) -> str:
    """What the confirmation's code holds: the clinic's name, its phone and the request code, one a line."""
    config = current_app.config
    clinic = config.get("CLINIC_NAME") or gettext("Hair restoration clinic")
    return "\n".join((clinic, config["CLINIC_PHONE"], reference))


def contact_code(reference: str) -> Markup | None:
    """The confirmation's QR code, or None without KIOSK_CLINIC_PHONE."""
    if not current_app.config.get("CLINIC_PHONE"):
        return None
    label = gettext("QR code with the clinic's phone and your reference code")
    return svg(contact_text(reference), label, "qr")
