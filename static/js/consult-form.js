// Counts a consult form as started at the patient's first keystroke or choice (no personal data sent).
import { count } from "./usage.js";

const form = document.querySelector("form[data-consult-form]");
form?.addEventListener("input", () => count("form_started"), { once: true });
