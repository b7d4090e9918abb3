// Every kiosk page registers the service worker (SPEC §3 Offline) so that the screen keeps its pages before
// the first outage: the kiosk browser runs --incognito and starts with nothing kept. The worker then keeps
// itself up to date (the browser asks for /sw.js again on later pages; kiosk/offline.py).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
    // Refused (a locked-down profile) or the server away: the page works as before, without offline copies.
  });
}
