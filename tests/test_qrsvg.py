"""The one QR drawer: what it writes as markup is its own, whatever the text and the title."""
import re

from kiosk import qrsvg

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def test_hostile_text_and_title_never_become_markup():
    drawn = str(qrsvg.svg(HOSTILE, title=HOSTILE))
    assert set(re.findall(r"<\s*/?\s*([A-Za-z]+)", drawn)) == {"svg", "title", "path"}
    assert "<img" not in drawn and "<script" not in drawn and "onerror" not in drawn.split("</title>")[1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in drawn, "the title is kept as text"
    assert drawn.startswith('<svg role="img" viewBox="') and '"><title>&#34;&gt;&lt;img' in drawn


def test_without_a_title_the_picture_has_no_name_of_its_own():
    drawn = str(qrsvg.svg("https://clinic.example/en/faq"))
    assert "<title>" not in drawn and "role=" not in drawn and 'class="qr-code"' in drawn
