"""The markup a text carries, read as a browser's parser reads it: tags and their attributes, in order."""
from __future__ import annotations

from html.parser import HTMLParser

from markupsafe import Markup, escape

Tag = tuple[str, str, tuple[tuple[str, str], ...]]  # ("start" | "end", name, sorted (attribute, value))


class _Reader(HTMLParser):
    """Collects the tags of a text and writes it back with every piece of text escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.out: list[str] = []
        self.other = False  # a comment, a declaration or a processing instruction: never text

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, "")

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, " /")

    def _start(self, tag, attrs, close):
        pairs = tuple(sorted((name, value or "") for name, value in attrs))
        self.tags.append(("start", tag, pairs))
        # Written from the pairs compared with the source's, so a bare attribute stays empty (not "None").
        written = "".join(f' {name}="{escape(value)}"' for name, value in pairs)
        self.out.append(f"<{tag}{written}{close}>")

    def handle_endtag(self, tag):
        self.tags.append(("end", tag, ()))
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(str(escape(data)))

    def handle_comment(self, data):
        self.other = True

    def handle_decl(self, decl):
        self.other = True

    def handle_pi(self, data):
        self.other = True

    def unknown_decl(self, data):
        self.other = True


def _read(text: str) -> _Reader:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader


def signature(text: str) -> list[Tag] | None:
    """Every tag of a text with its sorted attributes; None when it holds other markup (comments…)."""
    reader = _read(text)
    return None if reader.other else reader.tags


def rebuilt(source: str, translation: str) -> Markup | None:
    """The translation as markup when its tags and attributes are exactly the source's, written back from
    the parse (so only text sits between the tags); None otherwise."""
    reader = _read(translation)
    if reader.other or reader.tags != signature(source):
        return None
    # Only the source's own tags, written back from the parse, with every piece of text escaped.
    return Markup("".join(reader.out))  # nosec B704
