// The kiosk's own on-screen keyboard for fields marked data-keyboard="text" or "phone".
// Keys never take focus (the field keeps it), type at the caret and fire `input` like real typing,
// so the form's own validation and maxlength apply; a physical keyboard keeps working alongside.
import { LAYOUTS } from "./keyboard-layouts.js";

const panel = document.querySelector("[data-osk]");
const labels = panel.dataset;
const BACKSPACE_ICON = '<svg class="icon" aria-hidden="true" viewBox="0 0 24 24"><path d="M22 5H8l-7 7 7 7h14zM11.4 8.6 14 11.2l2.6-2.6 1.4 1.4-2.6 2.6 2.6 2.6-1.4 1.4-2.6-2.6-2.6 2.6-1.4-1.4 2.6-2.6L10 10z"/></svg>';
let field = null;
let letters = labels.lang === "ar" ? "ar" : "en";

function key(text, action, { value = text, className = "", label = null, lang = null } = {}) {
  const button = document.createElement("button");
  button.type = "button";
  button.tabIndex = -1; // reached by touch; the field keeps keyboard focus
  button.className = `osk-key ${className}`.trim();
  button.dataset.action = action;
  button.dataset.value = value;
  if (text === BACKSPACE_ICON) button.innerHTML = text;
  else button.textContent = text;
  if (label) button.setAttribute("aria-label", label);
  if (lang) button.lang = lang;
  return button;
}

function row(keys, className = "osk-row") {
  const div = document.createElement("div");
  div.className = className;
  div.append(...keys);
  return div;
}

function render() {
  const phone = field?.dataset.keyboard === "phone";
  const layout = phone ? LAYOUTS.phone : LAYOUTS[letters];
  panel.dataset.layout = phone ? "phone" : letters;
  const keys = layout.rows.map((chars) => row(chars.map((char) => key(char, "insert", { lang: phone ? null : letters }))));
  const backspace = key(BACKSPACE_ICON, "backspace", { className: "osk-backspace", label: labels.labelBackspace });
  const hide = key(labels.labelHide, "hide", { className: "osk-hide" });
  if (phone) {
    keys.at(-1).append(backspace);
    keys.push(row([hide], "osk-row osk-controls"));
  } else {
    const other = letters === "ar" ? "en" : "ar";
    const swap = key(labels[`label${other === "ar" ? "Ar" : "En"}`], "switch", { className: "osk-switch" });
    const space = key(labels.labelSpace, "insert", { value: " ", className: "osk-space" });
    keys.push(row([swap, space, backspace, hide], "osk-row osk-controls"));
  }
  const grid = row(keys, "osk-keys");
  grid.dir = "ltr"; // letter rows keep the physical arrangement people know from phones in both scripts
  keys.at(-1).dir = document.documentElement.dir; // controls follow the page
  panel.replaceChildren(grid);
}

function capitalised(text) {
  // Honour the field's autocapitalize hint for Latin letters (names: "words").
  const mode = field.getAttribute("autocapitalize");
  const before = field.value.slice(0, field.selectionStart ?? field.value.length);
  const atWord = before === "" || /\s$/.test(before);
  const atSentence = before.trim() === "" || /[.!?]\s+$/.test(before);
  if ((mode === "words" && atWord) || (mode === "sentences" && atSentence)) return text.toLocaleUpperCase();
  return text;
}

function edit(text, inputType) {
  let start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  if (inputType === "deleteContentBackward" && start === end) {
    if (start === 0) return;
    start -= [...field.value.slice(0, start)].at(-1).length; // one code point, never half a surrogate pair
  }
  const max = field.maxLength;
  if (max >= 0 && field.value.length - (end - start) + text.length > max) return;
  try {
    field.setRangeText(text, start, end, "end");
  } catch {
    field.value = inputType === "insertText" ? field.value + text : field.value.slice(0, -1);
  }
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType, data: text || null }));
  showShift();
}

function showShift() {
  // The letter keys show capitals when the next letter will be one, so what is typed is what was shown.
  panel.classList.toggle("is-shifted", field.dataset.keyboard !== "phone" && capitalised("a") === "A");
}

function press(button) {
  const { action, value } = button.dataset;
  if (action === "insert") edit(field.dataset.keyboard === "phone" ? value : capitalised(value), "insertText");
  else if (action === "backspace") edit("", "deleteContentBackward");
  else if (action === "switch") { letters = letters === "ar" ? "en" : "ar"; render(); }
  else if (action === "hide") close();
}

function open(target) {
  if (field !== target || panel.hidden) {
    field = target;
    render();
    panel.hidden = false;
    document.documentElement.dataset.keyboardOpen = "";
  }
  showShift();
  field.scrollIntoView({ block: "center" });
}

function close() {
  panel.hidden = true;
  delete document.documentElement.dataset.keyboardOpen;
}

// Keep focus in the field: a key press must not move it to the key.
panel.addEventListener("pointerdown", (event) => event.preventDefault());
panel.addEventListener("mousedown", (event) => event.preventDefault());
panel.addEventListener("click", (event) => {
  const button = event.target.closest(".osk-key");
  if (!button || !field) return;
  press(button);
  if (document.activeElement !== field && !panel.hidden) field.focus({ preventScroll: true });
});

document.addEventListener("focusin", (event) => {
  if (event.target.matches?.("[data-keyboard]")) open(event.target);
});
// Close a moment after focus leaves, not at once: a tap's mousedown moves focus before its mouseup, and
// the page reflowing under the finger in between would turn the tap on "Send" into a tap on nothing.
document.addEventListener("focusout", () => {
  setTimeout(() => {
    const now = document.activeElement;
    if (!now?.matches?.("[data-keyboard]") && !panel.contains(now)) close();
  }, 300);
});
// A tap on the field it already has focus in brings a hidden keyboard back.
document.addEventListener("click", (event) => {
  if (event.target.matches?.("[data-keyboard]") && panel.hidden) open(event.target);
});
for (const input of document.querySelectorAll("[data-keyboard]")) input.inputMode = "none";
if (document.activeElement?.matches("[data-keyboard]")) open(document.activeElement);
