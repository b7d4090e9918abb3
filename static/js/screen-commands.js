// What the desk asks of this screen through the answer to a beat (SPEC §3 Commands, Self-update):
// "reload" and "home" apply at once, except while the consult form holds typed text — then the idle reset,
// which returns to the start with a fresh page, does it. A page on an older software or catalog version
// than its server's reloads itself when it is the welcome screen; any other page gets the new version at
// its idle reset (which loads / anew).
import { resetKiosk } from "./idle.js";
import { whenShown } from "./usage.js";

const root = document.documentElement;
const WAITING = "kiosk-command-waiting";
const UPDATED = "kiosk-updated-to";
const atStart = location.pathname === "/";

function store(name, value) {
  try {
    if (value === null) sessionStorage.removeItem(name);
    else sessionStorage.setItem(name, value);
  } catch {
    // storage refused: a held command then waits for the idle reset alone
  }
}

function read(name) {
  try {
    return sessionStorage.getItem(name);
  } catch {
    return null;
  }
}

/** Whether a patient has typed into the consult form (or the confirmation is counting down to its own reset). */
function busy() {
  if (document.querySelector("[data-sent-return]")) return true;
  const form = document.querySelector("form[data-consult-form]");
  if (!form) return false;
  return [...form.querySelectorAll("input, textarea")].some((field) =>
    !["hidden", "checkbox", "radio", "submit", "button"].includes(field.type) && field.value.trim() !== "");
}

function apply(command) {
  store(WAITING, null);
  if (command === "reload") location.reload();
  else if (command === "home") resetKiosk();
}

function onAnswer({ detail }) {
  if (detail.command === "reload" || detail.command === "home") {
    if (busy()) store(WAITING, detail.command); // the idle reset brings the screen to a fresh start
    else apply(detail.command);
    return;
  }
  const target = `${detail.version}/${detail.catalog}`;
  const mine = `${root.dataset.version}/${root.dataset.catalog}`;
  // Once per version: a page that still comes back old (a cache between) must not reload in a loop.
  if (atStart && typeof detail.version === "string" && target !== mine && read(UPDATED) !== target) {
    store(UPDATED, target);
    location.reload();
  }
}

whenShown(() => { // a prerendered page acts on a held command only once the patient sees it
  const waiting = read(WAITING);
  if (atStart) store(WAITING, null); // back at the start: the held command is done
  else if (waiting && !busy()) apply(waiting);
});
document.addEventListener("kiosk:beat-answer", onAnswer);
