"""Take it home (SPEC §3): QR codes of the public site's pages and of the clinic's contact, read back from a
Chromium screenshot by an independent decoder (zbar), sized for a phone at arm's length; none without the
variables."""
import re
import subprocess

import pytest
from kiosk_checks import axe_violations
from pages import LOCALES
from test_consult_browser import send_a_request

from kiosk import config

PUBLIC = "https://clinic.example"
PHONE = "+966 11 234 5678"
PAGES = ("article", "how-it-works", "faq")


@pytest.mark.parametrize(("variable", "value"), [
    ("KIOSK_PUBLIC_URL", "clinic.example"), ("KIOSK_PUBLIC_URL", "ftp://clinic.example"),
    ("KIOSK_PUBLIC_URL", "https://clinic.example/?x=1"), ("KIOSK_PUBLIC_URL", "https://"),
    ("KIOSK_PUBLIC_URL", "https://user@clinic.example"), ("KIOSK_CLINIC_PHONE", "call us"),
    ("KIOSK_CLINIC_PHONE", "123"), ("KIOSK_CLINIC_PHONE", "+966 11 234 5678 ext. 2"),
    ("KIOSK_CLINIC_PHONE", "1" * 16),
])
def test_a_bad_value_names_its_variable(variable, value):
    with pytest.raises(config.ConfigError, match=variable):
        config.from_environment({variable: value})


def test_good_values_are_kept_as_patients_read_them():
    parsed = config.from_environment({"KIOSK_PUBLIC_URL": " https://clinic.example/ ",
                                      "KIOSK_CLINIC_PHONE": " +966 11 234-5678 "})
    assert parsed["PUBLIC_URL"] == "https://clinic.example" and parsed["CLINIC_PHONE"] == "+966 11 234-5678"


@pytest.mark.parametrize("lang", LOCALES)
def test_without_the_variables_no_page_has_a_code(client, lang):
    for page in (*PAGES, "consult/sent?ref=K4M-7QX"):
        assert 'class="qr"' not in client.get(f"/{lang}/{page}").get_data(as_text=True)


@pytest.mark.parametrize("lang", LOCALES)
def test_the_codes_are_inline_svg_without_script_or_style(app_factory, lang):
    client = app_factory(PUBLIC_URL=PUBLIC, CLINIC_PHONE=PHONE).test_client()
    for page in (*PAGES, "consult/sent?ref=K4M-7QX"):
        html = client.get(f"/{lang}/{page}").get_data(as_text=True)
        [code] = re.findall(r'<svg role="img" viewBox="[^"]+" class="qr">.*?</svg>', html, re.DOTALL)
        assert "<script" not in code and "style=" not in code and "<title>" in code
    assert 'class="qr"' not in client.get(f"/{lang}/").get_data(as_text=True)  # the home page has none


def decode(page, tmp_path, name: str) -> str:
    """The QR code in the page's take-home box, as zbar reads it from a screenshot at the screen's scale."""
    box = page.locator(".takehome-code")
    box.scroll_into_view_if_needed()
    width = box.bounding_box()["width"]
    assert width >= 280, f"a code of {width} CSS px is too small to read from arm's length"
    shot = tmp_path / f"{name}.png"
    page.screenshot(path=str(shot))
    result = subprocess.run(["zbarimg", "--raw", "-q", str(shot)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.rstrip("\n")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LOCALES)
@pytest.mark.parametrize("size", [(1080, 1920), (1920, 1080)])
def test_each_content_page_codes_itself_on_the_public_site(screen, kiosk_server, tmp_path, lang, size):
    server = kiosk_server(PUBLIC_URL=PUBLIC)
    page = screen(*size)
    for name in PAGES:
        page.goto(f"{server.url}/{lang}/{name}")
        assert decode(page, tmp_path, f"{lang}-{name}") == f"{PUBLIC}/{lang}/{name}"
        line = page.locator(".takehome-line").inner_text()
        assert line == {"en": "Scan with your phone’s camera to open this page on the clinic’s website.",
                        "ar": "يُرجى مسح الرمز بكاميرا الجوال لفتح هذه الصفحة على موقع العيادة."}[lang]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LOCALES)
def test_the_confirmation_codes_the_clinic_and_the_reference_only(screen, kiosk_server, tmp_path, lang):
    server = kiosk_server(CLINIC_PHONE=PHONE, CLINIC_NAME="Riyadh Hair Clinic", CONSULT_SENT_SECONDS=600)
    page = screen()
    send_a_request(page, server, lang)  # as Sara, 0501234567
    reference = page.locator(".reference").inner_text()
    text = decode(page, tmp_path, f"sent-{lang}")
    assert text.splitlines() == ["Riyadh Hair Clinic", PHONE, reference]
    assert "Sara" not in text and "501234567" not in text
    assert page.locator(".takehome-line").is_visible()


@pytest.mark.browser
def test_an_arabic_clinic_name_reads_back_whole(screen, kiosk_server, tmp_path):
    server = kiosk_server(CLINIC_PHONE=PHONE, CLINIC_NAME="عيادة الرياض للشعر", CONSULT_SENT_SECONDS=600)
    page = screen()
    page.goto(f"{server.url}/ar/consult/sent?ref=K4M-7QX")
    assert decode(page, tmp_path, "sent-arabic-name").splitlines() == ["عيادة الرياض للشعر", PHONE, "K4M-7QX"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", LOCALES)
def test_pages_with_codes_pass_axe(screen, kiosk_server, lang):
    server = kiosk_server(PUBLIC_URL=PUBLIC, CLINIC_PHONE=PHONE)
    page = screen()
    for path in (*PAGES, "consult/sent?ref=K4M-7QX"):
        page.goto(f"{server.url}/{lang}/{path}")
        violations, _ran = axe_violations(page)
        assert violations == [], (path, violations)
        assert page.locator("svg.qr title").count() == 1
