"""Input cleaning before any check: no invisible or control characters, NFC, trimmed."""
from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides, isolates and marks: they can reorder what staff later read.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff")
# Zero-width non-joiner / joiner shape Persian and Arabic words and emoji: kept in free text only.
JOINERS = frozenset("\u200c\u200d")
LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\x0b\x0c")
_BLANK_LINES = re.compile(r"\n{3,}")


def _invisible(char: str, keep_joiners: bool) -> bool:
    """Control, format (bidi, zero-width, …), surrogate and private-use characters; never shown as text."""
    if keep_joiners and char in JOINERS:
        return False
    if char in BIDI_CONTROLS or char in ZERO_WIDTH:
        return True
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co")


def _visible(text: str, keep_joiners: bool) -> str:
    return "".join(char for char in text if not _invisible(char, keep_joiners))


def clean_line(text: str | None) -> str:
    """A one-line field (name, phone): invisible characters removed, spaces collapsed, NFC, trimmed."""
    if not text:
        return ""
    text = "".join(" " if char in LINE_BREAKS or char == "\t" else char for char in text)
    text = " ".join(_visible(text, keep_joiners=False).split())
    return unicodedata.normalize("NFC", text).strip()


def clean_text(text: str | None) -> str:
    """The free-text message: like clean_line per line, but line breaks and ZWNJ/ZWJ are kept."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n")
    lines = "".join("\n" if char in LINE_BREAKS else char for char in text).split("\n")
    cleaned = "\n".join(" ".join(_visible(line.replace("\t", " "), keep_joiners=True).split())
                        for line in lines)
    return unicodedata.normalize("NFC", _BLANK_LINES.sub("\n\n", cleaned)).strip()
