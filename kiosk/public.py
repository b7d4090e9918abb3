"""The patients' pages: welcome, home, article, how it works, FAQ."""
from babel import Locale
from flask import Blueprint, render_template
from flask_babel import get_locale

from . import content, pagecache, takehome
from .i18n import in_each_language
from .i18n.text import lazy_gettext as _l
from .i18n.text import lazy_pgettext

bp = Blueprint("public", __name__)

# The locale is the first path segment; anything but these two never matches, so it is a 404.
LANG = "/<any(ar, en):lang>"

WELCOME = {
    "title": _l("Welcome"),
    "lead": _l("Learn about exosome therapy for hair loss and ask us to call you."),
    # NOTE: The welcome screen has one button per language, each written in its own language. This is
    # the button that starts the kiosk in THIS catalog's language: in Arabic it names Arabic, not English.
    "start": lazy_pgettext("welcome button in its own language", "Start in English"),
    # NOTE: Shown in both languages under the two language buttons of the welcome screen.
    "touch": _l("Touch your language to begin"),
    "clinic": _l("Hair restoration clinic"),
}


@bp.app_template_global()
def plural_samples() -> list[tuple[str, int]]:
    """One number per CLDR plural category of the page's language, smallest first.

    Templates render a count message once per category with a `{n}` marker, so a script can pick the
    right form with Intl.PluralRules and fill in the number without a second copy of the plural rules.
    """
    firsts: dict[str, int] = {}
    locale = Locale.parse(str(get_locale()))
    for number in range(201):
        firsts.setdefault(locale.plural_form(number), number)
    return sorted(firsts.items(), key=lambda item: item[1])


@bp.app_template_global()
def takehome_page_code(lang: str, page: str):
    """The page's QR code on the clinic's public site (None without KIOSK_PUBLIC_URL)."""
    return takehome.page_code(lang, page)


@bp.get("/")
@pagecache.cached
def welcome():
    """Attract screen with one large button per language."""
    return render_template("public/welcome.html", versions=in_each_language(WELCOME))


@bp.get(f"{LANG}/")
@pagecache.cached
def home(lang: str):
    """Four large tiles: article, how it works, FAQ, consult request."""
    return render_template("public/home.html")


@bp.get(f"{LANG}/article")
@pagecache.cached
def article(lang: str):
    """The clinic's whole article, section by section."""
    return render_template("public/article.html", sections=content.ARTICLE)


@bp.get(f"{LANG}/how-it-works")
@pagecache.cached
def how_it_works(lang: str):
    """The explainer: hair cycle, then the five ways exosomes act; every step readable without JS."""
    return render_template("public/how_it_works.html", steps=content.STEPS)


@bp.get(f"{LANG}/faq")
@pagecache.cached
def faq(lang: str):
    """Questions and answers grounded in the article."""
    return render_template("public/faq.html", entries=content.FAQ)
