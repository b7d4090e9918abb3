"""What patients read says no more than the article, in both languages (issue 20's review findings)."""
import html
import re

import pytest


def page_text(client, path: str) -> str:
    """The page's text with tags (and SVG titles' markup) gone and entities decoded."""
    body = client.get(path).get_data(as_text=True)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize(("lang", "caption"), [
    ("en", "Pattern hair loss: over time, follicles shrink and may stop making hair"),
    ("ar", "تساقط الشعر الوراثي: تنكمش البصيلات مع مرور الوقت، وقد تتوقف عن إنتاج الشعر"),
])
def test_pattern_loss_caption_keeps_the_articles_may(client, lang, caption):
    text = page_text(client, f"/{lang}/how-it-works")
    assert caption in text
    assert "until they stop making hair" not in text and "حتى تتوقف عن إنتاج الشعر" not in text
