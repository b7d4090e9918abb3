// Heartbeat (SPEC §3): this page tells the server which screen it is, the path it shows and the software
// and catalog versions it was rendered with — on load and every data-beat seconds — plus script errors
// (message, file, line; never page text or field values). No cookie: a screen named by its launch URL
// (/?screen=lobby-2) keeps that name for the browser session in sessionStorage.
const root = document.documentElement;
const seconds = Number(root.dataset.beat);
const KEY = "kiosk-screen";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const MAX_ERRORS_PER_PAGE = 10;

let pending = [];
let sentErrors = 0;
let flushTimer = 0;

function screenName() {
  const asked = new URLSearchParams(location.search).get("screen");
  try {
    if (asked && NAME.test(asked)) sessionStorage.setItem(KEY, asked);
    return sessionStorage.getItem(KEY);
  } catch {
    return asked && NAME.test(asked) ? asked : null; // storage blocked: the launch page still names itself
  }
}

function send() {
  clearTimeout(flushTimer);
  flushTimer = 0;
  const beat = {
    path: location.pathname,
    version: root.dataset.version || "",
    catalog: Number(root.dataset.catalog) || 0,
    errors: pending.splice(0, 5),
  };
  const screen = screenName();
  if (screen) beat.screen = screen;
  fetch("/heartbeat", {
    method: "POST", body: JSON.stringify(beat), keepalive: true, credentials: "omit",
    headers: { "Content-Type": "application/json" },
  }).catch(() => {}); // offline: the next beat tries again
}

function report(kind, message, source, line) {
  if (sentErrors >= MAX_ERRORS_PER_PAGE) return; // an error in a loop must not flood the server
  sentErrors += 1;
  pending.push({ kind, message: String(message || "").slice(0, 300), source: String(source || "").split("?")[0],
                 line: Number.isInteger(line) && line >= 0 ? line : 0 });
  if (!flushTimer) flushTimer = setTimeout(send, 500); // errors go out soon, a few at a time
}

if (seconds > 0) {
  window.addEventListener("error", (event) => {
    if (event.error === undefined && !event.message) return; // a failed image or script load, not a script error
    report("error", event.message, event.filename, event.lineno);
  });
  window.addEventListener("unhandledrejection", (event) => {
    const reason = event.reason;
    // Only an Error's own name and message: a rejected value could be anything the page held.
    const message = reason instanceof Error ? `${reason.name}: ${reason.message}` : `rejected with ${typeof reason}`;
    report("rejection", message, reason instanceof Error ? (reason.fileName || "") : "", 0);
  });
  send();
  setInterval(send, seconds * 1000);
}
