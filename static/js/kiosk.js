// Entry point of the kiosk's small enhancement modules; every page works without it.
import "./heartbeat.js"; // first, so that it hears the others' errors
import "./text-size.js";
import "./idle.js";
import "./screen-commands.js";

// The keyboard is only fetched where a field asks for it and the kiosk renders its container.
if (document.querySelector("[data-osk]") && document.querySelector("[data-keyboard]")) {
  import("./keyboard.js");
}
