"""The privacy notice beside the consent box (PDPL articles 12–13) and the version each record keeps."""
from __future__ import annotations

import hashlib

from flask_babel import gettext, ngettext

# Bump when the notice or the consent sentence changes: every record keeps the version its patient saw.
# tests/test_consult_privacy.py pins SOURCE_DIGEST so a wording change cannot slip in without a bump.
CONSENT_VERSION = "2026-11-25"


def notice(retention_days: int, clinic_name: str = "") -> list[tuple[str, str]]:
    """(heading, text) pairs: what is collected, why, who sees it, how long, and the patient's rights."""
    who = (gettext("%(clinic)s is responsible for your details.", clinic=clinic_name) if clinic_name
           else gettext("The clinic is responsible for your details."))
    return [
        (gettext("What we collect"),
         gettext("Your name, your mobile number, the language and time you prefer for our call, and your "
                 "message if you write one.")),
        (gettext("Why"),
         gettext("Only to call you back about this consultation request. We do not use your details for "
                 "advertising.")),
        (gettext("Who sees them"),
         gettext("Only our reception staff and doctors. We do not give your details to anyone outside the "
                 "clinic.") + " " + who),
        (gettext("How long we keep them"),
         ngettext("We delete your request %(num)d day after you send it.",
                  "We delete your request %(num)d days after you send it.", retention_days)),
        (gettext("Your rights"),
         gettext("You may ask to see, correct or delete your details, or withdraw your consent, at any "
                 "time: tell our reception desk or the person who calls you, and give your reference "
                 "code. We follow Saudi Arabia's Personal Data Protection Law.")),
    ]


def source_digest(texts: list[str]) -> str:
    """A short fingerprint of the English source wording, to notice when it changes."""
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
