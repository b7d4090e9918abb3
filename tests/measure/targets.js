() => {
  const selector = "a[href], button, summary, input:not([type=hidden]), select, textarea, [role=button], .osk-key";
  const boxes = [];
  for (const control of document.querySelectorAll(selector)) {
    if (control.closest("[hidden], dialog:not([open])")) continue;
    // A tick box or radio button is touched through the label wrapped around it: that is its target.
    const wrapping = ["checkbox", "radio"].includes(control.type) && control.closest("label");
    const el = wrapping || control;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    // Covered by the sticky on-screen keyboard: not a target until the page scrolls it out from under.
    const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    const hit = x >= 0 && y >= 0 && x < innerWidth && y < innerHeight ? document.elementFromPoint(x, y) : null;
    if (hit && !el.contains(hit) && !hit.contains(el)) continue;
    // Half under it is no better: the page's control there is not the keyboard's neighbour but behind it.
    const osk = document.querySelector("[data-osk]:not([hidden])");
    const under = osk && !osk.contains(el) && osk.getBoundingClientRect();
    if (under && r.bottom > under.top && r.top < under.bottom && r.right > under.left && r.left < under.right) continue;
    boxes.push({el, name: (el.getAttribute("aria-label") || el.textContent || control.name || el.tagName).trim().slice(0, 30),
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
}
