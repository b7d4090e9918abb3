"""Translated names of stored codes (statuses, times, languages, usage events), declared once."""
from ..i18n.text import lazy_gettext as _l

STATUS = {
    "new": _l("New"),
    "contacted": _l("Contacted"),
    "booked": _l("Booked"),
    "closed": _l("Closed"),
}
TIME = {
    "morning": _l("Morning"),
    "afternoon": _l("Afternoon"),
    "evening": _l("Evening"),
}
LANGUAGE = {"ar": _l("Arabic"), "en": _l("English")}
EVENT = {
    "form_started": _l("Forms started"),
    "form_sent": _l("Forms sent"),
    "idle_reset": _l("Idle resets"),
}
# NOTE: The kinds of a patient's request under the data protection law: to see, to correct or to erase.
PRIVACY_KIND = {"access": _l("Access"), "correction": _l("Correction"), "erasure": _l("Erasure")}
# How a staff member signed in or which second factor was set up or removed (the audit log's detail).
FACTOR = {
    "app": _l("authenticator app"),
    "passkey": _l("passkey"),
    "recovery_code": _l("recovery code"),
    "password": _l("password only"),
}
OUTCOME = {
    "no_answer": _l("No answer"),
    "call_back": _l("Call back later"),
    "booked": _l("Booked"),
    "not_interested": _l("Not interested"),
    "wrong_number": _l("Wrong number"),
}
