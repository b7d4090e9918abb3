"""A tour of the home tiles and back, for the instant-taps figures (SPEC §8): the taps, and where each one
lands on the 1080×1920 screen, learnt in Playwright's Chromium (never the measured screen's own)."""
from __future__ import annotations

TILES = ("article", "steps", "faq", "consult")
TILE_PAGES = {"article": "article", "steps": "how-it-works", "faq": "faq", "consult": "consult"}


def tour(lang: str) -> list[tuple[str, str, str]]:
    """(page shown, link tapped, page it opens): each home tile, then the Home button back."""
    home = f"/{lang}/"
    steps = []
    for tile in TILES:
        target = f"/{lang}/{TILE_PAGES[tile]}"
        steps += [(home, f"a.tile-{tile}", target), (target, "a.button-home", home)]
    return steps


def start(lang: str) -> tuple[str, str, str]:
    """The welcome screen's button for `lang`."""
    return "/", f"a[hreflang={lang}]", f"/{lang}/"


def positions(browser, base: str, steps) -> dict[tuple[str, str], tuple[int, int]]:
    """The centre of each step's link on its page at 1080×1920, as the screen shows it (top of the page)."""
    context = browser.new_context(viewport={"width": 1080, "height": 1920})
    found = {}
    try:
        page = context.new_page()
        for shown, link, _ in steps:
            if (shown, link) in found:
                continue
            page.goto(base + shown)
            box = page.locator(link).first.bounding_box()
            found[shown, link] = round(box["x"] + box["width"] / 2), round(box["y"] + box["height"] / 2)
    finally:
        context.close()
    return found
