"""Translations are text (SPEC §5): no staff edit, nor a shipped catalog, adds an element or an attribute."""
from collections import Counter
from html.parser import HTMLParser

import pytest
from markupsafe import Markup
from staffkit import PASSWORD, add_consult, add_staff, csrf_token, login

from kiosk.editor import entries as editor
from kiosk.i18n import catalogs, checks, overlay, text
from kiosk.i18n.models import key_hash

HOSTILE = 'x" onfocus="alert(1)" data-x="<img/src=x onerror=alert(2)><meta http-equiv=refresh content=1>'


class _Shape(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = Counter()

    def handle_starttag(self, tag, attrs):
        self.elements[(tag, tuple(sorted(name for name, _value in attrs)))] += 1

    handle_startendtag = handle_starttag


def shape(html: str) -> Counter:
    """Every element of a page with the names of its attributes (text and attribute values ignored)."""
    parser = _Shape()
    parser.feed(html)
    parser.close()
    return parser.elements


def element(html: str, tag: str, **wanted) -> list[dict]:
    found = []

    class Finder(HTMLParser):
        def handle_starttag(self, name, attrs):
            attributes = dict(attrs)
            if name == tag and all(attributes.get(k) == v for k, v in wanted.items()):
                found.append(attributes)

    Finder().feed(html)
    return found


def stage(app, key: str, value) -> None:
    with app.app_context():
        snapshot = app.extensions["kiosk_catalogs"].snapshot()
        row = snapshot.entries.get("ar", {}).get(key)
        overlay.save("ar", key, value, key, "mona", row.row_version if row else 0)


@pytest.fixture
def live_app(app_factory):
    return app_factory(CATALOG_CHECK_SECONDS=0)


def test_a_quote_in_an_attribute_translation_cannot_break_out(live_app, client):
    stage(live_app, "Main sections", 'الأقسام" onfocus="alert(1)" autofocus data-x="')
    html = live_app.test_client().get("/ar/").get_data(as_text=True)
    navs = element(html, "nav")
    assert navs and all("onfocus" not in nav and "autofocus" not in nav for nav in navs)
    assert {nav.get("aria-label") for nav in navs} >= {'الأقسام" onfocus="alert(1)" autofocus data-x="'}


def test_a_tag_in_a_translation_is_shown_as_text(live_app):
    stage(live_app, "Home", '<img/src=x onerror=alert(1)>الرئيسية<meta http-equiv="refresh" content="1">')
    html = live_app.test_client().get("/ar/").get_data(as_text=True)
    assert element(html, "img") == [] and element(html, "meta", **{"http-equiv": "refresh"}) == []
    assert "&lt;img/src=x onerror=alert(1)&gt;الرئيسية" in html


def test_the_staff_sign_in_page_escapes_its_translations(live_app):
    stage(live_app, "Staff sign-in", 'دخول<meta http-equiv="refresh" content="1;url=https://evil.example/">')
    html = live_app.test_client().get("/staff/login?ui=ar").get_data(as_text=True)
    assert element(html, "meta", **{"http-equiv": "refresh"}) == []
    assert "دخول&lt;meta" in html


def test_lazy_strings_are_escaped_wherever_they_are_rendered(live_app):
    stage(live_app, "Your name", '<b onclick="x()">الاسم</b>')  # a lazy form label on the consult form
    html = live_app.test_client().get("/ar/consult").get_data(as_text=True)
    assert element(html, "b") == [] and "&lt;b onclick=&#34;x()&#34;&gt;الاسم&lt;/b&gt;" in html


@pytest.mark.parametrize("translation", ["<img/src=x>الرئيسية", "<meta http-equiv=refresh content=1>",
                                         "<!-- x -->الرئيسية", "الرئيسية<b"])
def test_the_editor_check_refuses_any_markup_the_source_lacks(translation):
    assert [p.code for p in checks.translation_errors("Home", translation)] == ["tags"]


def test_declared_markup_keeps_exactly_the_sources_tags_and_attributes():
    source = 'Read <a href="/ar/faq" class="link">the FAQ</a> first'
    declared = frozenset({source})
    assert text.as_html(source, 'اقرأ <a class="link" href="/ar/faq">الأسئلة</a> أولًا', declared) == Markup(
        'اقرأ <a class="link" href="/ar/faq">الأسئلة</a> أولًا')
    for changed in ('اقرأ <a href="https://evil.example/" class="link">الأسئلة</a>',
                    'اقرأ <a href="/ar/faq" class="link" onclick="x()">الأسئلة</a>',
                    'اقرأ <a href="/ar/faq" class="link">الأسئلة</a><img src=x>'):
        assert "<a" not in text.as_html(source, changed, declared)
        assert [p.code for p in checks.translation_errors(source, changed)] == ["tags"]
    assert "<a" not in text.as_html(source, 'اقرأ <a href="/ar/faq" class="link">الأسئلة</a>')  # undeclared


def test_declared_markup_writes_a_bare_attribute_as_empty():
    source = "Tap <b hidden>here</b>"
    kept = text.as_html(source, "المس <b hidden>هنا</b>", frozenset({source}))
    assert kept == Markup('المس <b hidden="">هنا</b>')


def _hostile(msgid, nplurals: int, filler: str):
    """A value that passes the placeholder check (so formatting works) and carries `filler` around it."""
    if isinstance(msgid, tuple):
        return tuple(f"{filler} {' '.join(checks.placeholders(checks.source_of_form(msgid, i, nplurals)))}"
                     for i in range(nplurals))
    return f"{filler} {' '.join(checks.placeholders(msgid).elements())}"


def test_no_module_takes_flask_babels_lazy_strings():
    """Flask-Babel's LazyString renders raw in templates: every module takes kiosk.i18n.text's instead."""
    import ast
    from pathlib import Path

    root = Path(text.__file__).resolve().parent.parent
    offenders = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel" and path.name != "text.py":
                offenders += [f"{path.relative_to(root)}: {alias.name}" for alias in node.names
                              if alias.name.startswith("lazy_")]
    assert offenders == []


def _urls(app, consult_id: int, digests: list[str]) -> list[tuple[str, bool]]:
    """(url, needs staff sign-in) for every GET page of the URL map, in both languages."""
    # files, JSON, CSV and the service worker's script: no translated HTML
    skip = {"static", "health.healthz", "staff.export_csv", "speculation.rules", "offline.worker"}
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in skip:
            continue
        staff = rule.rule.startswith("/staff")
        for lang in ("en", "ar"):
            values = {}
            for argument in rule.arguments:
                if argument == "lang":
                    values["lang"] = lang
                elif argument == "consult_id":
                    values["consult_id"] = consult_id
                elif argument == "digest":
                    values["digest"] = digests
                else:
                    pytest.fail(f"the sweep does not know how to fill <{argument}> of {rule.rule}")
            with app.test_request_context():
                from flask import url_for

                choices = values.pop("digest", [None])
                for choice in choices:
                    extra = {"digest": choice} if choice else {}
                    url = url_for(rule.endpoint, **values, **extra)
                    signed_in = staff and rule.endpoint != "staff.login"
                    found.append((url + (f"?ui={lang}" if staff else ""), signed_in))
    return found


SECOND_FACTOR_STEPS = ("/staff/login/code", "/staff/account/setup", "/staff/account/recovery-codes")


def _at_step(app, staff, url: str):
    """A client whose session is at this step of the second factor (a page a full session never sees)."""
    from kiosk.staff import accounts

    if url.startswith("/staff/account/recovery-codes"):  # new codes, shown once to the signed-in alice
        staff.post("/staff/account/recovery-codes/new", data={"csrf_token": csrf_token(staff, "/staff/")})
        return staff
    name = "alice" if url.startswith("/staff/login/code") else "nour"  # nour never sets a factor up
    with app.app_context():
        if name not in {user for user, _ in accounts.list_users()}:
            accounts.add_user(name, PASSWORD, "admin")
    client = app.test_client()
    client.post("/staff/login", data={"csrf_token": csrf_token(client), "username": name,
                                      "password": PASSWORD})
    return client


def _render_all(app, urls) -> dict[str, str]:
    staff = app.test_client()
    assert login(staff).status_code == 303
    anonymous = app.test_client()
    pages = {}
    for url, signed_in in urls:
        client = _at_step(app, staff, url) if url.startswith(SECOND_FACTOR_STEPS) else staff
        response = (client if signed_in else anonymous).get(url)
        if response.status_code in (302, 303) and not signed_in:
            continue  # a kiosk page that needs a step first (the confirmation): nothing rendered
        assert response.status_code == 200, url
        if response.mimetype != "text/html":
            continue  # JSON (the live inbox's poll): its scripts put the values in as text, never as markup
        pages[url] = response.get_data(as_text=True)
    for lang in ("en", "ar"):
        pages[f"/{lang}/nowhere (404)"] = anonymous.get(f"/{lang}/nowhere").get_data(as_text=True)
        bad = anonymous.post(f"/{lang}/consult", data={"name": "1", "phone": "1"})
        pages[f"POST /{lang}/consult (400)"] = bad.get_data(as_text=True)
        failed = app.test_client().post(f"/staff/login?ui={lang}", data={"username": "x", "password": "y"})
        pages[f"POST /staff/login?ui={lang} (401)"] = failed.get_data(as_text=True)
    return pages


def _site_with_every_text_as(app, filler: str) -> dict[str, str]:
    """Give every msgid a staff value made of `filler` (one save each), then render every page."""
    add_staff(app)
    consult_id = add_consult(app)
    catalogs_ = app.extensions["kiosk_catalogs"]
    catalog = catalogs_.shipped()["ar"]
    with app.app_context():
        for message in catalog:
            if message.id:
                key = catalogs.message_key(message.id, message.context)
                overlay.save("ar", key, _hostile(message.id, catalog.num_plurals, filler), key, "mona", 0)
        found = editor.entries(catalogs_, "ar")
    digests = [key_hash("ar", found[0].key), key_hash("ar", next(e for e in found if e.plural).key)]
    return _render_all(app, _urls(app, consult_id, digests))


def test_every_translation_through_a_hostile_value_adds_nothing_to_any_page(app_factory, tmp_path):
    """Every msgid gets a harmless staff value on one site and a hostile one on another (each its own
    database, so their histories match): no page of the second may gain an element or an attribute."""
    normal = _site_with_every_text_as(app_factory(CATALOG_CHECK_SECONDS=0), "نص")
    hostile = _site_with_every_text_as(app_factory(
        CATALOG_CHECK_SECONDS=0, DATABASE_URL=f"sqlite:///{tmp_path / 'hostile.sqlite3'}"), HOSTILE)
    assert len(normal) > 30 and normal.keys() == hostile.keys()
    gained = {url: shape(hostile[url]) - shape(normal[url]) for url in normal}
    assert {url: dict(extra) for url, extra in gained.items() if extra} == {}
    assert any("onfocus=&#34;alert(1)&#34;" in html for html in hostile.values())  # the value was shown
