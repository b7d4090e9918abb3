"""Where a text appears, in words a receptionist knows: a page of the kiosk or the staff area."""
from __future__ import annotations

from ..i18n.text import lazy_gettext as _l

# (path prefix, place): the first match wins, so the more specific prefixes come first.
PLACES = (
    ("templates/public/welcome.html", _l("Welcome screen")),
    ("kiosk/public.py", _l("Welcome screen")),
    ("templates/public/home.html", _l("Home page")),
    ("templates/public/article.html", _l("Article page")),
    ("templates/public/how_it_works.html", _l("The hair cycle and the possible role of exosomes")),
    ("templates/public/illustrations/",
     _l("The hair cycle and the possible role of exosomes: illustrations")),
    ("templates/public/faq.html", _l("FAQ page")),
    ("kiosk/content.py", _l("Article, hair cycle page and FAQ")),
    ("templates/public/consult", _l("Consult request form")),
    ("templates/consult", _l("Consult request form")),
    ("kiosk/consults/", _l("Consult request form")),
    ("templates/base.html", _l("Every kiosk page")),
    ("templates/errors/", _l("Error pages")),
    ("kiosk/errors.py", _l("Error pages")),
    ("templates/staff/translations/", _l("Staff area: translations")),
    ("kiosk/editor/", _l("Staff area: translations")),
    ("templates/staff/", _l("Staff area")),
    ("kiosk/staff/", _l("Staff area")),
)


def place(path: str) -> str:
    """The place of a .po location; the file path itself when no place is known."""
    for prefix, name in PLACES:
        if path.startswith(prefix):
            return str(name)
    return path
