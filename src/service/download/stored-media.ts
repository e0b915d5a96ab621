// An asset's media, wherever it is stored: Shaka's manifest and segments
// (DASH/HLS) or the progressive file and its chunks.
import type { AssetRecord } from '../registry/asset-record.js';
import { ShakaDb } from '../shaka/shaka-db.js';
import { PartialStore, ProgressiveStore } from './progressive-store.js';

/** Deletes the asset's media; resolves with the bytes freed. */
export async function removeStoredMedia(record: AssetRecord): Promise<number> {
  if (record.storage === 'shaka') {
    await PartialStore.deletePrefix(record.mediaKey);
    return record.manifestKey === null ? 0 : (await ShakaDb.removeManifest(record.manifestKey)).bytes;
  }
  return ProgressiveStore.remove(record.mediaKey);
}

/** Bytes really stored for the asset (not what was last saved as progress). */
export async function storedBytes(record: AssetRecord): Promise<number> {
  if (record.storage === 'shaka') return record.manifestKey === null ? 0 : ((await ShakaDb.getManifest(record.manifestKey))?.size ?? 0);
  return (await ProgressiveStore.getFile(record.mediaKey))?.storedBytes ?? 0;
}
