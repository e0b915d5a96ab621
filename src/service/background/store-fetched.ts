// What a finished background fetch received, stored exactly as the page
// stores it: the same SegmentTransfer (the same batches, manifest updates and
// keys in Shaka's database), fed from the fetch's records instead of the
// network. Runs in the service worker (no DOM), under the asset's lock.
import { PartialStore } from '../databases/media-db.js';
import { ShakaDb } from '../databases/shaka-db.js';
import { SegmentTransfer } from '../download/segment-transfer.js';
import { pendingWork } from '../download/work.js';
import type { ResolvedOptions } from '../options.js';
import type { AssetRecord } from '../registry/asset-record.js';
import { ErrorCode, OfflineError } from '../../errors.js';

/** A record's response by URL (null: the fetch has none usable for it). */
export type FetchedResponses = (url: string) => Promise<Response | null>;

export interface StoredFromFetch {
  /** Every resource is stored: the manifest is complete. */
  complete: boolean;
  /** Bytes stored for the asset now. */
  bytes: number;
}

export async function storeFetched(record: AssetRecord, responses: FetchedResponses, options: ResolvedOptions): Promise<StoredFromFetch> {
  if (record.manifestKey === null) throw new OfflineError(ErrorCode.STORAGE_ERROR, `"${record.assetId}" has no stored manifest`);
  const manifest = await ShakaDb.getManifest(record.manifestKey);
  if (!manifest) throw new OfflineError(ErrorCode.STORAGE_ERROR, `The stored manifest of "${record.assetId}" is gone (storage was cleared?)`);
  // Only what arrived whole and fine: the rest stays pending (resumable).
  const arrived = new Map<string, Response>();
  for (const item of pendingWork(manifest, new Map())) {
    const url = item.request.uris[0];
    const response = url ? await responses(url).catch(() => null) : null;
    if (response?.ok) arrived.set(item.refId, response);
  }
  const work = pendingWork(manifest, new Map()).filter((item) => arrived.has(item.refId));
  const transfer = new SegmentTransfer(record.manifestKey, manifest, work, {
    parallel: options.parallelDownloads,
    maxBufferedBytes: options.maxBufferedBytes,
    mediaKey: record.mediaKey,
    policy: options.fetchPolicy,
    source: async (item) => new Uint8Array(await arrived.get(item.refId)!.arrayBuffer()),
  });
  await transfer.run(new AbortController().signal);
  const complete = !manifest.isIncomplete;
  if (complete) await PartialStore.deletePrefix(record.mediaKey).catch(() => undefined);
  return { complete, bytes: manifest.size };
}
