"""The Nu Html Checker (vnu) finds no error on any page in any state, kiosk and staff, in both languages."""
import inspect
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from checkers import VNU_JAR, java, require, vnu_errors
from crawl import kiosk_pages, staff_pages
from pages import LOCALES
from staffkit import PASSWORD

from kiosk.staff import accounts


def add_admin(app, name: str) -> None:
    # An admin reaches every staff page; accounts without roles (before roles existed) reach them all too.
    role = {"role": "admin"} if "role" in inspect.signature(accounts.add_user).parameters else {}
    with app.app_context():
        accounts.add_user(name, PASSWORD, **role)


def test_every_page_and_state_passes_the_nu_html_checker(app, artifacts):
    require(java(), "java (apt-get install default-jre-headless)")
    require(VNU_JAR, "the Nu Html Checker (vnu-jar)")
    pages = kiosk_pages(app.test_client())
    for lang in LOCALES:
        add_admin(app, f"checker-{lang}")
        pages += staff_pages(app.test_client(), f"checker-{lang}", PASSWORD, lang)

    folder = artifacts / "vnu"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.html"):
        old.unlink()
    files = {}
    for number, page in enumerate(pages):
        path = folder / f"{number:03d}-{re.sub(r'[^a-z0-9]+', '-', page.name.lower()).strip('-')[:80]}.html"
        path.write_text(page.html, encoding="utf-8")
        files[path.resolve()] = page
    statuses = {page.status for page in pages}
    names = "\n".join(f"{page.status} {page.name}" for page in pages)
    # The crawl reached the states it is meant to check (a broken crawl would pass with nothing to check).
    assert {200, 400, 404} <= statuses, names
    for lang in LOCALES:
        assert any(f"/{lang}/consult/sent" in page.url for page in pages), names
        assert any(page.name.startswith(f"staff {lang}") and "/staff/requests/" in page.url
                   for page in pages), names

    errors = vnu_errors(list(files))
    report = [f"{_page_name(files, error)} (line {error.get('lastLine')}): {error['message']}"
              f"\n    {error.get('extract', '').strip()}" for error in errors]
    assert not report, f"{len(report)} errors from the Nu Html Checker:\n" + "\n".join(report)


def _page_name(files: dict, error: dict) -> str:
    path = Path(unquote(urlsplit(error.get("url", "")).path))
    page = files.get(path)
    return f"{page.status} {page.name} [{path.name}]" if page else str(path)
