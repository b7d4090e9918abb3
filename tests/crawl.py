"""Find the app's pages by following its own links and forms, so the independent checkers see every page
and state (a page added later, a form that changes shape) without a list to keep up to date."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from consult_support import valid

FORM_HEADERS = {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"}
CROSS_SITE_HEADERS = {"Sec-Fetch-Site": "cross-site", "Origin": "https://elsewhere.example"}


@dataclass
class Form:
    method: str
    action: str
    hidden: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)


class Reader(HTMLParser):
    """The same-origin links and the forms of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "a" and attrs.get("href", "").startswith("/") and not attrs["href"].startswith("//"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(attrs.get("method", "get").lower(), attrs.get("action", ""))
            self.forms.append(self._form)
        elif tag in ("input", "textarea", "select", "button") and self._form and attrs.get("name"):
            if attrs.get("type") == "hidden":
                self._form.hidden[attrs["name"]] = attrs.get("value", "")
            else:
                self._form.names.append(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


@dataclass
class Page:
    name: str
    url: str
    status: int
    html: str


def _key(url: str) -> str:
    """Pages of one shape are checked once: ids and digests in the path and query values do not count."""
    parts = urlsplit(url)
    path = re.sub(r"/[0-9a-f]{8,}(?=/|$)", "/<hex>", parts.path)
    path = re.sub(r"/\d+(?=/|$)", "/<n>", path)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return path + ("?" + "&".join(keys) if keys else "")


class Crawler:
    """Follows links from start pages through a Flask test client, keeping every HTML page it reaches."""

    def __init__(self, client, label: str):
        self.client = client
        self.label = label
        self.pages: list[Page] = []
        self.seen: set[str] = set()

    def keep(self, name: str, response) -> Page | None:
        if not response.mimetype == "text/html":
            return None
        page = Page(f"{self.label} {name}", response.request.url, response.status_code,
                    response.get_data(as_text=True))
        self.pages.append(page)
        return page

    def crawl(self, starts: list[str], allowed, limit: int = 200) -> None:
        queue = list(starts)
        while queue and len(self.seen) < limit:
            url = queue.pop(0)
            if _key(url) in self.seen or not allowed(url):
                continue
            self.seen.add(_key(url))
            response = self.client.get(url, follow_redirects=True)
            self.seen.add(_key(response.request.full_path.rstrip("?")))
            page = self.keep(url, response)
            if page is not None:
                queue.extend(Reader(page.html).links)

    def submit(self, page: Page, form: Form, name: str, fields: dict, headers: dict, keep_hidden=True):
        """Post a form as a browser on the kiosk would, and keep the page it ends on."""
        data = {**(form.hidden if keep_hidden else {}), **fields}
        action = form.action or urlsplit(page.url).path
        response = self.client.post(action, data=urlencode(data), headers=headers, follow_redirects=True,
                                    content_type="application/x-www-form-urlencoded")
        return self.keep(f"{name}, answered by {response.request.path}", response)


def _second_factor(crawler: Crawler, page: Page, username: str) -> None:
    """Set up the authenticator app from the set-up page's own otpauth URI (wrong code first), or type a
    code on the code step, as staff would (KIOSK_MFA=required)."""
    import pyotp
    from staffkit import fresh_code

    def code_form(at: Page) -> Form:
        return next(form for form in post_forms(at) if "code" in form.names)

    if "/staff/account/setup" in page.url:
        uri = re.search(r"otpauth://totp/[^<\"]+", page.html).group(0).replace("&amp;", "&")
        crawler.submit(page, code_form(page), "set-up code wrong", {"code": "000000"}, FORM_HEADERS)
        crawler.submit(page, code_form(page), "set-up done, recovery codes",
                       {"code": pyotp.parse_uri(uri).now()}, FORM_HEADERS)
    elif "/staff/login/code" in page.url:
        crawler.submit(page, code_form(page), "code wrong", {"code": "000000"}, FORM_HEADERS)
        crawler.submit(page, code_form(page), "code right",
                       {"code": fresh_code(crawler.client.application, username)}, FORM_HEADERS)


def post_forms(page: Page) -> list[Form]:
    return [form for form in Reader(page.html).forms if form.method == "post"]


def kiosk_pages(client) -> list[Page]:
    """Every patient page in both languages, and each form blank, with errors, refused and sent."""
    crawler = Crawler(client, "kiosk")
    # /offline is linked from nowhere: the service worker shows it in place of a page it cannot get.
    crawler.crawl(["/", "/offline"], lambda url: not url.startswith(("/staff", "/static")))
    for page in list(crawler.pages):
        for form in post_forms(page):
            origin = urlsplit(page.url).path
            crawler.submit(page, form, f"{origin} sent blank", {}, FORM_HEADERS)
            crawler.submit(page, form, f"{origin} sent from another site", valid(), CROSS_SITE_HEADERS,
                           keep_hidden=False)
            crawler.submit(page, form, f"{origin} sent filled in", valid(), FORM_HEADERS)
    for url in ("/xx/", "/en/no-such-page"):
        crawler.keep(f"not found {url}", client.get(url))
    return crawler.pages


def staff_pages(client, username: str, password: str, lang: str) -> list[Page]:
    """The staff sign-in (blank, failed), the second factor's set-up (or code step) and every staff page a
    signed-in staff member can reach."""
    crawler = Crawler(client, f"staff {lang}")
    login = crawler.keep("sign-in", client.get(f"/staff/login?ui={lang}"))
    form = post_forms(login)[0]
    crawler.submit(login, form, "sign-in failed", {"username": username, "password": "wrong"}, FORM_HEADERS)
    signed = crawler.submit(login, form, "signed in", {"username": username, "password": password},
                            FORM_HEADERS)
    _second_factor(crawler, signed, username)
    # The language is kept in a cookie from here on; the switch's links (?ui=) would cross to the other.
    crawler.crawl(["/staff/"], lambda url: url.startswith("/staff") and "ui=" not in url
                  and "logout" not in url)
    return crawler.pages
