// The seed's third-party path for progressive files: the app downloaded the
// bytes itself (a Blob/File) or can serve them from a same-origin URL; they
// are stored in the media database and the record of a completed asset is
// returned (the asset's lifecycle writes it).
import { ErrorCode, OfflineError } from '../../errors.js';
import { type FileRecord, ProgressiveStore } from '../databases/media-db.js';
import { FORMAT_MIME_TYPES, type MediaEntry, type MediaSource } from '../model/media-entry.js';
import type { AssetRecord } from '../registry/asset-record.js';
import { transferFile } from './progressive-transfer.js';
import type { FetchPolicy } from './retry.js';
import { stripUrl } from '../model/strip-query.js';

/**
 * Where app-downloaded media goes: a DASH/HLS manifest URL is downloaded now
 * (`download`), a progressive file (Blob/File or same-origin URL) is stored
 * and registered as completed (`register`).
 */
export function routeThirdParty(
  assetId: string,
  source: MediaSource,
  entry: MediaEntry | null,
  location: Blob | string | URL,
): { download: MediaEntry } | { register: true } {
  if (source.mediaFormat === 'dash' || source.mediaFormat === 'hls') {
    if (!(typeof location === 'string' || location instanceof URL)) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'A DASH/HLS asset is registered from its manifest URL, not a Blob');
    const local = { ...source, contentUrl: sameOriginUrl(location) };
    return { download: { ...(entry ?? { id: assetId, mediaType: 'vod', metadata: {} }), sources: [local] } };
  }
  if (source.drmData.length > 0) throw new OfflineError(ErrorCode.UNSUPPORTED_DRM, 'DRM-protected progressive files are not supported offline (use a DASH or HLS source)');
  return { register: true };
}

export async function storeLocalFile(
  assetId: string,
  mediaKey: string,
  source: MediaSource,
  entry: MediaEntry | null,
  location: Blob | string | URL,
  policy: FetchPolicy,
  chunkBytes: number,
  strip: readonly string[] = [],
): Promise<AssetRecord> {
  // Validate everything before touching storage.
  if (location instanceof Blob && location.size === 0) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'The downloaded file is empty');
  if (!(location instanceof Blob) && typeof location !== 'string' && !(location instanceof URL)) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'The location must be a Blob/File or a same-origin URL');
  }
  const url = location instanceof Blob ? source.contentUrl : sameOriginUrl(location);
  const file: FileRecord = {
    key: mediaKey,
    url: stripUrl(url, strip),
    mimeType: source.mimeType ?? FORMAT_MIME_TYPES[source.mediaFormat],
    size: location instanceof Blob ? location.size : null,
    storedBytes: 0,
    chunks: 0,
    complete: false,
    validator: null,
  };
  // Leftovers of an earlier failed registration of this asset in this store.
  await ProgressiveStore.remove(mediaKey);
  try {
    await ProgressiveStore.putFile(file);
    if (location instanceof Blob) {
      await ProgressiveStore.appendChunk(file, location);
      file.complete = true;
      await ProgressiveStore.putFile(file);
    } else {
      await transferFile(file, { url, policy, chunkBytes }, new AbortController().signal);
    }
  } catch (e) {
    await ProgressiveStore.remove(mediaKey).catch(() => undefined);
    throw e;
  }
  const now = Date.now();
  return {
    version: 1,
    assetId,
    entry: entry ?? { id: assetId, sources: [source], mediaType: 'vod', metadata: {} },
    entryUrl: null,
    source,
    storage: 'progressive',
    mediaKey,
    drmScheme: null,
    state: 'completed',
    reason: null,
    error: null,
    pending: null,
    manifestKey: null,
    selection: null,
    bytesDownloaded: file.storedBytes,
    estimatedTotalBytes: file.storedBytes,
    thirdParty: true,
    createdAt: now,
    updatedAt: now,
    downloadedAt: now,
  };
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
