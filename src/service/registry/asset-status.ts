// What getAssetStatus / listAssets / watchAsset report: a frozen snapshot of
// an asset, from its record, its licence, the live progress of a download
// running in some tab, or the fact that its record cannot be read.
import { isExpired, remainingSeconds, type LicenceRecord } from '../drm/licence.js';
import { type AssetRecord, type AssetStatus, fractionOf } from './asset-record.js';

/** Progress of a download running now (bytes stored, not yet saved in its record). */
export interface LiveProgress {
  bytesDownloaded: number;
  estimatedTotalBytes: number;
  fraction: number;
}

const EMPTY = {
  registered: false,
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
  licenceMode: null,
  queuePosition: null,
  inBackground: false,
} as const;

export function assetStatus(
  assetId: string,
  record: AssetRecord | null,
  licence: LicenceRecord | null,
  live: LiveProgress | null = null,
  corruption: string | null = null,
  queuePosition: number | null = null,
): AssetStatus {
  if (!record) {
    if (corruption) {
      return Object.freeze({
        ...EMPTY,
        assetId,
        registered: true,
        state: 'corrupt',
        error: { code: 'STORAGE_ERROR', message: `The registration of "${assetId}" cannot be read (${corruption}): remove it` },
      });
    }
    return Object.freeze({ ...EMPTY, assetId, state: 'none' });
  }
  const now = Date.now();
  const running = live && (record.state === 'downloading' || record.state === 'preparing');
  const bytes = running ? live.bytesDownloaded : record.bytesDownloaded;
  const total = Math.max(bytes, running ? live.estimatedTotalBytes : record.estimatedTotalBytes);
  return Object.freeze({
    assetId: record.assetId,
    registered: true,
    state: record.state,
    reason: record.reason,
    error: record.error,
    entry: record.entry,
    entryUrl: record.entryUrl ?? null,
    mediaSource: record.source,
    bytesDownloaded: bytes,
    estimatedTotalBytes: total,
    fraction: running ? live.fraction : fractionOf({ state: record.state, bytesDownloaded: bytes, estimatedTotalBytes: total }),
    size: bytes,
    selection: record.selection,
    createdAt: record.createdAt,
    downloadedAt: record.downloadedAt,
    licence: licence
      ? { scheme: licence.scheme, expiresAt: licence.expiresAt, remainingSeconds: remainingSeconds(licence, now), expired: isExpired(licence, now) }
      : null,
    licenceMode: record.drmScheme ? (record.licenceMode ?? 'offline') : null,
    queuePosition: record.state === 'queued' ? queuePosition : null,
    inBackground: !!record.background && record.state === 'downloading',
  });
}
