// A run needs the full URLs of its asset. With `stripQueryParameters`, the
// stored record lacks the named parameters (signed-URL tokens), so the run
// uses the entry held in memory: the one the download started with in this
// page, or a fresh one given to resume (after a reload, the page's entry
// with fresh tokens). The fresh entry must name the same media: its source's
// URLs, stripped, equal the stored ones.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { MediaEntry, MediaSource } from '../model/media-entry.js';
import type { AssetRecord } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';

const urlsOf = (source: MediaSource, stored: (url: string) => string) =>
  [source.contentUrl, ...source.drmData.flatMap((drm) => [drm.licenseUri, drm.certificateUri ?? ''])].map(stored).join('\n');

export function withFullUrls(record: AssetRecord, full: MediaEntry | null, registry: Pick<AssetRegistry, 'storedUrl'>): AssetRecord {
  if (!record.urlsStripped) return record;
  const details = { assetId: record.assetId, reason: 'needs-full-urls' };
  if (!full) {
    throw new OfflineError(
      ErrorCode.INVALID_STATE,
      `The stored URLs of "${record.assetId}" have no signed query parameters (stripQueryParameters): resume it with its entry again (resumeDownload(id, { entry }), or from an element with its src)`,
      { details },
    );
  }
  const source = full.sources.find((s) => s.id === record.source.id);
  if (source && urlsOf(source, (url) => url) === urlsOf(record.source, (url) => url)) {
    // The stored entry itself (an element with only asset-id): it has no tokens to give.
    throw new OfflineError(ErrorCode.INVALID_STATE, `The entry given to resume "${record.assetId}" has no signed query parameters either: give the page's entry (with fresh ones)`, { details });
  }
  if (!source || urlsOf(source, (url) => registry.storedUrl(url)) !== urlsOf(record.source, (url) => url)) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `The entry given to resume "${record.assetId}" does not have its source "${record.source.id}" at the same URLs`, {
      details: { ...details, sourceId: record.source.id },
    });
  }
  return { ...record, entry: full, source };
}
