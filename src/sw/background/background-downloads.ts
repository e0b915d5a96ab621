// The offline shell's part in background downloads (the manager's
// `backgroundDownloads` option): when a Background Fetch a page handed over
// ends, with every page closed or not, the asset's own lifecycle, here in the
// worker, stores what arrived through the page's storage code and writes the
// record (the one writer, under the asset's lock; every open page hears it
// through the status hub's channel).
//   success: everything is stored, the asset is completed;
//   fail:    what arrived whole is stored, the asset is paused with a reason
//            and resumes in a page from there;
//   abort:   the same (a pause, or the user cancelled it in the browser's UI).
import type { QueueAccess } from '../../service/queue/download-queue.js';
import { parseHandoverId, type HandoverTarget } from '../../service/background/handover-id.js';
import type { BackgroundFetchRegistrationLike } from '../../service/background/handover.js';
import { storeFetched } from '../../service/background/store-fetched.js';
import { ErrorCode, OfflineError } from '../../errors.js';
import { AssetLifecycle } from '../../service/lifecycle/asset-lifecycle.js';
import { StatusHub } from '../../service/lifecycle/status-hub.js';
import { resolveOptions } from '../../service/options.js';
import type { StateReason } from '../../service/registry/asset-record.js';
import { AssetRegistry } from '../../service/registry/asset-registry.js';
import { DefaultLocalDataStore } from '../../storage/default-local-data-store.js';

interface BackgroundFetchRecord {
  readonly request: Request;
  readonly responseReady: Promise<Response>;
}
interface FinishedRegistration extends BackgroundFetchRegistrationLike {
  matchAll(): Promise<BackgroundFetchRecord[]>;
}
export interface BackgroundFetchEvent extends Event {
  readonly registration: FinishedRegistration;
  waitUntil(promise: Promise<unknown>): void;
}
export interface BackgroundFetchScope {
  addEventListener(type: 'backgroundfetchsuccess' | 'backgroundfetchfail' | 'backgroundfetchabort', listener: (event: BackgroundFetchEvent) => void): void;
}

/** Why a failed fetch stopped, as the asset's pause reason (Background Fetch's failureReason). */
export function pauseReason(failureReason: string): StateReason {
  switch (failureReason) {
    case 'aborted':
      return 'user';
    case 'fetch-error':
      return 'network';
    case 'quota-exceeded':
      return 'quota';
    case 'download-total-exceeded':
      return 'interrupted'; // the estimate was short: resuming in a page fetches the rest
    default:
      return 'error'; // bad-status
  }
}

/** One store's registry and hub per worker life (the worker may be stopped between events). */
const stores = new Map<string, Promise<{ registry: AssetRegistry; hub: StatusHub }>>();

function storeOf(target: HandoverTarget) {
  const key = `${target.storeName}\u0000${target.storeTable}`;
  let opened = stores.get(key);
  if (!opened) {
    opened = (async () => {
      const registry = new AssetRegistry(new DefaultLocalDataStore({ name: target.storeName, storeName: target.storeTable }));
      await registry.ready;
      const hub = new StatusHub(new EventTarget(), registry, () => undefined);
      hub.open(registry.namespace);
      return { registry, hub };
    })();
    opened.catch(() => stores.delete(key));
    stores.set(key, opened);
  }
  return opened;
}

const options = resolveOptions({});

/** The worker only settles downloads the browser ran: it never starts one, so it takes no download slot. */
const noQueue: QueueAccess = {
  admit: () => Promise.reject(new OfflineError(ErrorCode.INVALID_STATE, 'The worker does not start downloads')),
  remove: () => Promise.resolve(),
  allowed: () => false,
};

/** Settles the asset of a finished fetch: stores what arrived, then completed or paused. */
export async function settle(registration: FinishedRegistration, reason: StateReason): Promise<void> {
  const target = parseHandoverId(registration.id);
  if (!target) return; // another fetch of the site: not ours
  const { registry, hub } = await storeOf(target);
  const replan = () => Promise.reject(new OfflineError(ErrorCode.INVALID_STATE, 'The worker does not plan downloads'));
  const lifecycle = new AssetLifecycle(target.assetId, { registry, hub, options, replan, background: null, queue: noQueue });
  // Records are read while the event lasts (the browser drops them after it).
  const records = await registration.matchAll().catch(() => [] as BackgroundFetchRecord[]);
  const byUrl = new Map(records.map((r) => [r.request.url, r]));
  await lifecycle.settleBackground(registration.id, reason, (record) =>
    storeFetched(record, async (url) => (await byUrl.get(url)?.responseReady.catch(() => null)) ?? null, options),
  );
}

export function handleBackgroundDownloads(scope: BackgroundFetchScope): void {
  scope.addEventListener('backgroundfetchsuccess', (event) => event.waitUntil(settle(event.registration, 'error')));
  scope.addEventListener('backgroundfetchfail', (event) => event.waitUntil(settle(event.registration, pauseReason(event.registration.failureReason))));
  scope.addEventListener('backgroundfetchabort', (event) => event.waitUntil(settle(event.registration, 'user')));
}
