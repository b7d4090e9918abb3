"""The privacy page in each of its states (results, a bad number, a refused correction or erasure, a refused
log entry, both languages) passes the Nu Html Checker: the crawl of every staff page only GETs it."""
from checkers import VNU_JAR, java, require, vnu_errors
from privacykit import PHONE, post, seed_patient
from staffkit import add_staff, login


def test_every_state_of_the_privacy_page_passes_the_nu_html_checker(app, tmp_path):
    require(java(), "java (apt-get install default-jre-headless)")
    require(VNU_JAR, "the Nu Html Checker (vnu-jar)")
    add_staff(app)
    references = seed_patient(app)
    client = app.test_client()
    login(client)
    assert post(client, "/staff/privacy/log", {"kind": "access", "received": ""}).status_code == 303
    states = {
        "found": ("/staff/privacy", {"phone": PHONE}, 200),
        "nothing": ("/staff/privacy", {"phone": "0501112222"}, 200),
        "bad-number": ("/staff/privacy", {"phone": "123"}, 400),
        "bad-correction": ("/staff/privacy/correct", {"phone": PHONE, "reference": references[0],
                                                      "name": "R2D2", "new_phone": "0112345678"}, 400),
        "unconfirmed-erasure": ("/staff/privacy/erase", {"phone": PHONE}, 400),
        "bad-log-entry": ("/staff/privacy/log", {"kind": "access", "received": "tomorrow"}, 400),
        "erased": ("/staff/privacy/erase", {"phone": PHONE, "confirm": "yes"}, 200),
    }
    files = []
    for lang in ("en", "ar"):
        files.append(tmp_path / f"index-{lang}.html")
        files[-1].write_text(client.get(f"/staff/privacy?ui={lang}").get_data(as_text=True), encoding="utf-8")
        for name, (url, data, status) in states.items():
            if name == "erased" and lang == "en":
                continue  # erase once, on the last pass
            response = post(client, f"{url}?ui={lang}", data)
            assert response.status_code == status, (name, lang)
            files.append(tmp_path / f"{name}-{lang}.html")
            files[-1].write_text(response.get_data(as_text=True), encoding="utf-8")
    errors = vnu_errors(files)
    assert errors == [], "\n".join(f"{e.get('url', '').rsplit('/', 1)[-1]} line {e.get('lastLine')}: "
                                   f"{e['message']}" for e in errors)
