// Anonymous usage counts (no personal data): count("explainer_step", "anagen"), count("form_started"),
// count("idle_reset"). The page language comes from <html lang>; the server checks every value.
// A page may be prerendered (Speculation-Rules) and never shown: what counts as a visit — usage counts, beats,
// the idle timer, tap figures, desk commands — waits until it is shown (SPEC §3 Instant taps). Kept here, not
// in a module of its own: one request fewer on a first view.
/** Run `callback` now if the page is shown, else when its prerender is activated. */
export function whenShown(callback) {
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", () => callback(), { once: true });
  } else {
    callback();
  }
}

// kiosk/usage.py counts a prerendered page's view only once it is shown (kiosk.js sends it then).
export function count(event, detail = "") {
  whenShown(() => send(event, detail));
}

function send(event, detail) {
  const lang = document.documentElement.lang.slice(0, 2);
  const body = new URLSearchParams({ event, lang, detail });
  if (!navigator.sendBeacon?.("/usage", body)) {
    fetch("/usage", { method: "POST", body, keepalive: true, credentials: "omit" }).catch(() => {});
  }
}
