// Text-size control: three steps on <html data-text-size>, kept for this visit only (sessionStorage).
const KEY = "kiosk-text-size";
const root = document.documentElement;
const group = document.querySelector(".text-size");

function apply(size) {
  root.dataset.textSize = size;
  for (const button of group?.querySelectorAll("[data-text-size]") ?? []) {
    button.setAttribute("aria-pressed", String(button.dataset.textSize === size));
  }
}

/** Forget the visitor's choice; the idle reset calls this before going back to the start. */
export function forgetTextSize() {
  sessionStorage.removeItem(KEY);
}

apply(sessionStorage.getItem(KEY) ?? "1");
// A prerendered page read a copy of the visit's storage; the size chosen since then applies once it is shown.
document.addEventListener("prerenderingchange", () => apply(sessionStorage.getItem(KEY) ?? "1"), { once: true });
if (group) {
  group.addEventListener("click", (event) => {
    const button = event.target.closest("[data-text-size]");
    if (!button) return;
    apply(button.dataset.textSize);
    sessionStorage.setItem(KEY, button.dataset.textSize);
  });
}
