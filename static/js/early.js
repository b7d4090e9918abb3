// The one classic script, run in <head> before the page paints (modules run only after): a text size the
// visitor chose on an earlier page is in place from the first paint, so the page does not grow under their
// finger when text-size.js starts. Same key as text-size.js.
try {
  const size = sessionStorage.getItem("kiosk-text-size");
  if (size) document.documentElement.dataset.textSize = size;
} catch {
  // Storage refused (a locked-down profile): the normal size, as without scripts.
}
