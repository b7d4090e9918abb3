// Welcome screen: a gentle loop (CSS, no sound, none for reduced motion) that any touch ends and that
// starts again after a while without one.
const root = document.documentElement;
const restartMs = (Number(root.dataset.idleSeconds) || 90) * 1000;
let timer = 0;

function stop() {
  root.dataset.attract = "off";
  clearTimeout(timer);
  timer = setTimeout(() => { root.dataset.attract = "on"; }, restartMs);
}

for (const type of ["pointerdown", "keydown", "touchstart"]) {
  addEventListener(type, stop, { capture: true, passive: true });
}
root.dataset.attract = "on";
