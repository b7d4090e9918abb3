// FAQ filter: a search box that hides the questions that do not match, as the patient types.
import { countMessage } from "./plural.js";
import { fold } from "./normalize.js";

const search = document.querySelector("[data-faq-search]");
const input = search.querySelector("input[type=search]");
const count = search.querySelector("[data-faq-count]");
const status = search.querySelector("[data-faq-status]");
const empty = document.querySelector("[data-faq-empty]");
const reset = search.querySelector("[data-faq-reset]");
const entries = [...document.querySelectorAll("[data-faq] .faq-entry")].map((entry) => ({
  entry,
  text: fold(entry.textContent),
}));
let announceTimer = 0;

function filter() {
  const words = fold(input.value).split(" ").filter(Boolean);
  let shown = 0;
  for (const { entry, text } of entries) {
    const match = words.every((word) => text.includes(word));
    entry.hidden = !match;
    if (match) shown += 1;
  }
  empty.hidden = shown > 0;
  reset.hidden = !input.value;
  count.textContent = words.length && shown ? countMessage(count, shown) : "";
  // Announced after a short pause, so a screen reader is not read a number per keystroke.
  clearTimeout(announceTimer);
  const message = !words.length ? "" : shown ? count.textContent : empty.querySelector("p").textContent;
  announceTimer = setTimeout(() => { status.textContent = message; }, 400);
}

function showAll() {
  input.value = "";
  filter();
  input.focus();
}

input.addEventListener("input", filter);
search.addEventListener("submit", (event) => event.preventDefault());
empty.querySelector("[data-faq-clear]").addEventListener("click", showAll);
reset.addEventListener("click", showAll);
filter();
