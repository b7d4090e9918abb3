// Translation editor: a live preview of each Arabic field, with the example number in plural forms.
const NUMBER = /%\(\w+\)d|%d/g;

for (const field of document.querySelectorAll("textarea[data-preview]")) {
  const preview = document.getElementById(field.dataset.preview);
  if (!preview) continue;
  const example = field.dataset.example;
  const show = () => {
    // textContent, never innerHTML: a translation is shown as text, whatever it contains.
    preview.textContent = example === undefined ? field.value : field.value.replace(NUMBER, example);
  };
  field.addEventListener("input", show);
  show();
}
