"""The editor at /staff/translations over HTTP, CSRF on: list, filters, edit, checks, conflicts, revert."""
import re

import pytest
from staffkit import second_step

from kiosk.i18n import catalogs, overlay
from kiosk.i18n.models import key_hash

PASSWORD = "a long enough passphrase 42"
PLURAL_KEY = catalogs.message_key(("Step %(num)d of %(total)d", "Step %(num)d of %(total)d"))


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def staff_app(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True, CATALOG_CHECK_SECONDS=0)
    from kiosk.staff import accounts

    with app.app_context():
        accounts.add_user("mona", PASSWORD, "admin")
        accounts.add_user("sami", PASSWORD, "admin")
    return app


def sign_in(app, name="mona"):
    client = app.test_client()
    page = client.get("/staff/login").get_data(as_text=True)
    response = client.post("/staff/login", data={"username": name, "password": PASSWORD,
                                                 "csrf_token": token(page)})
    response = second_step(client, response, name)  # the app code (KIOSK_MFA=required)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


def url(key: str) -> str:
    return f"/staff/translations/{key_hash('ar', key)}"


def post_edit(client, key: str, **fields):
    page = client.get(url(key)).get_data(as_text=True)
    version = re.search(r'name="row_version" value="(\d+)"', page).group(1)
    return client.post(url(key), data={"csrf_token": token(page), "row_version": version, **fields})


def test_the_editor_needs_a_sign_in(staff_app):
    client = staff_app.test_client()
    for path in ("/staff/translations/", url("Home"), "/staff/translations/history"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.location
    assert client.post(url("Home"), data={"msgstr": "x"}).status_code in (302, 303, 400)


def test_the_list_shows_source_arabic_location_and_progress(staff_app):
    client = sign_in(staff_app)
    response = client.get("/staff/translations/?ui=en&q=home")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Home" in html and "الرئيسية" in html and "base.html" in html
    assert re.search(r"\d+ of \d+ texts are translated", html)
    assert 'href="/staff/translations/?filter=untranslated&amp;q=home"' in html


@pytest.mark.parametrize(("query", "expected"), [("article", "Article"), ("الْمَقَالُ", "Article"),
                                                 ("الرئيسيه", "Home")])
def test_search_works_in_either_language_ignoring_arabic_marks(staff_app, query, expected):
    html = sign_in(staff_app).get("/staff/translations/", query_string={"q": query}).get_data(as_text=True)
    assert f">{expected}<" in html


def test_filters_show_edited_entries(staff_app):
    client = sign_in(staff_app)
    assert post_edit(client, "Home", msgstr="البداية").status_code == 303
    html = client.get("/staff/translations/?filter=edited").get_data(as_text=True)
    assert "البداية" in html and ">Article<" not in html


def test_plural_forms_are_labelled_in_the_catalogs_own_order(staff_app):
    html = sign_in(staff_app).get(url(PLURAL_KEY) + "?ui=en").get_data(as_text=True)
    labels = re.findall(r'<code dir="ltr">(\w+)</code>\s*<span class="tr-example">for example (\d+)', html)
    assert labels == [("zero", "0"), ("one", "1"), ("two", "2"), ("few", "3"), ("other", "100"),
                      ("many", "11")]


def test_a_broken_placeholder_is_blocked_and_explained_in_arabic(staff_app):
    client = sign_in(staff_app)
    forms = {f"form-{i}": "الخطوة %(num)d من %(total)d" for i in range(6)}
    forms["form-3"] = "الخطوة %(num)d من %(totl)d"
    response = post_edit(client, PLURAL_KEY, **forms)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "أبقِ العناصر المتغيرة كما هي" in html and "%(total)d" in html and "لم يُحفظ شيء" in html
    assert "%(totl)d" in html  # the staff member's text is kept in the form
    with staff_app.app_context(), staff_app.extensions["kiosk_db"].reader() as session:
        assert overlay.history(session, "ar") == []


def test_warnings_need_a_tick_then_save(staff_app):
    client = sign_in(staff_app)
    response = post_edit(client, "Home", msgstr="الرئيسية Home")
    assert response.status_code == 400 and "accept_warnings" in response.get_data(as_text=True)
    response = post_edit(client, "Home", msgstr="الرئيسية Home", accept_warnings="1")
    assert response.status_code == 303
    assert "تم الحفظ" in client.get(response.location).get_data(as_text=True)
    assert "الرئيسية Home" in staff_app.test_client().get("/ar/").get_data(as_text=True)


def test_a_save_over_someone_elses_is_refused_plainly(staff_app):
    mona, sami = sign_in(staff_app, "mona"), sign_in(staff_app, "sami")
    mona_page = mona.get(url("Home") + "?ui=en").get_data(as_text=True)
    assert post_edit(sami, "Home", msgstr="نص سامي").status_code == 303
    response = mona.post(url("Home"), data={"csrf_token": token(mona_page), "row_version": "0",
                                            "msgstr": "نص منى"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this text" in html and "نص سامي" in html and "نص منى" in html
    assert post_edit(mona, "Home", msgstr="نص منى").status_code == 303  # now made against sami's text


def test_history_and_one_click_revert(staff_app):
    client = sign_in(staff_app)
    post_edit(client, "Home", msgstr="البداية")
    html = client.get("/staff/translations/history").get_data(as_text=True)
    assert "mona" in html and "البداية" in html
    change_id = re.search(r'/staff/translations/history/(\d+)/revert', html).group(1)
    response = client.post(f"/staff/translations/history/{change_id}/revert",
                           data={"csrf_token": token(html)})
    assert response.status_code == 303
    assert ">الرئيسية<" in staff_app.test_client().get("/ar/").get_data(as_text=True).replace(
        "<span>", ">").replace("</span>", "<")
    missing_token = client.post(f"/staff/translations/history/{change_id}/revert")
    assert missing_token.status_code == 400


def test_an_unknown_entry_is_a_404(staff_app):
    assert sign_in(staff_app).get("/staff/translations/" + "0" * 64).status_code == 404


def batch_form(html: str) -> dict:
    """The page-of-texts form as the browser would send it, unchanged."""
    fields = dict(re.findall(r'<input type="hidden" name="((?:shown|version)-\w+)" value="([^"]*)"', html))
    for name, text in re.findall(r'<textarea id="[^"]+" name="(msgstr-\w+)"[^>]*>([^<]*)</textarea>', html):
        fields[name] = text.replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&")
    fields["csrf_token"] = token(html)
    return fields


def test_a_page_of_texts_saves_the_good_and_holds_the_broken(staff_app):
    client = sign_in(staff_app)
    path = "/staff/translations/page?q=password"
    html = client.get(path).get_data(as_text=True)
    form = batch_form(html)
    at_least, at_most = (f"msgstr-{key_hash('ar', f'The password {rule} %(count)d characters.')}"
                         for rule in ("needs at least", "can have at most"))
    form[at_least] = "كلمة المرور تحتاج إلى %(count)d حرفًا على الأقل."
    form[at_most] = "كلمة المرور لا تتجاوز %(cnt)d حرفًا."
    response = client.post(path, data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "لم تُحفظ بعض النصوص" in html and "%(cnt)d" in html and "حُفظ نص واحد" in html
    with staff_app.app_context(), staff_app.extensions["kiosk_db"].reader() as session:
        assert [overlay.load_value(c.new) for c in overlay.history(session, "ar")] == [form[at_least]]
    form = batch_form(html)
    form[at_most] = "كلمة المرور لا تتجاوز %(count)d حرفًا."
    response = client.post(path, data=form)
    assert response.status_code == 303  # the unchanged, already saved text is not saved a second time
    with staff_app.app_context(), staff_app.extensions["kiosk_db"].reader() as session:
        assert len(overlay.history(session, "ar")) == 2


def test_an_untouched_page_never_undoes_someone_elses_save(staff_app):
    mona, sami = sign_in(staff_app, "mona"), sign_in(staff_app, "sami")
    form = batch_form(mona.get("/staff/translations/page?q=home").get_data(as_text=True))
    assert post_edit(sami, "Home", msgstr="نص سامي").status_code == 303
    assert mona.post("/staff/translations/page?q=home", data=form).status_code == 303
    assert "نص سامي" in staff_app.test_client().get("/ar/").get_data(as_text=True)


def test_a_database_that_does_not_answer_is_a_calm_message_not_a_500(staff_app):
    from sqlalchemy import text

    client = sign_in(staff_app)
    page = client.get(url("Home")).get_data(as_text=True)
    with staff_app.extensions["kiosk_db"].engine.begin() as connection:
        connection.execute(text("DROP TABLE translation_overlay"))  # as good as a database gone away
    response = client.post(url("Home"), data={"csrf_token": token(page), "row_version": "0",
                                              "msgstr": "البداية"})
    assert response.status_code == 503 and "لم تستجب قاعدة البيانات" in response.get_data(as_text=True)


def test_a_masculine_imperative_for_patients_is_a_warning_in_the_editor(staff_app):
    """The register rule of `kiosk i18n check` (kiosk/i18n/register.py) holds a staff save too."""
    client = sign_in(staff_app)
    response = post_edit(client, "Touch your language to begin", msgstr="اختر لغتك للبدء")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "accept_warnings" in html
    assert "addresses a man only" in html or "يخاطب المذكر وحده" in html
    assert "<bdi>اختر</bdi>" in html
    # A staff page's text may say «ابحث»: staff are addressed as colleagues.
    response = post_edit(client, "Search in English or Arabic", msgstr="ابحث بالعربية أو الإنجليزية")
    assert response.status_code == 303
