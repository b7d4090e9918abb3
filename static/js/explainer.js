// The explainer as a step-through: one step at a time, large previous/next buttons, swipe as a bonus.
// Without this script every step is listed in order, which is also what the server sends.
import { count } from "./usage.js";

const explainer = document.querySelector("[data-explainer]");
const steps = [...explainer.querySelectorAll("[data-step]")];
const nav = explainer.querySelector("[data-step-nav]");
const prev = nav.querySelector("[data-step-prev]");
const next = nav.querySelector("[data-step-next]");
const dots = [...nav.querySelectorAll(".step-dot")];
const status = explainer.querySelector("[data-step-status]");
const end = explainer.querySelector("[data-step-end]");
const restart = explainer.querySelector("[data-step-restart]");
const SWIPE_PX = 60;
let current = 0;
const reached = new Set();  // each step counts once per visit to the page, however often it is shown

function show(index, { announce = true } = {}) {
  current = Math.max(0, Math.min(steps.length - 1, index));
  steps.forEach((step, i) => { step.hidden = i !== current; });
  dots.forEach((dot, i) => dot.classList.toggle("is-current", i === current));
  const last = current === steps.length - 1;
  // Read focus before disabling: Chromium (150+) moves focus off a button to <body> the moment it is disabled.
  const focused = document.activeElement;
  prev.disabled = current === 0;
  next.disabled = last;
  end.hidden = !last;
  explainer.dataset.current = String(current + 1);
  const step = steps[current];
  if (!reached.has(step.dataset.step)) {
    reached.add(step.dataset.step);
    count("explainer_step", step.dataset.step);
  }
  if (announce) {
    const counter = step.querySelector(".step-count").textContent;
    status.textContent = `${counter}: ${step.querySelector("h2").textContent}`;
  }
  // A button that just became disabled has lost focus; give it to the new step's heading instead.
  if (announce && focused?.disabled) step.querySelector("h2").focus();
}

function go(delta) {
  if (current + delta < 0 || current + delta >= steps.length) return;
  show(current + delta);
  // The address names the step, so a reload (or the language switch's target) can reopen it.
  history.replaceState(null, "", `#${steps[current].id}`);
  // Keep the step's top in view on a tall portrait screen where the buttons sit low.
  explainer.scrollIntoView({ block: "nearest" });
}

prev.addEventListener("click", () => go(-1));
next.addEventListener("click", () => go(1));
restart.addEventListener("click", () => { show(0); steps[0].querySelector("h2").focus(); });

// Swipe toward the reading direction's end to go on: leftwards in English, rightwards in Arabic.
let start = null;
explainer.addEventListener("pointerdown", (event) => {
  if (event.isPrimary) start = { x: event.clientX, y: event.clientY };
});
explainer.addEventListener("pointerup", (event) => {
  if (!start || !event.isPrimary) return;
  const dx = event.clientX - start.x;
  const dy = event.clientY - start.y;
  start = null;
  if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < 2 * Math.abs(dy)) return;
  const forward = getComputedStyle(explainer).direction === "rtl" ? dx > 0 : dx < 0;
  go(forward ? 1 : -1);
});
explainer.addEventListener("pointercancel", () => { start = null; });

// Arrow keys, for a physical keyboard: the arrow pointing along the reading direction goes on.
explainer.addEventListener("keydown", (event) => {
  if (!["ArrowLeft", "ArrowRight"].includes(event.key) || event.target.closest("a, input, textarea")) return;
  const rtl = getComputedStyle(explainer).direction === "rtl";
  go((event.key === "ArrowRight") !== rtl ? 1 : -1);
});

for (const step of steps) step.querySelector("h2").tabIndex = -1;
explainer.classList.add("is-stepping");
const fromHash = steps.findIndex((step) => `#${step.id}` === location.hash);
show(fromHash < 0 ? 0 : fromHash, { announce: false });
