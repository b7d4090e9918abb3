"""Form failures that never reach the form's rules: size limit, method and language (cross-site posts:
test_crossorigin.py)."""
import pytest
from consult_support import FormClient, valid
from pages import LOCALES


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
