// Translation editor: a live preview of each Arabic field. Placeholders are shown isolated left-to-right
// (or, in plural forms, as the form's example number) so the staff member sees the sentence as patients will.
const PLACEHOLDER = /%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}/g;
const NUMBER = /^%(\(\w+\))?d$/;

function render(preview, text, example) {
  preview.replaceChildren();
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    preview.append(text.slice(last, match.index));
    if (example !== undefined && NUMBER.test(match[0])) {
      preview.append(example);
    } else {
      const code = document.createElement("code");
      code.dir = "ltr";
      code.textContent = match[0]; // text, never HTML: a translation is shown as typed
      preview.append(code);
    }
    last = match.index + match[0].length;
  }
  preview.append(text.slice(last));
}

for (const field of document.querySelectorAll("textarea[data-preview]")) {
  const preview = document.getElementById(field.dataset.preview);
  if (!preview) continue;
  const show = () => render(preview, field.value, field.dataset.example);
  field.addEventListener("input", show);
  show();
}
