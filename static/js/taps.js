// Field figures (SPEC §3): the time from a tap (pointerdown) on a link to another kiosk page to that page's
// first contentful paint, or to its activation when it was prerendered. The tap's moment travels to the
// next page in sessionStorage as an absolute time (timeOrigin + timeStamp: each page has its own time
// origin); the screen keeps its last KEEP figures there, and its beats report them (heartbeat.js).
import { whenShown } from "./usage.js";

const TAP = "kiosk-tap";
const TAPS = "kiosk-taps";
const KEEP = 50;
const LONGEST_MS = 10000; // a stored tap older than this did not lead here (the patient went elsewhere)

function kept() {
  try {
    const list = JSON.parse(sessionStorage.getItem(TAPS) || "[]");
    return Array.isArray(list) ? list.filter((item) => Array.isArray(item) && item.length === 2) : [];
  } catch {
    return [];
  }
}

addEventListener("pointerdown", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!link) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/staff")) return;
  if (url.pathname === location.pathname && url.search === location.search) return; // same page
  try {
    sessionStorage.setItem(TAP, JSON.stringify({ path: url.pathname, at: performance.timeOrigin + event.timeStamp }));
  } catch {
    // storage refused: no figure for this tap
  }
}, { capture: true, passive: true });

function firstContentfulPaint() {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), 5000); // never painted (a hidden page): no figure
    new PerformanceObserver((list, observer) => {
      const paint = list.getEntries().find((entry) => entry.name === "first-contentful-paint");
      if (!paint) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(paint.startTime);
    }).observe({ type: "paint", buffered: true });
  });
}

async function measure() {
  let tap = null;
  try {
    tap = JSON.parse(sessionStorage.getItem(TAP));
    sessionStorage.removeItem(TAP);
  } catch {
    return;
  }
  if (!tap || tap.path !== location.pathname || !Number.isFinite(tap.at)) return;
  const activation = performance.getEntriesByType("navigation")[0]?.activationStart || 0;
  const shown = activation > 0 ? activation : await firstContentfulPaint();
  if (shown === null) return;
  const ms = Math.round(performance.timeOrigin + shown - tap.at);
  if (!(ms >= 0 && ms <= LONGEST_MS)) return;
  try {
    sessionStorage.setItem(TAPS, JSON.stringify([...kept(), [ms, activation > 0 ? 1 : 0]].slice(-KEEP)));
  } catch {
    // storage full or refused: the figure is lost, the page is not
  }
}

/** Resolves once this page's own tap figure (if it was reached by a tap) is kept; never rejects. */
export const measured = new Promise((resolve) => {
  whenShown(() => measure().finally(resolve));
});

function rank(sorted, share) {
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)];
}

/** The beat's `taps`: count, p50 and p75 in ms and the prerendered share of the last taps; null before any. */
export function tapFigures() {
  const list = kept();
  if (!list.length) return null;
  const sorted = list.map((item) => Number(item[0])).sort((a, b) => a - b);
  const prerendered = list.filter((item) => item[1] === 1).length / list.length;
  return { count: list.length, p50_ms: rank(sorted, 0.5), p75_ms: rank(sorted, 0.75),
           prerendered: Math.round(prerendered * 100) / 100 };
}
