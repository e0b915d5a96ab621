// Handing the rest of a download to the browser (Background Fetch, through
// the offline shell worker), so it goes on with every page closed. Only where
// it can be done exactly as the page would do it: otherwise the download
// stays in the page, as without the option, and the reason is given.
import type { AssetRecord } from '../registry/asset-record.js';
import type { WorkItem } from '../download/work.js';
import { askShell } from '../../sw/shell-protocol.js';

/** What the job knows when it could hand over. */
export interface HandoverInput {
  record: AssetRecord;
  work: WorkItem[];
  /** HLS AES-128: segments are decrypted as they arrive. */
  aes: boolean;
  /** The licence still has to be read from stored init segments (ClearKey without key ids in the manifest). */
  licencePending: boolean;
  /** Media requests get headers or credentials from the page (mediaRequestInit). */
  requestInit: boolean;
  /** Bytes the plan still expects. */
  remainingBytes: number;
  /** Whether every remaining size is exact (ranges, or sizes the server gave). */
  exactSizes: boolean;
}

/**
 * Why this download cannot be handed over as it is (null: it can). Each
 * shape kept in the page is one the worker could not store exactly as the
 * page does.
 */
export function keptInPageBecause(input: HandoverInput): string | null {
  if (input.work.length === 0) return 'nothing is left to download';
  if (input.aes) return 'HLS AES-128 segments are decrypted with keys that are never stored: the worker cannot have them';
  if (input.licencePending) return 'the licence is read from the init segments once they are stored, in the page';
  if (input.requestInit) return 'mediaRequestInit adds headers or credentials in the page (a token a later background fetch would replay)';
  for (const item of input.work) {
    if (item.request.inline) return 'a segment is data the manifest held, not a request';
    if (item.request.uris.length !== 1 || item.request.start !== 0 || item.request.end !== null) {
      return 'byte ranges and fallback URIs need the page’s own requests (a background fetch takes whole URLs)';
    }
  }
  if (new Set(input.work.map((item) => item.request.uris[0])).size !== input.work.length) return 'a URL is asked for twice';
  return null;
}

interface BackgroundFetchOptions {
  title?: string;
  icons?: Array<{ src: string; sizes?: string; type?: string }>;
  downloadTotal?: number;
}
export interface BackgroundFetchRegistrationLike extends EventTarget {
  readonly id: string;
  readonly result: '' | 'success' | 'failure';
  readonly failureReason: string;
  readonly downloaded: number;
  readonly downloadTotal: number;
  abort(): Promise<boolean>;
}
interface BackgroundFetchManagerLike {
  fetch(id: string, requests: RequestInfo | RequestInfo[], options?: BackgroundFetchOptions): Promise<BackgroundFetchRegistrationLike>;
  get(id: string): Promise<BackgroundFetchRegistrationLike | undefined>;
}

/** The Background Fetch manager of the registration that controls this context (the worker's own in the worker). */
export async function backgroundFetchManager(): Promise<BackgroundFetchManagerLike | null> {
  const own = (globalThis as { registration?: { backgroundFetch?: BackgroundFetchManagerLike } }).registration;
  if (own) return own.backgroundFetch ?? null;
  const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  if (!container?.controller) return null;
  const registration = (await container.getRegistration().catch(() => undefined)) as { backgroundFetch?: BackgroundFetchManagerLike } | undefined;
  return registration?.backgroundFetch ?? null;
}

/**
 * Whether the worker that controls this page is our offline shell and
 * stores background downloads (a site's own worker would not): feature
 * detection by asking it, never by the browser's name.
 */
export async function shellStoresBackgroundDownloads(timeoutMs = 2000): Promise<boolean> {
  return (await askShell(timeoutMs))?.backgroundDownloads === true;
}

/**
 * The total the browser shows and enforces: a background fetch that receives
 * more than its `downloadTotal` fails, so an estimate gets a margin (the
 * browser's bar then ends a little short of full); exact sizes go as they are.
 */
export function downloadTotalFor(remainingBytes: number, exact: boolean): number {
  if (remainingBytes <= 0) return 0;
  return exact ? remainingBytes : Math.ceil(remainingBytes * 1.25);
}

/** Starts the background fetch of `work`; rejects when the browser refuses it (the page then keeps the download). */
export async function startBackgroundFetch(manager: BackgroundFetchManagerLike, id: string, input: HandoverInput): Promise<void> {
  const { record } = input;
  const requests = input.work.map((item) => new Request(item.request.uris[0], { mode: 'cors', credentials: 'same-origin' }));
  const icons = record.entry.thumbnailUrl ? [{ src: record.entry.thumbnailUrl }] : [];
  await manager.fetch(id, requests, {
    title: record.entry.name ?? record.assetId,
    icons,
    downloadTotal: downloadTotalFor(input.remainingBytes, input.exactSizes),
  });
}
