// Entry point of the kiosk's small enhancement modules; every page works without it.
import "./text-size.js";
import "./idle.js";

// The keyboard is only fetched where a field asks for it and the kiosk renders its container.
if (document.querySelector("[data-osk]") && document.querySelector("[data-keyboard]")) {
  import("./keyboard.js");
}
