// Browser-side wrappers around the test runner's server commands
// (test/support/commands.mjs): the network cut, quota, permissions, CDP calls.
import { executeServerCommand } from '@web/test-runner-commands';

export interface Engine {
  /** The protocol the runner drives this browser with. */
  protocol: 'cdp' | 'webDriverBiDi' | 'webdriver';
  version: string;
  /**
   * What `cutNetwork()` cuts: only the media server's paths (DevTools
   * Protocol), the whole page (WebDriver BiDi), or nothing (not available).
   */
  networkCut: 'media-paths' | 'whole-page' | null;
}

let engineInfo: Promise<Engine> | undefined;
/** Which protocol drives this browser (what the server commands can do follows from it). */
export function engine(): Promise<Engine> {
  engineInfo ??= executeServerCommand('engine') as Promise<Engine>;
  return engineInfo;
}

/**
 * Cuts the network in this browser page: requests to the media server's
 * paths (fixtures, licences, scoped paths) fail and navigator.onLine is
 * false, with the `offline` event. Chromium (DevTools Protocol) blocks only
 * those paths; Firefox (WebDriver BiDi) puts the whole page offline, so any
 * other HTTP request made during the cut fails too (the runner's own
 * connection stays up in both).
 */
export async function cutNetwork(): Promise<void> {
  if ((await engine()).networkCut === 'whole-page') await loadCodeForOffline();
  await executeServerCommand('network', { offline: true });
  cut = true;
}

export async function restoreNetwork(): Promise<void> {
  await executeServerCommand('network', { offline: false });
  cut = false;
}

/**
 * Loads the library's lazy chunks and Shaka Player in this page. Under a
 * whole-page cut a module first imported during the cut cannot load (in
 * production a service worker's precache serves it; the test server has
 * none), and what the tests check there is the stored media, not how the
 * code arrives.
 */
async function loadCodeForOffline(): Promise<void> {
  const [{ loadShaka }, { lazy }] = await Promise.all([import('../../src/service/shaka/shaka.js'), import('../../src/service/lazy.js')]);
  // axe too: `expect(el).to.be.accessible()` loads it on first use, maybe during the cut.
  await Promise.all([loadShaka(), ...Object.values(lazy).map((load) => load()), import('axe-core/axe.min.js' as string)]);
}

// A test that fails or times out with the network cut must not leave it cut
// for the tests after it.
let cut = false;
afterEach(async () => {
  if (cut) await restoreNetwork();
});

/** Runs `body` with the network cut, restoring it afterwards whatever happens. */
export async function withNetworkCut<T>(body: () => Promise<T>): Promise<T> {
  await cutNetwork();
  try {
    return await body();
  } finally {
    await restoreNetwork();
  }
}

/**
 * Gives `origin` a storage quota of about `bytes` (null: back to the
 * browser's own). Resolves with the quota the origin will report: in
 * Chromium exactly `bytes`, set in the running browser; in Firefox the
 * nearest value its quota manager can hold, and only for a page opened on
 * that origin afterwards with `openRemotePage` (a browser of its own).
 */
export async function setQuota(origin: string, bytes: number | null): Promise<{ quota: number | null }> {
  return (await executeServerCommand('set-quota', { origin, bytes })) as { quota: number | null };
}

/** Sets a permission (e.g. `persistent-storage`) for `origin` in this browser. */
export async function setPermission(origin: string, name: string, state: 'granted' | 'denied' | 'prompt'): Promise<void> {
  await executeServerCommand('set-permission', { origin, name, state });
}

/** Undoes every `setPermission` of this page's browser context. */
export async function resetPermissions(): Promise<void> {
  await executeServerCommand('reset-permissions');
}

/** A raw DevTools Protocol call (Chromium only: it throws in other browsers). */
export function cdp<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  return executeServerCommand('cdp', { method, params }) as Promise<T>;
}
