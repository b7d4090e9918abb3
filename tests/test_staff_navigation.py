"""Staff pages and cross-site navigation (SPEC §5): the staff cookie is SameSite=Strict, and a link on another
site (or another host of the same site) to any staff page but the inbox and the sign-in never exports, never
shows a request and writes no audit entry. The browser test follows a real link from another origin."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import BROWSER_ARGS, CHROMIUM
from staffkit import add_consult, add_staff, login, pass_second_factor

from kiosk.staff import audit

FOREIGN = ("cross-site", "same-site")


def _actions(app) -> list[str]:
    with app.app_context():
        entries, _total = audit.page_of(1)
    return [entry.action for entry in entries]


@pytest.fixture
def signed_in(app, client):
    add_staff(app)
    login(client)
    return app, client


@pytest.mark.parametrize("site", FOREIGN)
def test_a_foreign_link_to_the_export_downloads_nothing_and_logs_nothing(signed_in, site):
    app, client = signed_in
    add_consult(app, name="سارة القحطاني")
    before = _actions(app)
    response = client.get("/staff/export.csv", headers={"Sec-Fetch-Site": site, "Sec-Fetch-Mode": "navigate"})
    assert response.status_code in (303, 302, 403)
    if response.status_code != 403:
        assert response.headers["Location"].endswith("/staff/")
    assert "text/csv" not in response.content_type and "attachment" not in response.headers.get(
        "Content-Disposition", "")
    assert "سارة" not in response.get_data(as_text=True)
    assert _actions(app) == before


@pytest.mark.parametrize("site", FOREIGN)
def test_a_foreign_link_to_a_request_shows_nothing_and_logs_nothing(signed_in, site):
    app, client = signed_in
    consult_id = add_consult(app, name="سارة القحطاني")
    before = _actions(app)
    for path in (f"/staff/requests/{consult_id}", "/staff/audit", "/staff/dashboard",
                 "/staff/translations/", f"/staff/export.csv?status=new&q={consult_id}"):
        response = client.get(path, headers={"Sec-Fetch-Site": site})
        assert response.status_code in (303, 302, 403), path
        assert "سارة" not in response.get_data(as_text=True), path
    assert _actions(app) == before
    assert "view_request" not in _actions(app)


@pytest.mark.parametrize("site", FOREIGN)
def test_the_inbox_and_the_sign_in_open_from_a_link(signed_in, site):
    app, client = signed_in
    assert client.get("/staff/", headers={"Sec-Fetch-Site": site}).status_code == 200
    assert app.test_client().get("/staff/login", headers={"Sec-Fetch-Site": site}).status_code == 200


@pytest.mark.parametrize("site", ("same-origin", "none"))
def test_own_pages_and_typed_addresses_still_export(signed_in, site):
    app, client = signed_in
    add_consult(app)
    response = client.get("/staff/export.csv", headers={"Sec-Fetch-Site": site})
    assert response.status_code == 200 and response.content_type.startswith("text/csv")
    assert _actions(app)[0] == "export"


def test_the_staff_cookies_are_samesite_strict(app, client):
    add_staff(app)
    response = login(client)
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("SameSite=Strict" in cookie for cookie in cookies), cookies
    language = client.get("/staff/?ui=ar").headers.getlist("Set-Cookie")
    assert language and all("SameSite=Strict" in cookie for cookie in language), language


class _Attacker(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self):  # noqa: N802 (http.server's name)
        body = f'<!doctype html><title>offer</title><a id="go" href="{self.target}">win</a>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def attacker(live_server):
    """Another origin on this machine whose page links to the staff export."""
    handler = type("Attacker", (_Attacker,), {"target": f"{live_server.url}/staff/export.csv"})
    server = ThreadingHTTPServer(("0.0.0.0", 0), handler)  # nosec: a test page, reached on loopback only
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def loopback_browser(browser):
    """Chromium as the suite starts it, but resolving localhost too: the other site of these tests."""
    args = [arg for arg in BROWSER_ARGS if not arg.startswith("--host-resolver-rules")]
    args.append("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost")
    second = browser.browser_type.launch(executable_path=CHROMIUM, args=args)
    yield second
    second.close()


# localhost is another site than 127.0.0.1; the same address on another port is the same site.
@pytest.mark.parametrize("host", ("localhost", "127.0.0.1"))
def test_a_link_on_another_origin_downloads_nothing_in_chromium(loopback_browser, live_server, attacker,
                                                                host):
    app = live_server.app
    add_staff(app, f"nav-{host}", role="reception")
    add_consult(app, name="سارة القحطاني")
    context = loopback_browser.new_context(accept_downloads=True)
    try:
        page = context.new_page()
        downloads = []
        page.on("download", lambda download: downloads.append(download))
        page.goto(f"{live_server.url}/staff/login?ui=en")
        page.fill("input[name=username]", f"nav-{host}")
        page.fill("input[name=password]", "quiet desk lamp 42")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/staff/**")
        pass_second_factor(page, app, f"nav-{host}")  # the app code (KIOSK_MFA=required)
        with page.expect_download() as typed:  # the control: this session may export, when typed
            page.evaluate("url => { window.location.href = url; }", f"{live_server.url}/staff/export.csv")
        assert typed.value.suggested_filename.endswith(".csv")
        downloads.clear()
        exports = _actions(app).count("export")
        page.goto(f"http://{host}:{attacker}/")
        page.click("#go")
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)  # a download would have started by now
        assert downloads == []
        assert page.url.startswith(f"{live_server.url}/staff/")
        assert "export.csv" not in page.url.split("?")[0]
        assert _actions(app).count("export") == exports
    finally:
        context.close()
