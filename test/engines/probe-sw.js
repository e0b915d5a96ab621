/* global self */
// A minimal service worker for test/engines/capabilities.test.ts: it
// activates at once and answers what its global scope offers.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  event.source?.postMessage({
    backgroundFetch: 'BackgroundFetchManager' in self,
    backgroundFetchOnRegistration: 'backgroundFetch' in self.registration,
    caches: 'caches' in self,
    indexedDB: 'indexedDB' in self,
  });
});
