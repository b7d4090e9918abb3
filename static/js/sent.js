// The confirmation goes back to the start after the seconds it announces (not the idle dialog's longer
// path), unless the patient taps "Stay on this page"; then the usual idle reset takes over.
import { resetKiosk } from "./idle.js";

const box = document.querySelector("[data-sent-return]");
if (box) {
  const stay = box.querySelector("[data-sent-stay]");
  const status = box.querySelector("[data-sent-status]");
  const note = box.querySelector("#return-note");
  // Counted from when the page was shown, so a slow start never stretches what the page announced.
  const left = Number(box.dataset.seconds) * 1000 - performance.now();
  const timer = setTimeout(resetKiosk, Math.max(0, left));
  stay.addEventListener("click", () => {
    clearTimeout(timer);
    note.hidden = true;
    status.textContent = status.dataset.staying;  // a status region: read out when it changes
    box.querySelector("a[href='/']").focus();  // the button goes away; focus goes to what is left to do
    stay.hidden = true;
  });
}
