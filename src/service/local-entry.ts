// createLocalMediaEntry: the stored asset as a MediaEntry any player of ours
// (or plain Shaka) plays with no network: an `offline:` manifest URI for
// DASH/HLS, a Blob URL for a progressive file, and the kept ClearKey keys.
// An asset kept with licenceMode 'online' has no licence: its entry names the
// licence server, and it is refused up front while the browser is offline.
//
// An asset still downloading or paused (DASH/HLS) plays from what it has and
// the network for the rest: an `offline-stream:` URI (playback/partial-stream.ts).
import { ErrorCode, OfflineError } from '../errors.js';
import { ProgressiveStore } from './databases/media-db.js';
import { isExpired, type LicenceRecord } from './drm/licence.js';
import { type DrmParams, FORMAT_MIME_TYPES, type MediaEntry } from './model/media-entry.js';
import type { ObjectUrls } from './playback/object-urls.js';
import type { AssetRecord } from './registry/asset-record.js';
import { ShakaDb, offlineManifestUri } from './databases/shaka-db.js';
import type { StoredAppMetadata } from './download/download-job.js';
import { openStream } from './playback/partial-stream.js';
import { isOnline } from './util/online.js';

/** MIME type Shaka gives its offline manifests. */
export const OFFLINE_MANIFEST_MIME = 'application/x-offline-manifest';

export async function buildLocalEntry(record: AssetRecord, licence: LicenceRecord | null, objectUrls: ObjectUrls): Promise<MediaEntry> {
  if (licence && isExpired(licence)) {
    throw new OfflineError(ErrorCode.LICENSE_EXPIRED, `The licence of "${record.assetId}" expired on ${new Date(licence.expiresAt!).toISOString()}: renew it online`, {
      details: { assetId: record.assetId, expiresAt: licence.expiresAt },
    });
  }
  const online = record.licenceMode === 'online' ? record.source.drmData.find((d) => d.scheme === record.drmScheme) : undefined;
  if (online && !isOnline()) {
    throw new OfflineError(
      ErrorCode.LICENSE_REQUIRES_NETWORK,
      'This video was downloaded without a licence to keep: it needs the network to get one each time it plays, and you are offline',
      { details: { assetId: record.assetId, licenceMode: 'online' } },
    );
  }
  let contentUrl: string;
  let mimeType: string;
  if (record.state !== 'completed') {
    contentUrl = await partialStream(record);
    mimeType = record.source.mimeType ?? FORMAT_MIME_TYPES[record.source.mediaFormat];
  } else if (record.storage === 'shaka') {
    contentUrl = offlineManifestUri(record.manifestKey!);
    mimeType = OFFLINE_MANIFEST_MIME;
  } else {
    mimeType = record.source.mimeType ?? FORMAT_MIME_TYPES[record.source.mediaFormat];
    contentUrl = await objectUrls.get(record.assetId, () => ProgressiveStore.blob(record.mediaKey, mimeType));
  }
  const drmData: DrmParams[] = [];
  if (licence?.keys) drmData.push({ scheme: 'clearkey', licenseUri: licence.licenseUri, clearKeys: { ...licence.keys } });
  else if (licence) drmData.push({ scheme: licence.scheme, licenseUri: licence.licenseUri });
  else if (online) drmData.push({ ...online });
  else if (record.state !== 'completed') drmData.push(...record.source.drmData.map((d) => ({ ...d }))); // no licence kept yet: the licence server, online
  return {
    ...structuredClone(record.entry),
    sources: [{ id: record.source.id, contentUrl, mimeType, mediaFormat: record.source.mediaFormat, drmData }],
    metadata: { ...record.entry.metadata, localAssetId: record.assetId },
  };
}

const notYet = (record: AssetRecord, reason: string, message: string) =>
  new OfflineError(ErrorCode.ASSET_NOT_COMPLETE, `"${record.assetId}" is not completely downloaded (${record.state}) and ${message}`, {
    details: { assetId: record.assetId, state: record.state, reason },
  });

/**
 * The stream of an asset still downloading or paused, or ASSET_NOT_COMPLETE
 * with `details.reason` when it cannot play that way (the caller streams the
 * entry online instead).
 */
async function partialStream(record: AssetRecord): Promise<string> {
  if (record.pending === 'remove') throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, `"${record.assetId}" is being removed`, { details: { assetId: record.assetId } });
  if (record.state !== 'downloading' && record.state !== 'paused') throw notYet(record, 'state', 'cannot play before it completes');
  if (!isOnline()) throw notYet(record, 'offline', 'its missing part needs the network');
  if (record.storage !== 'shaka') throw notYet(record, 'progressive', 'a single file (MP4, MP3) plays only once it is complete');
  const manifest = record.manifestKey === null ? null : await ShakaDb.getManifest(record.manifestKey);
  if (!manifest || record.manifestKey === null) throw notYet(record, 'not-planned', 'nothing of it is stored yet');
  // HLS AES-128: the download stores segments decrypted while the network
  // manifest says they are encrypted; the player would decrypt stored ones
  // twice. No single manifest fits both halves: refuse.
  if ((manifest.appMetadata as StoredAppMetadata | null)?.offlinePlayer?.aes) {
    throw notYet(record, 'hls-aes-128', 'its stored segments (decrypted) and the network ones (AES-128 encrypted) cannot play in one stream');
  }
  const videoHeights = manifest.streams.filter((st) => st.type === 'video' && st.height).map((st) => st.height!);
  return openStream({ assetId: record.assetId, mediaKey: record.mediaKey, manifestKey: record.manifestKey, manifestUri: record.source.contentUrl, videoHeights });
}
