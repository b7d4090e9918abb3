"""The patients' pages: welcome, home, article, how it works, FAQ."""
from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from . import content
from .i18n import in_each_language

bp = Blueprint("public", __name__)

# The locale is the first path segment; anything but these two never matches, so it is a 404.
LANG = "/<any(ar, en):lang>"

WELCOME = {
    "title": _l("Welcome"),
    "lead": _l("Learn about exosome therapy for hair loss and ask us to call you."),
    "start": _l("Start in English"),
}


@bp.get("/")
def welcome():
    """Attract screen with one large button per language."""
    return render_template("public/welcome.html", versions=in_each_language(WELCOME))


@bp.get(f"{LANG}/")
def home(lang: str):
    """Four large tiles: article, how it works, FAQ, consult request."""
    return render_template("public/home.html")


@bp.get(f"{LANG}/article")
def article(lang: str):
    """The clinic's whole article, section by section."""
    return render_template("public/article.html", sections=content.ARTICLE)


@bp.get(f"{LANG}/how-it-works")
def how_it_works(lang: str):
    """The explainer: hair cycle, then the five ways exosomes act; every step readable without JS."""
    return render_template("public/how_it_works.html", steps=content.STEPS)


@bp.get(f"{LANG}/faq")
def faq(lang: str):
    """Questions and answers grounded in the article."""
    return render_template("public/faq.html", entries=content.FAQ)
