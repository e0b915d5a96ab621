// Which source of an entry to download: Kaltura's Android order, adapted to
// what this browser really supports.
//   1. the preferred source id, when given and it qualifies;
//   2. otherwise by format, in order (default dash, hls, mp4, webm, mp3), and
//      within a format in the entry's order.
// A source qualifies when its format can be stored and played here and it is
// clear, or one of its DRM schemes works offline here: ClearKey (keys are
// kept by the manager), or Widevine/PlayReady with persistent licences. What
// a key system can do is asked of EME (capabilities.ts), never guessed from
// the user agent. With licenceMode 'online' a key system that only has
// temporary licences qualifies too: the media is stored, and every play asks
// for a licence (online). FairPlay never qualifies (Shaka Player cannot store
// it), with the reason the EME probe gives.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { LicenceMode } from '../drm/licence.js';
import { type DrmParams, KEY_SYSTEMS, MEDIA_FORMATS, type MediaEntry, type MediaFormat, type MediaSource, isProgressive } from '../model/media-entry.js';
import type { BrowserCapabilities } from './capabilities.js';

export const DEFAULT_FORMAT_ORDER: readonly MediaFormat[] = ['dash', 'hls', 'mp4', 'webm', 'mp3'];

export interface SourceChoiceOptions {
  /** Source id to take when it qualifies. */
  preferredSourceId?: string;
  /** Format order (formats not listed are not considered). */
  preferredFormats?: MediaFormat[];
  /**
   * 'offline' (default): to download and play without network (persistent
   * licences needed for Widevine/PlayReady, no FairPlay, no live).
   * 'online': to stream now (any key system the browser has, live allowed).
   */
  purpose?: 'offline' | 'online';
  /**
   * How a download's licence is kept (purpose 'offline' only): 'offline'
   * (default) keeps one that plays with no network; 'online' keeps none and
   * asks for a temporary licence each time the asset plays, online.
   */
  licenceMode?: LicenceMode;
  /** Sources not to consider (e.g. ones that already failed to load). */
  excludeSourceIds?: string[];
}

export interface SourceChoice {
  /** The chosen source, or null when none qualifies. */
  source: MediaSource | null;
  /** The DRM scheme to use (null for clear content). */
  drm: DrmParams | null;
  keySystem: string | null;
  /** Whether the licence will be a persistent EME licence (Widevine/PlayReady). */
  persistentLicense: boolean;
  /** How the licence of a download is kept (null: clear content, or streaming). */
  licenceMode: LicenceMode | null;
  /** Why nothing was chosen (null when a source was). */
  reason: string | null;
  /** Every source that did not qualify, and why. */
  rejected: Array<{ sourceId: string; reason: string }>;
}

interface Verdict {
  ok: boolean;
  reason: string;
  drm: DrmParams | null;
  keySystem: string | null;
  persistentLicense: boolean;
  licenceMode: LicenceMode | null;
}

const NAMES: Record<DrmParams['scheme'], string> = { widevine: 'Widevine', playready: 'PlayReady', fairplay: 'FairPlay', clearkey: 'ClearKey' };

async function judge(source: MediaSource, capabilities: BrowserCapabilities, online: boolean, licenceMode: LicenceMode): Promise<Verdict> {
  const no = (reason: string): Verdict => ({ ok: false, reason, drm: null, keySystem: null, persistentLicense: false, licenceMode: null });
  const yes = (drm: DrmParams | null, keySystem: string | null, persistentLicense: boolean, mode: LicenceMode | null): Verdict => ({ ok: true, reason: '', drm, keySystem, persistentLicense, licenceMode: mode });
  if (!capabilities.format(source.mediaFormat)) {
    return no(`${source.mediaFormat.toUpperCase()} cannot be stored and played in this browser`);
  }
  if (source.drmData.length === 0) return yes(null, null, false, null);
  if (isProgressive(source.mediaFormat)) {
    return no('DRM-protected progressive files are not supported offline (use a DASH or HLS source)');
  }
  const reasons: string[] = [];
  for (const drm of source.drmData) {
    const keySystem = KEY_SYSTEMS[drm.scheme];
    const name = NAMES[drm.scheme];
    const support = await capabilities.keySystem(keySystem);
    if (!support.supported) {
      reasons.push(`${drm.scheme} (${keySystem}) is not available in this browser`);
      continue;
    }
    if (online) return yes(drm, keySystem, false, null);
    if (drm.scheme === 'fairplay') {
      const keeps = support.persistentLicense ? '' : `this browser does not keep persistent licences for FairPlay (${keySystem} refuses persistent-license sessions here), and `;
      reasons.push(`FairPlay content cannot be stored for offline playback on the web: ${keeps}Shaka Player cannot store FairPlay media`);
      continue;
    }
    // ClearKey: the manager keeps the keys (or, online mode, asks again at each play).
    if (drm.scheme === 'clearkey') return yes(drm, keySystem, false, licenceMode);
    if (licenceMode === 'online') return yes(drm, keySystem, false, 'online');
    if (!support.persistentLicense) {
      reasons.push(
        `this browser does not keep persistent licences for ${name} (${keySystem} refuses persistent-license sessions here), so it cannot play offline; ` +
          `with licenceMode 'online' it is stored and asks for a licence each time it plays, online`,
      );
      continue;
    }
    return yes(drm, keySystem, true, 'offline');
  }
  return no(reasons.join('; '));
}

/** A source that qualifies, with how to use it. */
export interface SourceCandidate {
  source: MediaSource;
  drm: DrmParams | null;
  keySystem: string | null;
  persistentLicense: boolean;
  licenceMode: LicenceMode | null;
}

/**
 * Every qualifying source, best first, and every rejected one with its
 * reason. `chooseDownloadableSource` takes the first; preparation falls back
 * to the next when a manifest turns out to be broken.
 */
export async function rankDownloadableSources(
  entry: MediaEntry,
  capabilities: BrowserCapabilities,
  options: SourceChoiceOptions = {},
): Promise<{ candidates: SourceCandidate[]; rejected: SourceChoice['rejected']; reason: string | null; code: ErrorCode }> {
  validateOptions(options);
  const rejected: SourceChoice['rejected'] = [];
  const online = options.purpose === 'online';
  if (entry.mediaType !== 'vod' && !online) {
    for (const s of entry.sources) rejected.push({ sourceId: s.id, reason: 'live content cannot be downloaded' });
    return { candidates: [], rejected, reason: `"${entry.id}" is ${entry.mediaType}: only VOD entries can be downloaded`, code: ErrorCode.LIVE_NOT_SUPPORTED };
  }
  const order = options.preferredFormats ?? DEFAULT_FORMAT_ORDER;
  const ordered: MediaSource[] = [];
  const preferred = options.preferredSourceId ? entry.sources.find((s) => s.id === options.preferredSourceId) : undefined;
  if (preferred) ordered.push(preferred);
  for (const format of order) for (const s of entry.sources) if (s.mediaFormat === format && s !== preferred) ordered.push(s);
  const excluded = new Set(options.excludeSourceIds ?? []);
  const candidates: SourceCandidate[] = [];
  const verdicts = new Map<MediaSource, Verdict>();
  for (const source of ordered) {
    if (excluded.has(source.id)) {
      verdicts.set(source, { ok: false, reason: 'excluded', drm: null, keySystem: null, persistentLicense: false, licenceMode: null });
      continue;
    }
    const verdict = await judge(source, capabilities, online, options.licenceMode ?? 'offline');
    verdicts.set(source, verdict);
    const { drm, keySystem, persistentLicense, licenceMode } = verdict;
    if (verdict.ok) candidates.push({ source, drm, keySystem, persistentLicense, licenceMode });
  }
  for (const s of entry.sources) {
    const v = verdicts.get(s);
    if (!v) rejected.push({ sourceId: s.id, reason: `format ${s.mediaFormat} is not in the format order` });
    else if (!v.ok) rejected.push({ sourceId: s.id, reason: v.reason });
  }
  const reason = candidates.length
    ? null
    : `No source of "${entry.id}" can be downloaded here: ${rejected.map((r) => `${r.sourceId}: ${r.reason}`).join('; ')}`;
  return { candidates, rejected, reason, code: ErrorCode.NO_DOWNLOADABLE_SOURCE };
}

export async function chooseDownloadableSource(
  entry: MediaEntry,
  capabilities: BrowserCapabilities,
  options: SourceChoiceOptions = {},
): Promise<SourceChoice> {
  const { candidates, rejected, reason } = await rankDownloadableSources(entry, capabilities, options);
  const best = candidates[0];
  if (!best) return { source: null, drm: null, keySystem: null, persistentLicense: false, licenceMode: null, reason, rejected };
  return { ...best, reason: null, rejected };
}

function validateOptions(options: SourceChoiceOptions): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) problems.push('options must be an object');
  else {
    if (options.preferredSourceId !== undefined && typeof options.preferredSourceId !== 'string') problems.push('preferredSourceId must be a string');
    if (options.preferredFormats !== undefined && !(Array.isArray(options.preferredFormats) && options.preferredFormats.every((f) => MEDIA_FORMATS.includes(f)))) {
      problems.push(`preferredFormats must be an array of ${MEDIA_FORMATS.join(', ')}`);
    }
    if (options.purpose !== undefined && options.purpose !== 'offline' && options.purpose !== 'online') problems.push("purpose must be 'offline' or 'online'");
    if (options.licenceMode !== undefined && options.licenceMode !== 'offline' && options.licenceMode !== 'online') problems.push("licenceMode must be 'offline' or 'online'");
    if (options.excludeSourceIds !== undefined && !(Array.isArray(options.excludeSourceIds) && options.excludeSourceIds.every((id) => typeof id === 'string'))) {
      problems.push('excludeSourceIds must be an array of source ids');
    }
  }
  if (problems.length > 0) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `Invalid source choice options: ${problems.join('; ')}`, { details: { problems } });
}
