// The kiosk's service worker (SPEC §3 Offline), rendered by kiosk/offline.py. Pages: network first (a saved
// translation shows at once), the kept copy only when the server cannot be reached; the consult form, the
// confirmation and anything else then get the offline page, never the browser's error page. Static files
// carry their hash in the URL: from the cache first. Nothing marked no-store and nothing a patient sent (a
// POST, anything under /consult) is ever put in the cache; /staff is not touched at all.
const CACHE = {{ cache | tojson }};
const PAGES = new Set({{ pages | tojson }});
const FILES = {{ files | tojson }};
const OFFLINE = {{ offline | tojson }};
// A server that accepts the connection and never answers: after this long a kept page (or the offline
// page) is better than a screen that hangs. Sending the form (a POST) is never cut short.
const PAGE_TIMEOUT_MS = 8000;
// The proxy in front (Caddy) answers these when the kiosk server behind it is down.
const PROXY_DOWN = new Set([502, 504]);

function keepable(response) {
  return response.ok && response.type === "basic" && !response.redirected
    && !/no-store/i.test(response.headers.get("Cache-Control") || "");
}

async function precache() {
  const cache = await caches.open(CACHE);
  // Every copy or none: a half-filled cache must not take over (install fails, the old worker stays and the
  // browser tries again on a later page). The header tells the server not to count these as page views.
  await Promise.all([...PAGES, OFFLINE, ...FILES].map(async (url) => {
    const response = await fetch(url, { cache: "no-cache", headers: { "Kiosk-Purpose": "precache" } });
    if (!keepable(response)) throw new Error(`${url} cannot be kept (${response.status})`);
    await cache.put(url, response);
  }));
}

self.addEventListener("install", (event) => {
  // Waits for nothing: the kiosk runs --incognito, so a fresh browser must be covered before its first outage.
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE && name.startsWith("kiosk-")) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

function withTimeout(request, ms) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  return fetch(request, { signal: controller.signal }).finally(() => clearTimeout(timer));
}

async function fallback(path, kept) {
  const cache = await caches.open(CACHE);
  return (kept && await cache.match(path)) || await cache.match(OFFLINE) || Response.error();
}

// A prerender's own Sec-Purpose header does not survive the worker's fetch (measured: Chromium 156 sends
// none), and the server must know, so that a page prerendered and never shown counts no view
// (kiosk/usage.py): the worker says it in a header of its own.
function forwarded(request) {
  const purpose = request.headers.get("Sec-Purpose");
  if (request.method !== "GET" || !purpose) return request;
  return new Request(request.url, { headers: { "Kiosk-Purpose": purpose }, redirect: "manual" });
}

async function navigate(event, url) {
  const request = event.request;
  const kept = request.method === "GET" && PAGES.has(url.pathname);
  let response;
  try {
    response = request.method === "GET" ? await withTimeout(forwarded(request), PAGE_TIMEOUT_MS)
      : await fetch(request);
  } catch {
    return fallback(url.pathname, kept); // no connection, or no answer in time
  }
  if (PROXY_DOWN.has(response.status)) return fallback(url.pathname, kept);
  if (kept && response.status === 200 && keepable(response)) {
    const copy = response.clone(); // the launch URL's ?screen=…&key=… is not part of what is kept
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(url.pathname, copy)));
  }
  return response;
}

async function file(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/staff")) return;
  if (event.request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (event.request.method === "GET" && url.pathname.startsWith("/static/")) {
    event.respondWith(file(event.request));
  }
  // Everything else (beats, usage counts, /healthz, rules files) goes to the network as if no worker ran.
});
