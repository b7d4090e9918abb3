// Heartbeat (SPEC §3): this page tells the server which screen it is, the path it shows and the software
// and catalog versions it was rendered with — on load and every data-beat seconds — plus script errors
// (message, file, line; never page text or field values). No cookie: a screen named by its launch URL
// (/?screen=lobby-2&key=…, SPEC §3 Enrolment) keeps its name and key for the browser session in
// sessionStorage and sends both in every beat. The answer may carry the server's versions and a command
// from the desk: it goes out as a "kiosk:beat-answer" event (screen-commands.js acts on it). Beats also
// carry the screen's tap figures (taps.js), and a prerendered page beats only once it is shown.
import { whenShown } from "./usage.js";
import { measured, tapFigures } from "./taps.js";

const root = document.documentElement;
const seconds = Number(root.dataset.beat);
const KEY = "kiosk-screen";
const SECRET = "kiosk-screen-key";
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const SECRET_FORM = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_ERRORS_PER_PAGE = 10;

let pending = [];
let sentErrors = 0;
let flushTimer = 0;

function identity() {
  const params = new URLSearchParams(location.search);
  const asked = params.get("screen");
  const key = params.get("key");
  const named = asked && NAME.test(asked);
  try {
    if (named) {
      sessionStorage.setItem(KEY, asked);
      if (key && SECRET_FORM.test(key)) sessionStorage.setItem(SECRET, key);
      else sessionStorage.removeItem(SECRET);
    }
    return { screen: sessionStorage.getItem(KEY), key: sessionStorage.getItem(SECRET) };
  } catch {
    // storage blocked: the launch page still names itself
    return named ? { screen: asked, key } : { screen: null, key: null };
  }
}

const launched = identity(); // keeps the launch URL's name and key (the key leaves the address bar below)

function current() {
  // Read at every beat, not once: a prerendered page ran this module against a copy of sessionStorage taken
  // when its prerender began, perhaps before the launch page stored the name; once shown it has the real one.
  try {
    const screen = sessionStorage.getItem(KEY) || launched.screen;
    return { screen, key: sessionStorage.getItem(SECRET) || launched.key };
  } catch {
    return launched;
  }
}
if (new URLSearchParams(location.search).has("key")) {
  history.replaceState(history.state, "", location.pathname); // the key does not stay in the address bar
}

async function answered(response) {
  if (response.status !== 200) return;
  const detail = await response.json();
  if (detail && typeof detail === "object") document.dispatchEvent(new CustomEvent("kiosk:beat-answer", { detail }));
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
  const { screen, key } = current();
  if (screen) beat.screen = screen;
  if (screen && key) beat.key = key;
  const taps = tapFigures();
  if (taps) beat.taps = taps;
  fetch("/heartbeat", {
    method: "POST", body: JSON.stringify(beat), keepalive: true, credentials: "omit",
    headers: { "Content-Type": "application/json" },
  }).then(answered).catch(() => {}); // offline: the next beat tries again
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
  whenShown(() => { // the first beat carries the tap that brought the patient here
    measured.then(send);
    setInterval(send, seconds * 1000);
  });
}
