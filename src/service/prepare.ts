// prepareForDownload's work once a source is chosen: Shaka's plan for
// DASH/HLS (tracks, segments, DRM), exact sizes where HEAD can tell, the
// selection (rule, then the app's callback); for a progressive file, its size.
import { ErrorCode, OfflineError } from '../errors.js';
import type { SourceCandidate, SourceChoice } from './capabilities/source-choice.js';
import { planDownload, type DownloadPlan } from './download/planner.js';
import type { TrackSelection } from './download/tracks.js';
import { pendingWork } from './download/work.js';
import type { LicenceMode } from './drm/licence.js';
import { type MediaEntry, type MediaSource, isProgressive } from './model/media-entry.js';
import type { AssetRecord } from './registry/asset-record.js';
import type { ResolvedOptions } from './options.js';
import { PreparedDownload } from './prepared-download.js';

/**
 * Prepares the first candidate whose manifest works; a broken manifest (or an
 * unreachable file) moves on to the next. Other errors stop at once.
 */
export async function prepareBest(
  entry: MediaEntry,
  assetId: string,
  candidates: SourceCandidate[],
  rejected: SourceChoice['rejected'],
  selection: TrackSelection,
  options: ResolvedOptions,
): Promise<PreparedDownload> {
  const failures: Array<{ sourceId: string; code: string; message: string }> = [];
  for (const candidate of candidates) {
    try {
      return await prepare(entry, assetId, { ...candidate, reason: null, rejected }, selection, options);
    } catch (e) {
      const error = e instanceof OfflineError ? e : new OfflineError(ErrorCode.MANIFEST_ERROR, String((e as Error)?.message ?? e), { cause: e });
      // A broken or unreachable manifest, or one this browser cannot play offline: the next source may do.
      const next: string[] = [ErrorCode.MANIFEST_ERROR, ErrorCode.NETWORK_ERROR, ErrorCode.UNSUPPORTED_CONTENT, ErrorCode.UNSUPPORTED_DRM, ErrorCode.LIVE_NOT_SUPPORTED];
      if (!next.includes(error.code)) throw error;
      if (candidates.length === 1) throw error;
      failures.push({ sourceId: candidate.source.id, code: error.code, message: error.message });
    }
  }
  throw new OfflineError(
    failures[0].code as ErrorCode,
    `No source of "${entry.id}" could be prepared: ${failures.map((f) => `${f.sourceId}: ${f.message}`).join('; ')}`,
    { details: { failures, rejected } },
  );
}

export async function prepare(
  entry: MediaEntry,
  assetId: string,
  choice: SourceChoice & { source: MediaSource },
  selection: TrackSelection,
  options: ResolvedOptions,
): Promise<PreparedDownload> {
  const { source } = choice;
  if (isProgressive(source.mediaFormat)) {
    const fileSize = await probeSize(source.contentUrl, options.fetchPolicy.requestInit, true);
    return new PreparedDownload({ assetId, entry, choice, plan: null, knownSizes: new Map(), fileSize }, { video: null, audio: [], text: [] });
  }
  const plan = await planDownload(source, {
    keySystem: choice.keySystem,
    licenseUri: choice.drm?.licenseUri ?? null,
    licence: { adapter: options.licenceRequestAdapter, assetId, scheme: choice.drm?.scheme ?? null, purpose: 'acquire' },
  });
  const knownSizes = await probeSizes(plan, options.fetchPolicy.requestInit);
  const prepared = new PreparedDownload({ assetId, entry, choice, plan, knownSizes, fileSize: null }, null);
  prepared.selectTracks(selection);
  if (options.trackSelectionCallback) {
    let chosen;
    try {
      chosen = await options.trackSelectionCallback(prepared.tracks, prepared.selectedTracks);
    } catch (e) {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `The track selection callback threw: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    prepared.setSelectedTracks(chosen);
  }
  return prepared;
}

/**
 * Sizes without moving media bytes (HEAD requests): every init segment and
 * text file (small, no size in the manifest), and a sample of media segments
 * per stream (first, middle, last). The samples give each stream its real
 * byte rate, which replaces the manifest's bandwidth (a peak, and missing for
 * HLS audio) in the size estimate.
 */
async function probeSizes(plan: DownloadPlan, requestInit?: (url: string) => RequestInit | undefined): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const items = pendingWork(plan.manifest, plan.bandwidth).filter((item) => item.request.uris.length > 0 && item.request.end === null);
  const chosen = items.filter((item) => item.init || item.streamType === 'text');
  const byStream = new Map<number, typeof items>();
  for (const item of items) {
    if (item.init || item.streamType === 'text') continue;
    if (!byStream.has(item.streamId)) byStream.set(item.streamId, []);
    byStream.get(item.streamId)!.push(item);
  }
  for (const list of byStream.values()) {
    const picks = new Set([0, Math.floor(list.length / 2), list.length - 1]);
    for (const i of picks) chosen.push(list[i]);
  }
  if (chosen.length > 96) chosen.length = 96;
  const queue = [...chosen];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const size = await probeSize(item.request.uris[0], requestInit, false);
      if (size !== null) sizes.set(item.refId, size);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  // Each sampled stream's byte rate becomes its bandwidth for the estimate.
  for (const [streamId, list] of byStream) {
    let bytes = 0;
    let seconds = 0;
    for (const item of list) {
      const size = sizes.get(item.refId);
      const segment = item.targets[0]?.segment;
      if (size === undefined || !segment) continue;
      bytes += size;
      seconds += Math.max(0, segment.endTime - segment.startTime);
    }
    if (seconds > 0) plan.bandwidth.set(streamId, (bytes * 8) / seconds);
  }
  return sizes;
}

/**
 * Size of a resource from HEAD (or a one-byte range request when HEAD is not
 * allowed). With `strict`, a missing resource is an error.
 */
async function probeSize(url: string, requestInit: ((url: string) => RequestInit | undefined) | undefined, strict: boolean): Promise<number | null> {
  const extra = requestInit?.(url) ?? {};
  try {
    let response = await fetch(url, { credentials: 'same-origin', ...extra, method: 'HEAD', cache: 'no-store' });
    if (response.status === 405 || response.status === 501) {
      const headers = new Headers(extra.headers);
      headers.set('Range', 'bytes=0-0');
      response = await fetch(url, { credentials: 'same-origin', ...extra, headers, cache: 'no-store' });
      await response.body?.cancel();
      const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
      if (response.ok && total) return Number(total);
    }
    if (!response.ok) {
      if (strict) {
        throw new OfflineError(ErrorCode.NETWORK_ERROR, `${url} cannot be downloaded: HTTP ${response.status}`, { details: { url, status: response.status } });
      }
      return null;
    }
    const length = response.headers.get('content-length');
    return length === null ? null : Number(length);
  } catch (e) {
    if (e instanceof OfflineError) throw e;
    if (strict) throw new OfflineError(ErrorCode.NETWORK_ERROR, `${url} could not be reached`, { details: { url }, cause: e });
    return null;
  }
}

/**
 * Plans again the download of an asset interrupted before its manifest was
 * stored: the same source, the same tracks.
 */
export async function replan(
  record: AssetRecord,
  choose: (entry: MediaEntry, preferredSourceId: string, licenceMode: LicenceMode) => Promise<SourceChoice>,
  options: ResolvedOptions,
): Promise<PreparedDownload> {
  const choice = await choose(record.entry, record.source.id, record.licenceMode ?? 'offline');
  if (!choice.source || choice.source.id !== record.source.id) {
    throw new OfflineError(ErrorCode.NO_DOWNLOADABLE_SOURCE, `The source of "${record.assetId}" can no longer be downloaded here`);
  }
  const s = record.selection;
  const selection: TrackSelection = s
    ? { videoHeight: s.videoHeight ?? undefined, audioLanguages: s.audioLanguages, textLanguages: s.textLanguages.length > 0 ? s.textLanguages : 'none' }
    : options.trackSelection;
  return prepare(record.entry, record.assetId, { ...choice, source: choice.source }, selection, options);
}
