// The offline shell: a service worker (built on Workbox) that lets a page the
// user opened once online load again with no network at all. Downloaded media
// never goes through it: segments, manifests and licences live in IndexedDB
// (the LocalAssetsManager's databases) and are never cached here.
//
// What it keeps, and how (see README "Offline from a cold start"):
// - the library's own files (the ESM bundle and the IIFE), precached at
//   install from the build's manifest: content-hashed chunks are served cache
//   first (they never change); the entry files (offline-player.js, the IIFE)
//   network first, so a page online never runs an older library than the
//   server has, and offline the newest copy seen;
// - pages (navigations), same-origin scripts, styles, images and fonts:
//   network first, with the last copy as the fallback;
// - media entry JSON fetched by the library (`Accept: application/json`):
//   network first, with the last copy as the fallback.
// A page opened before the worker controlled it sends the URLs it already
// loaded (registerOfflineShell does), so even the first visit is kept.
// It also stores background downloads (Background Fetch) when they end, with
// every page closed (background/background-downloads.ts).
import { clientsClaim } from 'workbox-core';
import { ExpirationPlugin } from 'workbox-expiration';
import { addRoute, cleanupOutdatedCaches, matchPrecache, precache } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { NetworkFirst, type Strategy } from 'workbox-strategies';
import { VERSION } from '../version.js';
import { type BackgroundFetchScope, handleBackgroundDownloads } from './background/background-downloads.js';
import { type ShellInfo, type WarmMessage, isStaticAssetPath, SHELL_MESSAGES } from './shell-protocol.js';

interface PrecacheEntry {
  url: string;
  revision: string | null;
}
interface WorkerScope {
  __WB_MANIFEST: PrecacheEntry[];
  location: Location;
  registration: { backgroundFetch?: unknown };
  skipWaiting(): Promise<void>;
  addEventListener: BackgroundFetchScope['addEventListener'] & ((type: 'message', listener: (event: ExtendableMessageEvent) => void) => void);
}
interface ExtendableMessageEvent extends MessageEvent {
  waitUntil(promise: Promise<unknown>): void;
}
declare const self: WorkerScope;

/** Where the library's files are served from (`?lib=` on the worker's URL, set by registerOfflineShell). */
function libraryBase(): string | null {
  const lib = new URL(self.location.href).searchParams.get('lib');
  if (!lib) return null;
  try {
    const url = new URL(lib, self.location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

const base = libraryBase();
// Build-time list of the library's files, relative to its dist/ folder.
const manifest: PrecacheEntry[] = base ? self.__WB_MANIFEST.map((e) => ({ url: new URL(e.url, base).href, revision: e.revision })) : [];
/** Library files whose name does not change with their content (revision given): network first. */
const entryFiles = new Set(manifest.filter((e) => e.revision !== null).map((e) => e.url));
const precached = new Set(manifest.map((e) => e.url));

const sameOrigin = (url: URL) => url.origin === self.location.origin;
const keep = (maxEntries: number) => [new ExpirationPlugin({ maxEntries, purgeOnQuotaError: true })];

const libraryStrategy = new NetworkFirst({
  cacheName: 'offline-player-library',
  networkTimeoutSeconds: 5,
  plugins: [
    ...keep(50),
    // Offline and not seen at run time: the copy precached at install.
    { handlerDidError: async ({ request }) => (await matchPrecache(request.url)) ?? undefined },
  ],
});
const pageStrategy = new NetworkFirst({ cacheName: 'offline-player-pages', networkTimeoutSeconds: 5, plugins: keep(50) });
const assetStrategy = new NetworkFirst({ cacheName: 'offline-player-assets', networkTimeoutSeconds: 5, plugins: keep(200) });
const entryStrategy = new NetworkFirst({ cacheName: 'offline-player-entries', networkTimeoutSeconds: 5, plugins: keep(200) });

const isEntryRequest = (request: Request) =>
  request.method === 'GET' && request.destination === '' && (request.headers.get('accept') ?? '').includes('application/json');
const isAsset = (request: Request, url: URL) =>
  sameOrigin(url) &&
  (['script', 'style', 'image', 'font', 'manifest'].includes(request.destination) || (request.destination === '' && isStaticAssetPath(url.pathname)));

precache(manifest);
cleanupOutdatedCaches();
registerRoute(({ url }) => entryFiles.has(url.href.split('#')[0]), libraryStrategy);
addRoute(); // precached, content-hashed library chunks: cache first
registerRoute(({ request, url }) => request.mode === 'navigate' && sameOrigin(url), pageStrategy);
registerRoute(({ request }) => isEntryRequest(request), entryStrategy);
registerRoute(({ request, url }) => isAsset(request, url), assetStrategy);

// The first install takes the open pages at once (nothing was serving them);
// an update waits until every page of the old version is closed, unless a
// page asks for it (SKIP_WAITING), so an open page never loses a file it may
// still load.
clientsClaim();

/** Feature detection: the browser has Background Fetch for this registration. */
const backgroundDownloads = !!self.registration.backgroundFetch;
handleBackgroundDownloads(self);

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === SHELL_MESSAGES.skipWaiting) void self.skipWaiting();
  else if (data?.type === SHELL_MESSAGES.version) event.ports[0]?.postMessage({ version: VERSION, library: base, backgroundDownloads } satisfies ShellInfo);
  else if (data?.type === SHELL_MESSAGES.warm) event.waitUntil(warm(event, data as WarmMessage));
});

/** Keeps what a page loaded before this worker controlled it. */
async function warm(event: ExtendableMessageEvent, message: WarmMessage): Promise<void> {
  const jobs: Array<Promise<unknown>> = [];
  const run = (strategy: Strategy, request: Request) => jobs.push(strategy.handle({ event: event as never, request }).catch(() => undefined));
  for (const href of list(message.pages)) {
    const url = new URL(href);
    if (sameOrigin(url)) run(pageStrategy, new Request(url, { credentials: 'same-origin' }));
  }
  for (const href of list(message.assets)) {
    const url = new URL(href);
    if (precached.has(url.href)) continue;
    if (sameOrigin(url) && isStaticAssetPath(url.pathname)) run(assetStrategy, new Request(url));
  }
  for (const href of list(message.entries)) {
    run(entryStrategy, new Request(href, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }));
  }
  await Promise.all(jobs);
}

function list(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && /^https?:/.test(v)).slice(0, 500);
}
