// The kiosk's service worker (served at /kiosk/sw.js, scope /kiosk/).
// The shell (HTML, CSS, JS, icons) is precached and served cache-first, so the kiosk starts with no
// network; the configuration is network-first with the last good copy as fallback. Answers are
// never cached here: POSTs pass straight through, and the page keeps its own outbox.

const VERSION = "__VERSION__";
const SHELL_CACHE = `mutu-kiosk-shell-${VERSION}`;
const CONFIG_CACHE = "mutu-kiosk-config";
const PRECACHE = __PRECACHE__;
const SHELL_URL = PRECACHE[0];
const CONFIG_PATH = "/api/v1/kiosk/config";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("mutu-kiosk-shell-") && key !== SHELL_CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // answers go to the network, never to a cache
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CONFIG_PATH) {
    event.respondWith(configNetworkFirst(request));
    return;
  }
  if (request.mode === "navigate" && url.pathname === SHELL_URL) {
    event.respondWith(cacheFirst(SHELL_URL, request));
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(cacheFirst(url.pathname, request));
  }
});

async function cacheFirst(key, request) {
  const cache = await caches.open(SHELL_CACHE);
  const hit = await cache.match(key);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && request.mode !== "navigate") cache.put(key, response.clone());
  return response;
}

// The cache key is the URL (with ?lang=); a 401/403 from the server is passed on, not hidden.
async function configNetworkFirst(request) {
  const cache = await caches.open(CONFIG_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.url, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request.url);
    if (hit) return hit;
    throw error;
  }
}
