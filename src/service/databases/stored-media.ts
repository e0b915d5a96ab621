// An asset's media, wherever it is stored: Shaka's manifest and segments
// (DASH/HLS) or the progressive file and its chunks.
import type { AssetRecord } from '../registry/asset-record.js';
import { ShakaDb } from './shaka-db.js';
import { PartialStore, ProgressiveStore } from './media-db.js';

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

/**
 * Deletes the media of an asset whose record cannot be read: its file and
 * partials (by media key) and the Shaka manifests that say they are its own.
 */
export async function removeMediaOf(mediaKey: string, assetId: string): Promise<number> {
  let bytes = await ProgressiveStore.remove(mediaKey);
  for (const { key, manifest } of await ShakaDb.listManifests()) {
    const meta = (manifest.appMetadata as { offlinePlayer?: { assetId?: string; mediaKey?: string } } | null)?.offlinePlayer;
    if (meta?.mediaKey === mediaKey && meta.assetId === assetId) bytes += (await ShakaDb.removeManifest(key)).bytes;
  }
  return bytes;
}
