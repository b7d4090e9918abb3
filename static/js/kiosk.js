// Entry point of the kiosk's small enhancement modules; every page works without it.
