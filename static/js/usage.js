// Anonymous usage counts (no personal data): count("explainer_step", "anagen"), count("form_started"),
// count("idle_reset"). The page language comes from <html lang>; the server checks every value.
export function count(event, detail = "") {
  const lang = document.documentElement.lang.slice(0, 2);
  const body = new URLSearchParams({ event, lang, detail });
  if (!navigator.sendBeacon?.("/usage", body)) {
    fetch("/usage", { method: "POST", body, keepalive: true, credentials: "omit" }).catch(() => {});
  }
}
