// The manager's options, their defaults, and the resolved form jobs use.
import type { BrowserCapabilities } from './capabilities/capabilities.js';
import type { LicenceMode, LicenceRequestAdapter } from './drm/licence.js';
import type { FetchPolicy } from './download/retry.js';
import type { AvailableTracks, SelectedTracks, TrackSelection } from './download/tracks.js';
import type { SourceChoiceOptions } from './capabilities/source-choice.js';
import type { MediaEntry } from './model/media-entry.js';
import { checkStripParameters } from './model/strip-query.js';
import { DOWNLOAD_ON, type DownloadOn } from './network/network-rule.js';
import { ErrorCode, OfflineError } from '../errors.js';

/** prepareForDownload's options. */
export interface PrepareOptions extends Omit<SourceChoiceOptions, 'purpose'> {
  /** Id to register the asset under (default: the entry's id). */
  assetId?: string;
  /** The URL the entry JSON came from (default: known when fetchMediaEntry or loadMediaEntry made it). */
  entryUrl?: string;
  /** Tracks to download (defaults: the manager's `trackSelection`). */
  selection?: TrackSelection;
}

/** assetDownloadFinished's options. */
export interface ThirdPartyOptions {
  /** Id to register under (default: the entry's id, else the source's id). */
  assetId?: string;
  /** The entry the source belongs to (kept for createLocalMediaEntry). */
  entry?: MediaEntry;
}

/** Retries and timeouts for media requests (see download/fetch-resource.ts). */
const DEFAULT_FETCH_POLICY: FetchPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 8000, stallTimeoutMs: 20000 };

export interface LocalAssetsManagerOptions {
  /** What the browser can do (default: asked of the browser itself). */
  capabilities?: BrowserCapabilities;
  /**
   * Segment requests in flight per download (default 6: the connections a
   * browser opens to one host over HTTP/1.1; fewer leaves the link idle
   * between requests, more only queues in the browser).
   */
  parallelDownloads?: number;
  /** Retries for transient failures: attempts (default 6), first delay (500 ms), max delay (8 s), stall timeout (20 s). */
  retry?: Partial<Pick<FetchPolicy, 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'stallTimeoutMs'>>;
  /** Adds headers/credentials to media requests (manifests use Shaka's networking). */
  mediaRequestInit?: (url: string) => RequestInit | undefined;
  /** Shapes every licence request (headers, tokens, body), the player's own included; nothing it adds is stored. */
  licenceRequestAdapter?: LicenceRequestAdapter;
  /**
   * How downloads keep their licence (default 'offline'; prepareForDownload's
   * `licenceMode` chooses per asset). 'online': no licence is kept, each play
   * asks for a temporary one (online only); key systems without persistent
   * licences here (desktop Chrome's Widevine) can then be downloaded too.
   */
  licenceMode?: LicenceMode;
  /** Default track selection for new downloads. */
  trackSelection?: TrackSelection;
  /** Full control over tracks: gets what is available and the default choice, returns the choice. */
  trackSelectionCallback?: (available: AvailableTracks, proposed: SelectedTracks) => SelectedTracks | Promise<SelectedTracks>;
  /** Ask for persistent storage (navigator.storage.persist()) when a download starts (default true). */
  requestPersistentStorage?: boolean;
  /** Extra room asked for beyond the estimated size before a download starts (default 0.05 = 5 %). */
  quotaMargin?: number;
  /** Resume downloads interrupted by a closed page as soon as a manager starts (default false). */
  autoResume?: boolean;
  /** At start-up, remove storage no registration or download owns (default true). */
  cleanupOnStart?: boolean;
  /** An incomplete Shaka download that is not ours counts as abandoned after this long (default 1 hour). */
  orphanAgeMs?: number;
  /**
   * Renew licences by themselves when online and near expiry: `true` renews
   * in the last 10 % of a licence's life (at least the last minute), or give
   * the window in seconds (default false).
   */
  autoRenew?: boolean | { beforeExpirySeconds: number };
  /**
   * Query parameters removed from every URL stored with a registration
   * (signed-URL tokens: `['token', 'Signature', 'Key-Pair-Id', 'Policy']`).
   * The running download uses the full URLs; after a reload, a download that
   * has not finished resumes with a fresh entry (`resumeDownload(id, { entry })`,
   * or the button's own entry). Default none.
   */
  stripQueryParameters?: string[];
  /**
   * Downloads running at once in all tabs of the store together (default 2);
   * more wait `queued`, in order. Give every tab of a store the same value.
   */
  maxConcurrentDownloads?: number;
  /**
   * 'any' network (default), or 'unmetered' only: on a metered network (data
   * saver, cellular) downloads pause with reason `metered` and resume by
   * themselves when it is not; where the browser cannot tell (no
   * `navigator.connection`: Firefox, Safari) they wait too.
   */
  downloadOn?: DownloadOn;
  /**
   * Hand the rest of a DASH/HLS download to the browser (Background Fetch),
   * so it goes on with every page closed, with the browser's own download UI;
   * the offline shell worker stores it (default false). Needs the page to be
   * controlled by the offline shell (registerOfflineShell) and the default
   * LocalDataStore (the worker cannot reach one the page made). Where it
   * cannot be done, the download stays in the page. See README "Background
   * downloads".
   */
  backgroundDownloads?: boolean;
}

export interface ResolvedOptions {
  parallelDownloads: number;
  maxBufferedBytes: number;
  chunkBytes: number;
  fetchPolicy: FetchPolicy;
  licenceRequestAdapter?: LicenceRequestAdapter;
  licenceMode: LicenceMode;
  trackSelection: TrackSelection;
  trackSelectionCallback?: LocalAssetsManagerOptions['trackSelectionCallback'];
  requestPersistentStorage: boolean;
  quotaMargin: number;
  autoResume: boolean;
  cleanupOnStart: boolean;
  orphanAgeMs: number;
  /** Seconds before expiry to renew (null: no auto-renewal; 0: the default window). */
  autoRenewSeconds: number | null;
  /** Query parameters never stored (checked: checkStripParameters). */
  stripQueryParameters: readonly string[];
  maxConcurrentDownloads: number;
  downloadOn: DownloadOn;
  backgroundDownloads: boolean;
}

/** The queue's options are checked (a typed error), not quietly replaced: a wrong limit would go unnoticed. */
function checkQueueOptions(options: LocalAssetsManagerOptions): Pick<ResolvedOptions, 'maxConcurrentDownloads' | 'downloadOn'> {
  const limit = options.maxConcurrentDownloads === undefined ? 2 : options.maxConcurrentDownloads;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 32) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'maxConcurrentDownloads must be a whole number from 1 to 32', { details: { maxConcurrentDownloads: limit } });
  }
  const downloadOn = options.downloadOn === undefined ? 'any' : options.downloadOn;
  if (!DOWNLOAD_ON.includes(downloadOn)) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `downloadOn must be one of ${DOWNLOAD_ON.map((v) => `'${v}'`).join(', ')}`, { details: { downloadOn } });
  }
  return { maxConcurrentDownloads: limit, downloadOn };
}

/** The options with their defaults; a bad `stripQueryParameters` throws INVALID_ARGUMENT (it guards what is stored). */
export function resolveOptions(options: LocalAssetsManagerOptions): ResolvedOptions {
  const positive = (v: number | undefined, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback);
  return {
    ...checkQueueOptions(options),
    parallelDownloads: Math.round(positive(options.parallelDownloads, 6)),
    maxBufferedBytes: 32 * 1024 * 1024,
    chunkBytes: 4 * 1024 * 1024,
    fetchPolicy: {
      maxAttempts: Math.round(positive(options.retry?.maxAttempts, DEFAULT_FETCH_POLICY.maxAttempts)),
      baseDelayMs: positive(options.retry?.baseDelayMs, DEFAULT_FETCH_POLICY.baseDelayMs),
      maxDelayMs: positive(options.retry?.maxDelayMs, DEFAULT_FETCH_POLICY.maxDelayMs),
      stallTimeoutMs: positive(options.retry?.stallTimeoutMs, DEFAULT_FETCH_POLICY.stallTimeoutMs),
      requestInit: options.mediaRequestInit,
    },
    licenceRequestAdapter: options.licenceRequestAdapter,
    licenceMode: options.licenceMode === 'online' ? 'online' : 'offline',
    trackSelection: options.trackSelection ?? {},
    trackSelectionCallback: options.trackSelectionCallback,
    requestPersistentStorage: options.requestPersistentStorage ?? true,
    quotaMargin: typeof options.quotaMargin === 'number' && options.quotaMargin >= 0 ? options.quotaMargin : 0.05,
    autoResume: options.autoResume ?? false,
    cleanupOnStart: options.cleanupOnStart ?? true,
    orphanAgeMs: typeof options.orphanAgeMs === 'number' && options.orphanAgeMs >= 0 ? options.orphanAgeMs : 60 * 60 * 1000,
    stripQueryParameters: checkStripParameters(options.stripQueryParameters),
    autoRenewSeconds:
      options.autoRenew === true ? 0 : typeof options.autoRenew === 'object' && options.autoRenew.beforeExpirySeconds >= 0 ? options.autoRenew.beforeExpirySeconds : null,
    backgroundDownloads: options.backgroundDownloads === true,
  };
}
