// The live inbox: asks /staff/live every few seconds whether requests arrived (from any server of the
// clinic) or fell overdue; then redraws the list from the server's own page, counts in the title, says
// so in the role=status line and, when staff switched it on, plays a short chime made with WebAudio.
// One small fetch per poll and nothing held open between polls. Without JavaScript the page stays as drawn.
const root = document.querySelector("[data-live-inbox]");
const POLL_MS = Number(root?.dataset.livePoll || 5000);
const CHIME_KEY = "kiosk-staff-chime";

if (root) {
  const since = Number(root.dataset.latest) || 0;
  let shown = since;
  let overdue = Number(root.dataset.overdue) || 0;
  let announced = 0; // new requests (of the inbox's branch filter) already announced
  const status = root.querySelector("[data-live-status]");
  const controls = root.querySelector("[data-chime-controls]");
  const chimeSwitch = root.querySelector("[data-chime-switch]");
  let audio = null;

  function chime() {
    if (!audio || audio.state !== "running") return; // browsers allow sound only after a touch or click
    const start = audio.currentTime;
    [880, 660].forEach((frequency, index) => {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      const at = start + index * 0.25;
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, at);
      volume.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.4);
      tone.connect(volume).connect(audio.destination);
      tone.start(at);
      tone.stop(at + 0.45);
    });
  }

  function unlockAudio() {
    if (!window.AudioContext) return;
    audio = audio || new AudioContext();
    if (audio.state === "suspended") audio.resume();
  }

  if (controls && chimeSwitch) {
    controls.hidden = false;
    chimeSwitch.checked = localStorage.getItem(CHIME_KEY) === "on";
    chimeSwitch.addEventListener("change", () => {
      localStorage.setItem(CHIME_KEY, chimeSwitch.checked ? "on" : "off");
      if (chimeSwitch.checked) {
        unlockAudio(); // this click is the touch the browser waits for
        chime();
      }
    });
    // Any click on the page lets a switched-on chime sound later.
    document.addEventListener("pointerdown", () => { if (chimeSwitch.checked) unlockAudio(); }, { once: true });
  }

  async function redraw() {
    const response = await fetch(window.location.href, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    const results = fresh.querySelector("[data-live-results]");
    const current = document.querySelector("[data-live-results]");
    if (results && current) current.replaceWith(document.adoptNode(results));
  }

  async function poll() {
    try {
      const url = new URL(root.dataset.liveUrl, window.location.href);
      url.searchParams.set("since", String(since));
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store",
                                           headers: { Accept: "application/json" } });
      if (response.redirected || !response.ok) {
        // Signed out (idle or elsewhere): reload once so the page shows the sign-in, and stop polling.
        if (response.redirected) window.location.reload();
        return;
      }
      const live = await response.json();
      if (live.latest > shown || live.overdue !== overdue) await redraw();
      if (live.new > announced) {
        status.textContent = live.message;
        if (chimeSwitch?.checked) chime();
        announced = live.new;
      }
      shown = Math.max(shown, live.latest);
      overdue = live.overdue;
      document.title = live.title;
    } catch (error) {
      // The server is restarting or the network blinked: try again at the next poll.
    }
    window.setTimeout(poll, POLL_MS);
  }

  window.setTimeout(poll, POLL_MS);
}
