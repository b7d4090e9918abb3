"""The mail that tells reception a kiosk screen went silent, or is back (SPEC §3 Offline alert): its branch,
its name and since when, in English and Arabic, with the link to the screens page. No patient data."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from flask_babel import force_locale, gettext

from .. import hours

OFFLINE, BACK = "screen_offline", "screen_back"


def _clock(moment: dt.datetime) -> str:
    """Riyadh time, the same digits in both parts of the mail."""
    return hours.local(moment).strftime("%Y-%m-%d %H:%M") + " (UTC+3)"


def _part(kind: str, branch: str, name: str, since: dt.datetime, now: dt.datetime, locale: str,
          link: str) -> str:
    with force_locale(locale):
        if kind == OFFLINE:
            lines = [gettext("The kiosk screen %(name)s of the branch %(branch)s has sent no heartbeat since "
                             "%(since)s.", name=name, branch=branch, since=_clock(since)),
                     gettext("It may be switched off, frozen or cut off from its server. Please check it.")]
        else:
            lines = [gettext("The kiosk screen %(name)s of the branch %(branch)s is back: it reported "
                             "again at %(back)s, after no heartbeat since %(since)s.", name=name,
                             branch=branch,
                             back=_clock(now), since=_clock(since))]
        lines += ["", gettext("The screens page (sign-in needed): %(link)s", link=link)]
    return "\n".join(lines)


def compose(kind: str, branch: str, name: str, since: dt.datetime, now: dt.datetime,
            config: Mapping[str, Any]) -> EmailMessage:
    """The alert, in English and Arabic, to KIOSK_NOTIFY_TO from KIOSK_NOTIFY_FROM."""
    link = f"{config['STAFF_URL'].rstrip('/')}/staff/screens"
    message = EmailMessage()
    message["Subject"] = (f"Screen {name} ({branch}) is offline / الشاشة {name} غير متصلة" if kind == OFFLINE
                          else f"Screen {name} ({branch}) is back / عادت الشاشة {name}")
    message["From"] = config["NOTIFY_FROM"]
    message["To"] = ", ".join(config["NOTIFY_TO"])
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="kiosk.local")
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(_part(kind, branch, name, since, now, "en", link) + "\n\n---\n\n"
                        + _part(kind, branch, name, since, now, "ar", link))
    return message
