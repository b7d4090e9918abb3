// Anonymous usage counts (no personal data): count("explainer_step", "anagen"), count("form_started"),
// count("idle_reset"). The page language comes from <html lang>; the server checks every value.
// A prerendered page counts nothing until it is shown (kiosk/usage.py counts its page view then).
import { whenShown } from "./shown.js";

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
