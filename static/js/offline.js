// The offline page (SPEC §3 Offline): ask the server every data-offline-retry seconds (15 at most) and go
// back to the start as soon as it answers. /healthz is never answered by the service worker, so a reply
// means the server itself is back; any HTTP answer counts (a 503 names a database problem, not an outage).
const seconds = Math.max(1, Number(document.documentElement.dataset.offlineRetry) || 15);

async function ask() {
  try {
    await fetch("/healthz", { cache: "no-store", credentials: "omit" });
  } catch {
    return; // still away
  }
  location.replace("/");
}

setInterval(ask, seconds * 1000);
