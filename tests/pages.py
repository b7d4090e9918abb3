"""What the tests need to know about pages: the public URLs and a small HTML reader."""
from html.parser import HTMLParser

LOCALES = ("en", "ar")
# The text-size buttons are laid out from the first paint; they work once text-size.js has set the size.
TEXT_SIZE_READY = "document.documentElement.dataset.textSize !== undefined"
CONTENT_PATHS = ("/", "/article", "/how-it-works", "/faq")  # after /<lang>


class PageReader(HTMLParser):
    """Collects the <html> attributes, links and visible text of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.html_attrs: dict = {}
        self.links: list[dict] = []
        self.texts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attrs = attrs
        elif tag == "a":
            self.links.append(attrs)
        elif tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())

    def hrefs(self) -> set[str]:
        return {link.get("href") for link in self.links}
