"""Measurements the kiosk's browser tests take in the page: axe-core, contrast, target boxes and gaps."""
from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations", "passes", "incomplete"],
}
_axe = Axe()


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
CONTRAST = """() => {
  const rgba = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m[3] ?? 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const over = (top, bottom) => top.slice(0, 3).map((v, i) => v * top[3] + bottom[i] * (1 - top[3]));
  const background = (el) => {
    const layers = [];
    for (let node = el; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let color = [255, 255, 255];
    for (const layer of layers.reverse()) color = over(layer, color);
    return color;
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest("[hidden], svg, script, style") || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || Number(style.opacity) === 0) continue;
    const fg = rgba(style.color);
    const bg = background(el);
    const a = lum(over(fg, bg)), b = lum(bg);
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    out.push({text: el.textContent.trim().slice(0, 40), ratio, needed: large ? 3 : 4.5});
  }
  return out;
}"""

# Every visible control's box, and the gaps between any two of them (nested controls are skipped).
TARGETS = """() => {
  const selector = "a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button], .osk-key";
  const boxes = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest("[hidden], dialog:not([open])")) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    // Covered by the sticky on-screen keyboard: not a target until the page scrolls it out from under.
    const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    const hit = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight ? document.elementFromPoint(x, y) : null;
    if (hit && !el.contains(hit) && !hit.contains(el)) continue;
    boxes.push({el, name: (el.getAttribute("aria-label") || el.textContent || el.name || el.tagName).trim().slice(0, 30),
      left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height});
  }
  const gaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
    const dx = Math.max(0, b.left - a.right, a.left - b.right), dy = Math.max(0, b.top - a.bottom, a.top - b.bottom);
    gaps.push({a: a.name, b: b.name, gap: Math.hypot(dx, dy)});
  }
  return {boxes: boxes.map(({el, ...box}) => box), gaps};
}"""

# Reading rules: body text size, and for Arabic the line height and letter spacing.
READING = """() => [...document.querySelectorAll("main p, main li, main summary, main label, footer p")]
  .filter((el) => el.getClientRects().length && !el.closest("[hidden]"))
  .map((el) => { const s = getComputedStyle(el); const size = parseFloat(s.fontSize);
    return {text: el.textContent.trim().slice(0, 30), size, line: parseFloat(s.lineHeight) / size,
            spacing: s.letterSpacing}; })"""
