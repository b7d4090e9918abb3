"""Reception's notification mail: what it says (never the patient's name, phone or message) and sending it.

The mail leaves the clinic's control (PDPL data minimisation): it names the reference, branch, kiosk,
preferred language and time, and links to the request's page, where staff sign in to see the rest.
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any
from urllib.parse import unquote, urlsplit

from flask_babel import force_locale, gettext

from ..i18n.text import lazy_gettext as _l


@dataclass(frozen=True)
class Notice:
    """The mail's facts: nothing here can identify the patient."""

    consult_id: int
    reference: str
    branch: str
    kiosk_id: str
    preferred_language: str
    preferred_time: str


# The same source strings as the staff pages' labels (one translation each), declared here so that this
# domain module does not import the staff blueprint's package.
TIME = {"morning": _l("Morning"), "afternoon": _l("Afternoon"), "evening": _l("Evening")}
LANGUAGE = {"ar": _l("Arabic"), "en": _l("English")}


def _part(notice: Notice, locale: str, link: str) -> str:
    with force_locale(locale):
        lines = [
            gettext("A new consult request is waiting for a call."),
            "",
            gettext("Reference: %(reference)s", reference=notice.reference),
            gettext("Branch: %(branch)s", branch=notice.branch),
            gettext("Kiosk: %(kiosk)s", kiosk=notice.kiosk_id),
            gettext("Language for the call: %(language)s",
                    language=str(LANGUAGE.get(notice.preferred_language, notice.preferred_language))),
            gettext("Best time: %(time)s", time=str(TIME.get(notice.preferred_time, notice.preferred_time))),
            "",
            gettext("Open the request (sign-in needed): %(link)s", link=link),
        ]
    return "\n".join(lines)


def compose(notice: Notice, config: Mapping[str, Any]) -> EmailMessage:
    """The message, in English and Arabic, to KIOSK_NOTIFY_TO from KIOSK_NOTIFY_FROM."""
    link = f"{config['STAFF_URL'].rstrip('/')}/staff/requests/{notice.consult_id}"
    message = EmailMessage()
    message["Subject"] = f"New consult request {notice.reference} ({notice.branch}) / طلب استشارة جديد"
    message["From"] = config["NOTIFY_FROM"]
    message["To"] = ", ".join(config["NOTIFY_TO"])
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="kiosk.local")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a robot
    message.set_content(_part(notice, "en", link) + "\n\n---\n\n" + _part(notice, "ar", link))
    return message


def send(message: EmailMessage, smtp_url: str, timeout: float) -> None:
    """Hand the message to the server in KIOSK_SMTP_URL; every socket step gives up after `timeout`."""
    parts = urlsplit(smtp_url)
    host = parts.hostname or "localhost"
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, parts.port or 465, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, parts.port or (587 if parts.scheme == "smtp+starttls" else 25),
                              timeout=timeout)
    try:
        if parts.scheme == "smtp+starttls":
            client.starttls(context=context)
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(message)
    finally:
        try:
            client.quit()
        except (smtplib.SMTPException, OSError):
            client.close()
