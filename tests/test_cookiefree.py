"""SPEC §4: patients carry no cookie. No response outside /staff sets one; the confirmation reads its
reference from its URL; every served form has its own submission_id, cached page or not."""
import gzip
import re

import pytest
from consult_support import SUBMISSION, FormClient, stored, valid
from pages import CONTENT_PATHS, LOCALES, PageReader


class CookieWatch:
    """Wraps a test client: every response it gets is checked for Set-Cookie."""

    def __init__(self, client):
        self.client = client
        self.seen: list[str] = []

    def open(self, url, method="GET", **kwargs):
        response = self.client.open(url, method=method, **kwargs)
        self.seen.append(f"{method} {url} {response.status_code}")
        assert "Set-Cookie" not in response.headers, (method, url, response.headers.get("Set-Cookie"))
        return response


def public_urls(app, client) -> list[str]:
    urls = ["/", "/healthz", "/nope", "/fr/", "/en/missing"]
    urls += [f"/{lang}{path}" for lang in LOCALES for path in CONTENT_PATHS]
    html = client.get("/en/faq").get_data(as_text=True)
    urls += sorted(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))  # stylesheets, scripts, fonts
    return urls


def test_no_public_page_sets_a_cookie(app, client):
    watch = CookieWatch(client)
    for url in public_urls(app, client):
        for encoding in ("gzip", "identity"):
            watch.open(url, headers={"Accept-Encoding": encoding})
    watch.open("/usage", "POST", data={"event": "idle_reset", "lang": "ar"})
    assert len(watch.seen) > 20


@pytest.mark.parametrize("lang", LOCALES)
def test_the_whole_consult_flow_sets_no_cookie(app, client, lang):
    watch = CookieWatch(client)
    url = f"/{lang}/consult"

    def form_ids():
        return {"submission_id": SUBMISSION.search(watch.open(url).get_data(as_text=True)).group(1)}

    assert watch.open(url, "POST", data={**valid(phone="123"), **form_ids()}).status_code == 400
    assert watch.open(url, "POST", data={**valid(), "submission_id": "bad"}).status_code == 400
    assert watch.open(url, "POST", data={**valid(message="x" * 70_000), **form_ids()}).status_code == 413
    assert watch.open(url, "POST", data={**valid(), **form_ids()},
                      headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    hidden = form_ids()
    sent = watch.open(url, "POST", data={**valid(), **hidden})
    assert sent.status_code == 303
    again = watch.open(url, "POST", data={**valid(), **hidden})
    assert again.headers["Location"] == sent.headers["Location"]
    assert watch.open(sent.headers["Location"]).status_code == 200
    assert watch.open(f"/{lang}/consult/sent").status_code == 303
    assert watch.open(f"/{lang}/consult/sent?ref=nothing").status_code == 303
    assert len(stored(app)) == 1


@pytest.mark.parametrize("lang", LOCALES)
def test_the_confirmation_reads_its_reference_from_its_url(app, client, lang):
    response = FormClient(client, lang).submit()
    [record] = stored(app)
    location = response.headers["Location"]
    assert location.startswith(f"/{lang}/consult/sent") and record.reference in location
    # Another screen (another client, no shared state at all) opening the URL sees the same page.
    html = app.test_client().get(location).get_data(as_text=True)
    assert re.search(rf'<p class="reference" dir="ltr"[^>]*>{record.reference}</p>', html)
    assert PageReader(html).html_attrs["lang"] == lang


@pytest.mark.parametrize("ref", ["", "x", "K7Q-M4", "<b>K7Q-M4X</b>", "k7q-m4x\n", "K7Q-M4X" * 50])
def test_a_confirmation_url_without_a_good_reference_goes_back_to_the_form(client, ref):
    response = client.get("/en/consult/sent", query_string={"ref": ref})
    assert response.status_code == 303 and response.headers["Location"].endswith("/en/consult")


@pytest.mark.parametrize("encoding", ["gzip, deflate, br", "identity"])
def test_two_fetches_of_the_cached_form_never_share_a_submission_id(client, encoding):
    ids = set()
    bodies = []
    for _ in range(6):
        for lang in LOCALES:
            response = client.get(f"/{lang}/consult", headers={"Accept-Encoding": encoding})
            assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
            body = response.get_data()
            if response.headers.get("Content-Encoding") == "gzip":
                assert encoding.startswith("gzip")
                body = gzip.decompress(body)  # also checks the stream's CRC and length
            html = body.decode()
            ids.add(SUBMISSION.search(html).group(1))
            bodies.append(html.replace(SUBMISSION.search(html).group(1), "ID"))
    assert len(ids) == 12
    assert len(set(bodies)) == 2  # otherwise identical: one page per language
    assert "csrf_token" not in bodies[0]


def test_the_gzipped_form_is_what_the_plain_form_is(client):
    plain = client.get("/ar/consult", headers={"Accept-Encoding": "identity"}).get_data(as_text=True)
    zipped = client.get("/ar/consult", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.vary
    assert int(zipped.headers["Content-Length"]) == len(zipped.get_data()) < len(plain.encode()) / 2
    unzipped = gzip.decompress(zipped.get_data()).decode()
    assert SUBMISSION.sub("", unzipped) == SUBMISSION.sub("", plain)


def test_a_double_post_with_one_id_from_the_cached_form_is_one_record_and_one_confirmation(client, app):
    form = FormClient(client)
    hidden = form.open()
    first, second = form.post(valid(), hidden), form.post(valid(name="Sara Again"), hidden)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert [record.name for record in stored(app)] == ["Sara Al-Qahtani"]
    # a form fetched afterwards from the same cache carries another id: the next patient is not a "duplicate"
    assert form.open()["submission_id"] != hidden["submission_id"]
    assert form.submit().status_code == 303 and len(stored(app)) == 2



def test_the_staff_session_cookie_never_travels_to_patient_pages(app):
    """The staff desk's browser keeps its session for /staff only: kiosk pages never receive it."""
    from staffkit import add_staff, login

    add_staff(app)
    client = app.test_client()
    response = login(client)
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Path=/staff" in cookie for cookie in cookies), cookies
    assert client.get_cookie("session", path="/staff") is not None
