// Entry point of the kiosk's small enhancement modules; every page works without it.
import "./heartbeat.js"; // first, so that it hears the others' errors
import "./text-size.js";
import "./idle.js";
import "./screen-commands.js";
import { count } from "./usage.js";

// The server counts a page view when it sends the page, but not a prerendered one (nobody saw it yet):
// that one counts itself once shown (usage.js waits for that).
if (document.prerendering) count("page_view");

// Every kiosk page registers the service worker (SPEC §3 Offline), so the screen keeps its pages before the
// first outage: the kiosk browser runs --incognito and starts with nothing kept (kiosk/offline.py). Here, not
// in a module of its own: one request fewer on a first view. Refused or the server away: pages work as before.
navigator.serviceWorker?.register("/sw.js", { scope: "/" }).catch(() => {});

// The keyboard is only fetched where a field asks for it and the kiosk renders its container.
if (document.querySelector("[data-osk]") && document.querySelector("[data-keyboard]")) {
  import("./keyboard.js");
}
