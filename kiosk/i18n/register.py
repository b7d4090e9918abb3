"""Patients are addressed gender-neutrally (SPEC §1): no masculine singular imperative in a patient string.

A patient string is one used where patients read (PATIENT_PLACES, by the catalog's `#:` locations); staff
pages are exempt (staff are colleagues, addressed with imperatives on purpose). The forms are a curated list
of the masculine singular imperatives that kiosk prompts reach for, compared as whole words without
diacritics, hamza or tatweel and with a leading و or ف; a patient prompt says «يُرجى» + a verbal noun
(«يُرجى اختيار اللغة») or the verbal noun alone («البدء بالعربية»). ALLOWED lists the patient texts where a
listed form is meant (a quoted button label, a word that only looks like an imperative), each with why.
"""
from __future__ import annotations

import re

from .glossary import normalize

PATIENT_PLACES = ("kiosk/public.py", "kiosk/content.py", "kiosk/consults/", "kiosk/reception/expect.py",
                  "kiosk/takehome.py", "kiosk/offline.py",
                  "kiosk/errors.py", "templates/public/", "templates/consult/", "templates/errors/",
                  "templates/base.html", "templates/macros/")
# Where staff read (exempt). Every catalog location is one or the other (tests/test_translations_register.py),
# so a new page is placed on purpose.
STAFF_PLACES = ("kiosk/staff/", "kiosk/editor/", "kiosk/i18n/", "kiosk/privacy/", "kiosk/screens/",
                "kiosk/reception/mail.py", "kiosk/reception/screen_mail.py", "templates/staff/")
# Written without hamza and diacritics, as `_bare` leaves a word.
MASCULINE_IMPERATIVES = frozenset("""
    اضغط انقر اختر ابدا اترك اقرا اطلب ارسل ابحث افتح اكتب اذكر اخبر المس ادخل تاكد راجع حدد استخدم
    انتظر اسال عد ارجع املا امسح اكمل اتصل احجز تفضل اعرف اكتشف انظر قم ضع خذ احتفظ اسحب مرر
    اتبع اطلع اقترب اجلس اخبرنا احفظ
""".split())
# msgid -> why a listed form in its Arabic is not an address to the patient.
ALLOWED: dict[str, str] = {}
_WORD = re.compile(r"\w+")
_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def _bare(word: str) -> str:
    return normalize(word).translate(_HAMZA)


def is_patient_string(locations) -> bool:
    """Whether a catalog entry shows on a patient page, from its `#:` locations (paths or (path, line))."""
    paths = (location[0] if isinstance(location, tuple) else location for location in locations)
    return any(str(path).startswith(PATIENT_PLACES) for path in paths)


def masculine_imperatives(arabic: str) -> list[str]:
    """The masculine singular imperatives in an Arabic text, without their diacritics."""
    found = []
    # Words split after normalising: a combining mark is not \w, so «تُعدّ» would read as «ت» and «عد».
    for word in _WORD.findall(_bare(arabic)):
        # و/ف + a two-letter form is a noun far more often («وضع» placing, «وعد» a promise).
        prefixed = word[:1] in "وف" and len(word) > 3 and word[1:] in MASCULINE_IMPERATIVES
        if word in MASCULINE_IMPERATIVES or prefixed:
            found.append(word)
    return found


def problems(msgid, strings, locations) -> list[str]:
    """One line per form of a patient string that addresses a man, for `kiosk i18n check`."""
    key = msgid[0] if isinstance(msgid, tuple) else msgid
    if not is_patient_string(locations) or key in ALLOWED:
        return []
    forms = strings if isinstance(strings, list | tuple) else (strings,)
    lines = []
    for index, form in enumerate(forms):
        words = masculine_imperatives(form or "")
        if words:
            where = f"form {index}: " if isinstance(msgid, tuple) else ""
            lines.append(f"{where}masculine imperative {' '.join(words)} in a patient string: use «يُرجى» "
                         "and a verbal noun, or the verbal noun alone")
    return lines
