// createLocalMediaEntry: the stored asset as a MediaEntry any player of ours
// (or plain Shaka) plays with no network: an `offline:` manifest URI for
// DASH/HLS, a Blob URL for a progressive file, and the kept ClearKey keys.
// An asset kept with licenceMode 'online' has no licence: its entry names the
// licence server, and it is refused up front while the browser is offline.
import { ErrorCode, OfflineError } from '../errors.js';
import { ProgressiveStore } from './databases/media-db.js';
import { isExpired, type LicenceRecord } from './drm/licence.js';
import { type DrmParams, FORMAT_MIME_TYPES, type MediaEntry } from './model/media-entry.js';
import type { ObjectUrls } from './playback/object-urls.js';
import type { AssetRecord } from './registry/asset-record.js';
import { offlineManifestUri } from './databases/shaka-db.js';
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
  if (record.storage === 'shaka') {
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
  return {
    ...structuredClone(record.entry),
    sources: [{ id: record.source.id, contentUrl, mimeType, mediaFormat: record.source.mediaFormat, drmData }],
    metadata: { ...record.entry.metadata, localAssetId: record.assetId },
  };
}
