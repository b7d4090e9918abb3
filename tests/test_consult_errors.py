"""Form failures that never reach the form's rules: CSRF, size limit, method and language."""
import pytest
from consult_support import FormClient, stored, valid
from pages import LOCALES, PageReader


@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("token", [None, "forged", "ImFiYyI.xxxx.yyyy"])
def test_missing_or_bad_csrf_token_is_a_friendly_400_in_the_page_language(client, app, lang, token):
    form = FormClient(client, lang)
    hidden = form.open()
    if token is None:
        hidden.pop("csrf_token")
    else:
        hidden["csrf_token"] = token
    response = form.post(valid(), hidden)
    assert response.status_code == 400
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert PageReader(html).html_attrs["lang"] == lang
    assert {"en": "Please start this form again", "ar": "يُرجى تعبئة النموذج من جديد"}[lang] in html
    assert f'href="/{lang}/consult"' in html
    assert stored(app) == []


def test_an_expired_token_on_a_form_left_open_is_a_friendly_400(app_factory):
    import time

    client = app_factory(WTF_CSRF_TIME_LIMIT=1).test_client()
    form = FormClient(client)
    hidden = form.open()
    time.sleep(2.2)
    response = form.post(valid(), hidden)
    assert response.status_code == 400
    assert "Please start this form again" in response.get_data(as_text=True)


def test_a_token_without_its_session_cookie_is_refused(app):
    hidden = FormClient(app.test_client()).open()
    response = app.test_client().post("/en/consult", data={**valid(), **hidden})
    assert response.status_code == 400


@pytest.mark.parametrize("lang", LOCALES)
def test_a_body_over_the_size_limit_is_a_friendly_413(client, lang):
    form = FormClient(client, lang)
    response = form.post(valid(message="x" * 70_000))
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert {"en": "That was too much text", "ar": "النص طويل جدًا"}[lang] in html
    assert response.headers["Cache-Control"] == "no-store"


def test_other_methods_are_405(client):
    assert client.put("/en/consult").status_code == 405
    assert client.post("/en/consult/sent").status_code == 405


def test_unknown_language_is_404(client):
    assert client.get("/fr/consult").status_code == 404
