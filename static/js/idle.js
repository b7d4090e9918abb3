// Idle reset: after data-idle-seconds without a touch, a countdown dialog; at zero, back to the start
// with everything typed gone (fields, history entry, back/forward cache). The welcome page is the start.
import { countMessage } from "./plural.js";
import { forgetTextSize } from "./text-size.js";
import { count as countUsage, whenShown } from "./usage.js";

const root = document.documentElement;
const idleMs = (Number(root.dataset.idleSeconds) || 90) * 1000;
const countdownSeconds = Math.max(1, Number(root.dataset.idleCountdown) || 30);
const dialog = document.querySelector("[data-idle-dialog]");
const count = dialog?.querySelector("[data-idle-count]");
const ACTIVITY = ["pointerdown", "keydown", "touchstart", "input", "wheel"];

let idleTimer = 0;
let tick = 0;
let deadline = 0;
let returnFocus = null;

/** Clear every field a patient could have typed into, forget the visit, and replace this page with `/`. */
export function resetKiosk() {
  for (const field of document.querySelectorAll("input, textarea, select")) {
    if (field.type === "hidden" || field.type === "submit" || field.type === "button") continue;
    if (field.type === "checkbox" || field.type === "radio") field.checked = false;
    else if (field.tagName === "SELECT") field.selectedIndex = -1;
    else field.value = "";
  }
  forgetTextSize();
  location.replace("/");
}

function showCount() {
  const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  count.textContent = countMessage(count, left);
  if (left === 0) {
    clearInterval(tick);
    countUsage("idle_reset");  // only the countdown running out counts, not a restored page
    resetKiosk();
  }
}

function openDialog() {
  returnFocus = document.activeElement;
  deadline = Date.now() + countdownSeconds * 1000;
  showCount();
  dialog.showModal();
  dialog.querySelector("[data-idle-continue]").focus();
  // Counted from the deadline, not by ticks, so a throttled timer never stretches the countdown.
  tick = setInterval(showCount, 250);
}

function stayHere() {
  clearInterval(tick);
  if (dialog.open) dialog.close();
  if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
  returnFocus = null;
  restartIdle();
}

function restartIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(openDialog, idleMs);
}

function onActivity(event) {
  if (!dialog.open) {
    restartIdle();
  } else if (event.target === dialog) {
    stayHere(); // a touch on the backdrop, outside the dialog's box, also means "still here"
  }
}

// A page shown again from the back/forward cache may still hold what the last patient typed.
addEventListener("pageshow", (event) => {
  if (event.persisted && dialog) resetKiosk();
});

if (dialog) {
  for (const type of ACTIVITY) addEventListener(type, onActivity, { capture: true, passive: true });
  dialog.querySelector("[data-idle-continue]").addEventListener("click", stayHere);
  dialog.querySelector("[data-idle-restart]").addEventListener("click", resetKiosk);
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape means "continue", through the same path as the button
    stayHere();
  });
  whenShown(restartIdle); // a prerendered page's timer starts when the patient sees it
}
