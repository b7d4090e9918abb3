"""The privacy notice beside the consent box: complete, in both languages, and versioned on each record."""
import pytest
from flask_babel import force_locale
from pages import LOCALES

from kiosk.consults import privacy
from kiosk.consults.forms import ConsultForm

# The fingerprint of the English notice and consent sentence for CONSENT_VERSION. Changed the wording?
# Bump CONSENT_VERSION in kiosk/consults/privacy.py, then put the new fingerprint here.
SOURCE_DIGEST = {"2026-11-25": "4f131dc87db5"}


def english_wording(app) -> list[str]:
    with app.test_request_context("/en/consult"), force_locale("en"):
        texts = [part for pair in privacy.notice(180) for part in pair]
        return texts + [str(ConsultForm.consent.args[0])]


def test_a_wording_change_bumps_the_consent_version(app):
    assert SOURCE_DIGEST.get(privacy.CONSENT_VERSION) == privacy.source_digest(english_wording(app)), (
        "the notice changed: bump CONSENT_VERSION and record the new digest in this test")


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["What we collect", "Why", "Who sees them", "How long we keep them", "Your rights",
            "45 days", "correct or delete", "Personal Data Protection Law", "Dar Al-Shifa"]),
    ("ar", ["ما نجمعه من بيانات", "الغرض", "من يطّلع عليها", "مدة الاحتفاظ بها", "حقوقك",
            "45 يومًا", "تصحيحها أو حذفها", "نظام حماية البيانات الشخصية", "Dar Al-Shifa"]),
])
def test_notice_says_what_why_who_how_long_and_the_rights(app_factory, lang, words):
    client = app_factory(RETENTION_DAYS=45, CLINIC_NAME="Dar Al-Shifa").test_client()
    html = client.get(f"/{lang}/consult").get_data(as_text=True)
    start = html.index('id="privacy-notice"')
    notice = html[start:html.index("</section>", start)]
    for word in words:
        assert word in notice, word


@pytest.mark.parametrize("lang", LOCALES)
def test_consent_box_is_described_by_the_notice(client, lang):
    html = client.get(f"/{lang}/consult").get_data(as_text=True)
    assert 'aria-describedby="privacy-notice"' in html
