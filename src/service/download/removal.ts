// Deleting an asset's media: Shaka's manifest and every segment it points to
// (one transaction), or the progressive file and its chunks.
import type { AssetRecord } from '../registry/asset-record.js';
import { ShakaDb } from '../shaka/shaka-db.js';
import { ProgressiveStore } from './progressive-store.js';

export async function removeStoredMedia(record: AssetRecord): Promise<number> {
  if (record.storage === 'shaka') {
    return record.manifestKey === null ? 0 : (await ShakaDb.removeManifest(record.manifestKey)).bytes;
  }
  return ProgressiveStore.remove(record.mediaKey);
}
