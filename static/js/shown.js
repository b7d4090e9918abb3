// A page may be prerendered (Speculation-Rules) and never shown. What counts as a visit — usage counts,
// beats, the idle timer, tap figures — waits until the page is shown (SPEC §3 Instant taps).
/** Run `callback` now if the page is shown, else when its prerender is activated. */
export function whenShown(callback) {
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", () => callback(), { once: true });
  } else {
    callback();
  }
}
