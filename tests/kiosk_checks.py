"""Measurements the kiosk's browser tests take in the page: axe-core, contrast, target boxes and gaps."""
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations", "passes", "incomplete"],
}
_axe = Axe()


def _script(name: str) -> str:
    return (Path(__file__).parent / "measure" / name).read_text(encoding="utf-8")


def axe_violations(page) -> tuple[list[dict], set[str]]:
    """Run axe-core (bundled, offline) with the WCAG 2.x A/AA tags; return violations and the rules run."""
    page.evaluate(_axe.axe_script)  # injected as a script, not a tag, so a strict CSP cannot block it
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    ran = {rule["id"] for kind in ("violations", "passes", "incomplete") for rule in results[kind]}
    problems = [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
                for v in results["violations"]]
    return problems, ran


# Every element with its own text, its colour against the first opaque background behind it, and the
# WCAG AA threshold for its size. Shaped Arabic text is checked here because axe-core skips it.
CONTRAST = _script("contrast.js")

# Every visible control's box, and the gaps between any two of them (nested controls are skipped).
TARGETS = _script("targets.js")

# Reading rules: body text size, and for Arabic the line height and letter spacing.
READING = _script("reading.js")
