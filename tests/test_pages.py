"""Every public page in both languages: status, lang/dir, language switch, home link; 404s; healthz."""
from pathlib import Path

import pytest
from pages import CONTENT_PATHS, LOCALES, PageReader

DIRECTION = {"en": "ltr", "ar": "rtl"}
OTHER = {"en": "ar", "ar": "en"}


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("path", CONTENT_PATHS)
def test_page_has_language_direction_switch_and_home(client, lang, path):
    response = client.get(f"/{lang}{path}")
    assert response.status_code == 200
    page = PageReader(response.get_data(as_text=True))
    assert page.html_attrs["lang"] == lang
    assert page.html_attrs["dir"] == DIRECTION[lang]
    assert f"/{OTHER[lang]}{path}" in page.hrefs(), "language switch opens the same page"
    assert f"/{lang}/" in page.hrefs(), "home button"


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("path", CONTENT_PATHS[1:])
def test_content_pages_carry_the_medical_notice(client, lang, path):
    notice = {"en": "not medical advice", "ar": "ليست نصيحة طبية"}[lang]
    assert notice in client.get(f"/{lang}{path}").get_data(as_text=True)


def test_welcome_offers_both_languages(client):
    page = PageReader(client.get("/").get_data(as_text=True))
    assert {"/en/", "/ar/"} <= page.hrefs()
    assert "Start in English" in page.texts and "البدء بالعربية" in page.texts


def test_article_is_served_whole_in_english(client):
    """Every line of the clinic's article (a copy of the seed text) appears on the page, word for word."""
    html = client.get("/en/article").get_data(as_text=True).replace("&#39;", "'")
    article = Path(__file__).parent / "data" / "article.txt"
    for line in article.read_text(encoding="utf-8").splitlines():
        line = line.strip().lstrip("0123456789. ")
        if len(line) > 1:
            assert line in html, line


def test_arabic_pages_are_arabic(client):
    html = client.get("/ar/article").get_data(as_text=True)
    assert "مرحلة النمو" in html and "الإكسوسومات" in html
    assert "Exosomes are tiny" not in html


@pytest.mark.parametrize("url", ["/fr/", "/de/article", "/en/nope", "/ar/nope", "/nope", "/EN/"])
def test_unknown_locale_or_path_is_a_bilingual_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = response.get_data(as_text=True)
    assert "Page not found" in text and "الصفحة غير موجودة" in text
    assert {"/en/", "/ar/"} <= PageReader(text).hrefs()


def test_healthz_answers_ok_with_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_schema_is_missing(instance):
    from kiosk import create_app

    app = create_app({"TESTING": True})  # migrations never applied
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"
