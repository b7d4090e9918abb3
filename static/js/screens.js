// The screens overview updates itself: every data-seconds it fetches the tables alone and swaps them in
// (server-rendered and escaped there; nothing here builds markup from reported text).
const live = document.querySelector("[data-screens-live]");

async function refresh() {
  try {
    const response = await fetch(live.dataset.src, { credentials: "same-origin", cache: "no-store" });
    if (response.redirected) {
      window.location.reload(); // signed out (idle or elsewhere): show the sign-in rather than stale states
      return;
    }
    if (!response.ok || !response.headers.get("Content-Type")?.startsWith("text/html")) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    live.replaceChildren(...fresh.body.childNodes);
  } catch {
    // offline: the next round tries again; the page stays as it was
  }
}

if (live) setInterval(refresh, (Number(live.dataset.seconds) || 10) * 1000);
