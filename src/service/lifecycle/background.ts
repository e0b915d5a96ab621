// What an asset's lifecycle asks of a download handed to the browser
// (Background Fetch): whether it still runs, and stopping it. Background Fetch
// has no pause: pausing one aborts it (what the worker had stored stays; what
// the fetch held is stored by the worker's abort handler when it can be read).
import { backgroundFetchManager } from '../background/handover.js';
import type { AssetRecord } from '../registry/asset-record.js';

/** The handover named by the record still runs or waits for the worker to store it (its fetch is known to the browser). */
export async function backgroundAlive(record: AssetRecord | null): Promise<boolean> {
  const id = record?.background?.id;
  if (!id) return false;
  const manager = await backgroundFetchManager().catch(() => null);
  // No way to ask (no worker controls this page now): say it runs rather than
  // take it over; a page the worker controls, or the worker itself, decides.
  if (!manager) return true;
  return !!(await manager.get(id).catch(() => undefined));
}

/**
 * Aborts the background fetch: 'aborted' (the worker's abort handler settles
 * the asset), 'finished' (it ended meanwhile: the worker settles it) or
 * 'gone' (the browser no longer knows it: nobody will).
 */
export async function abortBackground(id: string): Promise<'aborted' | 'finished' | 'gone'> {
  const manager = await backgroundFetchManager().catch(() => null);
  const registration = manager ? await manager.get(id).catch(() => undefined) : undefined;
  if (!registration) return manager ? 'gone' : 'finished';
  if (registration.result !== '') return 'finished';
  return (await registration.abort().catch(() => false)) ? 'aborted' : 'finished';
}

/** Background fetches whose progress this page already follows. */
const followed = new Set<string>();

/**
 * Reports the progress of the record's background fetch (the browser's
 * `progress` events on its registration) until it ends: a page opened while
 * it runs shows it moving. Stored bytes before the handover plus what the
 * fetch received; the total is the record's estimate.
 */
export async function followBackgroundProgress(record: AssetRecord, report: (bytes: number, total: number) => void): Promise<void> {
  const id = record.background?.id;
  if (!id || followed.has(id)) return;
  const manager = await backgroundFetchManager().catch(() => null);
  const registration = manager ? await manager.get(id).catch(() => undefined) : undefined;
  if (!registration) return;
  followed.add(id);
  const tell = () => {
    if (registration.result !== '') {
      registration.removeEventListener('progress', tell);
      followed.delete(id);
      return;
    }
    const bytes = record.bytesDownloaded + registration.downloaded;
    report(bytes, Math.max(bytes, record.estimatedTotalBytes));
  };
  registration.addEventListener('progress', tell);
  tell();
}
