// registerOfflineShell(): the one line a site adds so its pages load with no
// network (see offline-shell.sw.ts for what the worker keeps).
import { ErrorCode, OfflineError } from '../errors.js';
import { fetchedEntryUrls } from '../service/model/parse-entry.js';
import { SHELL_MESSAGES, type WarmMessage, askShell, isStaticAssetPath } from './shell-protocol.js';

/** Which build this code was bundled into (set by rollup; absent when the sources are used directly). */
declare const __OFFLINE_PLAYER_BUILD__: string | undefined;
// Read when the module is evaluated: in the IIFE this is the only moment the
// script's own URL (document.currentScript) is known.
const HERE = import.meta.url;

export interface OfflineShellOptions {
  /** The worker's scope (default: the folder of its script, as for any service worker). */
  scope?: string;
  /**
   * URL of the library's `dist/` folder, whose files the worker precaches.
   * Default: where this code was loaded from when it runs from the library's
   * bundle or IIFE; with a bundler of your own, pass it (or null: nothing of
   * the library is precached, your own build's files are kept as they load).
   */
  libraryUrl?: string | null;
}

/** The `dist/` folder of the running bundle or IIFE, or null (sources or a bundler). */
export function libraryUrl(): string | null {
  const build = typeof __OFFLINE_PLAYER_BUILD__ === 'string' ? __OFFLINE_PLAYER_BUILD__ : 'esm';
  try {
    if (build === 'bundle') return new URL('../', HERE).href;
    if (build === 'iife') return new URL('./', HERE).href;
  } catch {
    // not a URL we can resolve against
  }
  return null;
}

/**
 * Registers the offline shell service worker, so that a page opened once
 * online loads again with the network cut. Serve `dist/offline-player-sw.js`
 * at the scope you want (for example `/offline-player-sw.js` for the whole
 * site) and call this once per page. Resolves with the registration, or null
 * where service workers are not available (plain http on a remote host, old
 * browsers): the open tab still plays downloads then.
 */
export async function registerOfflineShell(
  scriptUrl: string | URL = '/offline-player-sw.js',
  options: OfflineShellOptions = {},
): Promise<ServiceWorkerRegistration | null> {
  if (typeof options !== 'object' || options === null) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'registerOfflineShell: options must be an object');
  let url: URL;
  try {
    url = new URL(String(scriptUrl), document.baseURI);
  } catch (e) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `registerOfflineShell: "${String(scriptUrl)}" is not a URL`, { cause: e });
  }
  if (url.origin !== location.origin) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `registerOfflineShell: the worker must be served from this origin (${location.origin}), not ${url.origin}`);
  }
  if (options.scope !== undefined && typeof options.scope !== 'string') {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'registerOfflineShell: scope must be a string');
  }
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return null;
  const lib = options.libraryUrl === undefined ? libraryUrl() : options.libraryUrl;
  if (lib) url.searchParams.set('lib', new URL(lib, document.baseURI).href);
  let registration: ServiceWorkerRegistration;
  try {
    registration = await navigator.serviceWorker.register(url.href, { scope: options.scope, updateViaCache: 'none' });
  } catch (e) {
    throw new OfflineError(ErrorCode.SERVICE_WORKER_ERROR, `The offline shell could not be registered: ${(e as Error)?.message ?? e}`, {
      cause: e,
      details: { scriptUrl: url.href, reason: (e as Error)?.message ?? String(e) },
    });
  }
  void navigator.serviceWorker.ready.then((ready) => warm(ready.active)).catch(() => undefined);
  // The first install takes this page over a moment after `ready`: what was
  // fetched in between is sent again (later fetches go through the worker).
  if (!navigator.serviceWorker.controller) {
    navigator.serviceWorker.addEventListener('controllerchange', () => warm(navigator.serviceWorker.controller), { once: true });
  }
  return registration;
}

/**
 * Sends the worker what this page loaded before the worker controlled it
 * (its own URL, scripts, styles, images, entry JSON), so the first visit is
 * enough for a cold start offline. The worker keeps what its rules allow.
 */
function warm(worker: ServiceWorker | null): void {
  if (!worker) return;
  const resources = performance.getEntriesByType('resource').map((r) => r.name);
  const message: WarmMessage = {
    type: SHELL_MESSAGES.warm,
    pages: [location.href.split('#')[0]],
    assets: resources.filter((name) => {
      try {
        const u = new URL(name);
        return u.origin === location.origin && isStaticAssetPath(u.pathname);
      } catch {
        return false;
      }
    }),
    entries: [...fetchedEntryUrls],
  };
  worker.postMessage(message);
}

/** Asks the worker that serves this page which library version it holds (null when none controls it). */
export async function offlineShellVersion(timeoutMs = 2000): Promise<{ version: string; library: string | null } | null> {
  const info = await askShell(timeoutMs);
  return info ? { version: info.version, library: info.library } : null;
}

/**
 * `<script src=".../offline-player.iife.js" data-offline-shell="/offline-player-sw.js">`:
 * the library's own script tag registers the shell, so a CMS page needs no
 * script of its own (`data-offline-shell-scope` sets the scope). A failure is
 * reported on the console: a declarative tag has no caller to tell.
 */
export function registerFromScriptTag(): void {
  if (typeof document === 'undefined') return;
  const tag = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-offline-shell]');
  const url = tag?.dataset.offlineShell;
  if (!tag || !url) return;
  registerOfflineShell(url, { scope: tag.dataset.offlineShellScope }).catch((e: unknown) => console.warn(`offline-player: ${(e as Error)?.message ?? e}`));
}
