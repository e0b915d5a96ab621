// The seed's third-party path for progressive files: the app downloaded the
// bytes itself (a Blob/File) or can serve them from a same-origin URL; the
// manager stores them in its media database and registers a completed asset.
import { ErrorCode, OfflineError } from '../../errors.js';
import { FORMAT_MIME_TYPES, type MediaEntry, type MediaSource } from '../model/media-entry.js';
import type { AssetRecord } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { FetchPolicy } from './fetch-resource.js';
import { type FileRecord, ProgressiveStore } from './progressive-store.js';
import { transferFile } from './progressive-transfer.js';

export async function registerLocalFile(
  registry: AssetRegistry,
  assetId: string,
  source: MediaSource,
  entry: MediaEntry | null,
  location: Blob | string | URL,
  policy: FetchPolicy,
  chunkBytes: number,
): Promise<AssetRecord> {
  // Validate everything before touching storage.
  if (location instanceof Blob && location.size === 0) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'The downloaded file is empty');
  if (!(location instanceof Blob) && typeof location !== 'string' && !(location instanceof URL)) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'The location must be a Blob/File or a same-origin URL');
  }
  const url = location instanceof Blob ? source.contentUrl : sameOriginUrl(location);
  const key = registry.mediaKey(assetId);
  const file: FileRecord = {
    key,
    url,
    mimeType: source.mimeType ?? FORMAT_MIME_TYPES[source.mediaFormat],
    size: location instanceof Blob ? location.size : null,
    storedBytes: 0,
    chunks: 0,
    complete: false,
    validator: null,
  };
  // Leftovers of an earlier failed registration of this asset in this store.
  await ProgressiveStore.remove(key);
  try {
    await ProgressiveStore.putFile(file);
    if (location instanceof Blob) {
      await ProgressiveStore.appendChunk(file, location);
      file.complete = true;
      await ProgressiveStore.putFile(file);
    } else {
      await transferFile(file, { policy, chunkBytes }, new AbortController().signal);
    }
  } catch (e) {
    await ProgressiveStore.remove(key).catch(() => {});
    throw e;
  }
  const now = Date.now();
  const record: AssetRecord = {
    version: 1,
    assetId,
    entry: entry ?? { id: assetId, sources: [source], mediaType: 'vod', metadata: {} },
    source,
    storage: 'progressive',
    mediaKey: key,
    drmScheme: null,
    state: 'completed',
    reason: null,
    error: null,
    manifestKey: null,
    selection: null,
    bytesDownloaded: file.storedBytes,
    estimatedTotalBytes: file.storedBytes,
    thirdParty: true,
    createdAt: now,
    updatedAt: now,
    downloadedAt: now,
  };
  await registry.put(record);
  return record;
}

export function sameOriginUrl(location: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(location), document.baseURI);
  } catch (e) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `The location is not a URL: ${String(location)}`, { cause: e });
  }
  if (url.origin !== window.location.origin) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `The location must be same-origin (${url.origin} is not ${window.location.origin})`);
  }
  return url.href;
}
