/* global self, caches, Response */
// Service worker of the World Café capture page: the page and its scripts come from
// the cache when the network is gone, so a facilitator can reload offline. API calls
// are never cached (the page's offline queue handles them).
const ASSETS = 'world-cafe-assets-v1';
const PAGES = 'world-cafe-pages-v1';
const PRECACHE = [
  '/static/css/app.css',
  '/static/css/world-cafe.css',
  '/static/js/offline-queue.js',
  '/static/js/world-cafe/capture.js',
  '/static/vendor/idb/index.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(ASSETS)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});
self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (
    request.method !== 'GET' ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith('/api/')
  )
    return;
  if (request.mode === 'navigate') {
    // Network first, so a new deployment or a revoked link shows; the copy when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            void caches.open(PAGES).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(async () => (await caches.match(request)) || Response.error()),
    );
    return;
  }
  if (PRECACHE.includes(url.pathname)) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const copy = response.clone();
          if (response.ok) void caches.open(ASSETS).then((cache) => cache.put(request, copy));
          return response;
        })
        .catch(async () => (await caches.match(request)) || Response.error()),
    );
  }
});
