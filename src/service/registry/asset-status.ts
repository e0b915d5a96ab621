import { isExpired, remainingSeconds, type LicenceRecord } from '../drm/licence.js';
import { type AssetRecord, type AssetStatus, fractionOf } from './asset-record.js';

export function assetStatus(record: AssetRecord | null, licence: LicenceRecord | null, assetId = record?.assetId ?? ''): AssetStatus {
  if (!record) {
    return {
      assetId,
      registered: false,
      state: 'none',
      reason: null,
      error: null,
      entry: null,
      entryUrl: null,
      mediaSource: null,
      bytesDownloaded: 0,
      estimatedTotalBytes: 0,
      fraction: 0,
      size: 0,
      selection: null,
      createdAt: null,
      downloadedAt: null,
      licence: null,
    };
  }
  const now = Date.now();
  return {
    assetId: record.assetId,
    registered: true,
    state: record.state,
    reason: record.reason,
    error: record.error,
    entry: record.entry,
    entryUrl: record.entryUrl ?? null,
    mediaSource: record.source,
    bytesDownloaded: record.bytesDownloaded,
    estimatedTotalBytes: Math.max(record.bytesDownloaded, record.estimatedTotalBytes),
    fraction: fractionOf(record),
    size: record.bytesDownloaded,
    selection: record.selection,
    createdAt: record.createdAt,
    downloadedAt: record.downloadedAt,
    licence: licence
      ? {
          scheme: licence.scheme,
          expiresAt: licence.expiresAt,
          remainingSeconds: remainingSeconds(licence, now),
          expired: isExpired(licence, now),
        }
      : null,
  };
}
