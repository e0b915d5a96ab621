// The LocalAssetsManager: Kaltura PlayKit's offline model for the web.
// It chooses the source to download, prepares and runs downloads (DASH/HLS
// into Shaka's offline database, MP4/MP3 into its own), registers what was
// downloaded (also by the app itself: assetDownloadFinished), keeps licences
// and registrations in a LocalDataStore, and turns a stored asset back into a
// playable MediaEntry. It is an EventTarget: download-progress,
// download-state-change, registration-change, download-error.
import { ErrorCode, OfflineError } from '../errors.js';
import type { DownloadErrorDetail } from '../events/download-error.js';
import type { DownloadProgressDetail } from '../events/download-progress.js';
import type { DownloadStateChangeDetail } from '../events/download-state-change.js';
import type { RegistrationChangeDetail } from '../events/registration-change.js';
import { DefaultLocalDataStore } from '../storage/default-local-data-store.js';
import type { LocalDataStore } from '../storage/local-data-store.js';
import { type BrowserCapabilities, createBrowserCapabilities } from './capabilities/capabilities.js';
import { type SourceChoice, type SourceChoiceOptions, chooseDownloadableSource, rankDownloadableSources } from './capabilities/source-choice.js';
import { DownloadJob } from './download/download-job.js';
import type { JobHost } from './download/job-host.js';
import { checkQuota, requestPersistence } from './download/quota.js';
import type { TrackSelection } from './download/tracks.js';
import { registerLocalFile, sameOriginUrl } from './download/third-party.js';
import { prepare } from './prepare.js';
import { releaseLicence } from './drm/release.js';
import { buildLocalEntry } from './local-entry.js';
import type { MediaEntry, MediaSource } from './model/media-entry.js';
import { parseMediaEntry } from './model/parse-entry.js';
import { type LocalAssetsManagerOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { PreparedDownload } from './prepared-download.js';
import { type AssetRecord, type AssetState, type AssetStatus, type StateReason, fractionOf } from './registry/asset-record.js';
import { AssetRegistry } from './registry/asset-registry.js';
import { assetStatus } from './registry/asset-status.js';
import { removeStoredMedia } from './download/removal.js';

export interface PrepareOptions extends SourceChoiceOptions {
  /** Id to register the asset under (default: the entry's id). */
  assetId?: string;
  /** Tracks to download (defaults: the manager's `trackSelection`). */
  selection?: TrackSelection;
}

export interface ThirdPartyOptions {
  /** Id to register under (default: the entry's id, else the source's id). */
  assetId?: string;
  /** The entry the source belongs to (kept for createLocalMediaEntry). */
  entry?: MediaEntry;
}

const PERSIST_EVERY_MS = 2000;

export class LocalAssetsManager extends EventTarget {
  readonly store: LocalDataStore;
  /** Resolves once registrations are loaded (every method waits for it). */
  readonly ready: Promise<void>;
  private readonly registry: AssetRegistry;
  private readonly options: ResolvedOptions;
  private readonly capabilities: BrowserCapabilities;
  private readonly jobs = new Map<string, DownloadJob>();
  private readonly fractions = new Map<string, number>();
  private readonly persistTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly objectUrls = new Map<string, string>();
  private persisted: boolean | null = null;
  private destroyed = false;
  private readonly host: JobHost;

  constructor(store?: LocalDataStore, options: LocalAssetsManagerOptions = {}) {
    super();
    if (store !== undefined && !isStore(store)) {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalAssetsManager: the store must implement save(key, bytes), load(key) and remove(key)');
    }
    this.store = store ?? new DefaultLocalDataStore();
    this.options = resolveOptions(options);
    this.capabilities = options.capabilities ?? createBrowserCapabilities();
    this.registry = new AssetRegistry(this.store);
    this.host = this.jobHost();
    this.ready = this.start();
  }

  private async start(): Promise<void> {
    try {
      await this.registry.ready;
    } catch (e) {
      throw new OfflineError(ErrorCode.STORAGE_ERROR, `Could not read registrations from the LocalDataStore: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    // Downloads that were running when the page went away are paused now,
    // with their true progress (what is really stored).
    for (const record of this.registry.all()) {
      if (record.state === 'downloading' || record.state === 'preparing') {
        record.state = 'paused';
        record.reason = 'interrupted';
        await this.registry.put(record);
      }
    }
  }

  // --- Source choice and preparation -----------------------------------------

  /**
   * The best source of `entry` this browser can download and play offline, or
   * `source: null` with the reason (see SourceChoice).
   */
  async getPreferredDownloadableMediaSource(entry: MediaEntry | unknown, options: SourceChoiceOptions = {}): Promise<SourceChoice> {
    return chooseDownloadableSource(toEntry(entry), this.capabilities, options);
  }

  /** The best source to stream `entry` now (online), for players. */
  async getPreferredPlayableMediaSource(entry: MediaEntry | unknown, options: Omit<SourceChoiceOptions, 'purpose'> = {}): Promise<SourceChoice> {
    return chooseDownloadableSource(toEntry(entry), this.capabilities, { ...options, purpose: 'online' });
  }

  /**
   * Chooses the source and prepares its download: tracks, default selection,
   * size estimate, DRM. No media byte moves.
   */
  async prepareForDownload(entry: MediaEntry | unknown, options: PrepareOptions = {}): Promise<PreparedDownload> {
    await this.ready;
    const parsed = toEntry(entry);
    const assetId = checkId(options.assetId ?? parsed.id, 'assetId');
    const { candidates, rejected, reason } = await rankDownloadableSources(parsed, this.capabilities, options);
    if (candidates.length === 0) {
      throw new OfflineError(ErrorCode.NO_DOWNLOADABLE_SOURCE, reason ?? 'No downloadable source', { details: { rejected } });
    }
    // The best source first; when its manifest is broken, the next one.
    const failures: Array<{ sourceId: string; code: string; message: string }> = [];
    for (const candidate of candidates) {
      try {
        return await prepare(parsed, assetId, { ...candidate, reason: null, rejected }, options.selection ?? this.options.trackSelection, this.options);
      } catch (e) {
        const error = e instanceof OfflineError ? e : new OfflineError(ErrorCode.MANIFEST_ERROR, String((e as Error)?.message ?? e), { cause: e });
        if (error.code !== ErrorCode.MANIFEST_ERROR && error.code !== ErrorCode.NETWORK_ERROR) throw error;
        failures.push({ sourceId: candidate.source.id, code: error.code, message: error.message });
        if (candidates.length === 1) throw error;
      }
    }
    const first = failures[0];
    throw new OfflineError(first.code as ErrorCode, `No source of "${parsed.id}" could be prepared: ${failures.map((f) => `${f.sourceId}: ${f.message}`).join('; ')}`, {
      details: { failures, rejected },
    });
  }

  /**
   * Starts a prepared download. Resolves with the asset's status once bytes
   * are moving; completion comes as events (or use `whenDownloaded`).
   */
  async startDownload(prepared: PreparedDownload): Promise<AssetStatus> {
    await this.ready;
    if (!prepared || typeof prepared !== 'object' || typeof (prepared as PreparedDownload).manifest !== 'function') {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'startDownload needs the PreparedDownload returned by prepareForDownload');
    }
    const { assetId } = prepared;
    const existing = this.registry.get(assetId);
    if (existing) {
      throw new OfflineError(
        ErrorCode.INVALID_STATE,
        existing.state === 'completed'
          ? `"${assetId}" is already downloaded`
          : `"${assetId}" already has a download (${existing.state}): resume or remove it`,
        { details: { assetId, state: existing.state } },
      );
    }
    await checkQuota(prepared.estimatedSize, this.options.quotaMargin);
    if (this.options.requestPersistentStorage) this.persisted = await requestPersistence();
    const now = Date.now();
    const record: AssetRecord = {
      version: 1,
      assetId,
      entry: prepared.entry,
      source: prepared.mediaSource,
      storage: prepared.parts.plan ? 'shaka' : 'progressive',
      mediaKey: this.registry.mediaKey(assetId),
      drmScheme: prepared.drm?.scheme ?? null,
      state: 'preparing',
      reason: null,
      error: null,
      manifestKey: null,
      selection: prepared.summary(),
      bytesDownloaded: 0,
      estimatedTotalBytes: prepared.estimatedSize,
      thirdParty: false,
      createdAt: now,
      updatedAt: now,
      downloadedAt: null,
    };
    await this.registry.put(record);
    this.emitRegistration(assetId, 'registered');
    this.emitState(assetId, 'preparing', 'none', null);
    return this.runJob(assetId, prepared);
  }

  /** Prepares and downloads `entry`; resolves when it is completely stored. */
  async download(entry: MediaEntry | unknown, options: PrepareOptions = {}): Promise<AssetStatus> {
    const prepared = await this.prepareForDownload(entry, options);
    await this.startDownload(prepared);
    return this.whenDownloaded(prepared.assetId);
  }

  /** Resolves when the asset is completely downloaded; rejects if it fails or is removed. */
  whenDownloaded(assetId: string): Promise<AssetStatus> {
    return new Promise((resolve, reject) => {
      checkId(assetId, 'assetId');
      const check = () => {
        const record = this.registry.get(assetId);
        if (!record) return finish(() => reject(new OfflineError(ErrorCode.ASSET_NOT_FOUND, `"${assetId}" is not registered`)));
        if (record.state === 'completed') return finish(() => resolve(this.status(assetId)));
        if (record.state === 'failed') {
          return finish(() => reject(new OfflineError((record.error?.code as ErrorCode) ?? ErrorCode.NETWORK_ERROR, record.error?.message ?? 'The download failed')));
        }
      };
      const onState = (event: Event) => {
        if ((event as CustomEvent<DownloadStateChangeDetail>).detail.assetId === assetId) check();
      };
      const finish = (settle: () => void) => {
        this.removeEventListener('download-state-change', onState);
        settle();
      };
      this.addEventListener('download-state-change', onState);
      void this.ready.then(check, (e) => finish(() => reject(e)));
    });
  }

  /** Pauses a download, keeping what is stored. */
  async pauseDownload(assetId: string): Promise<AssetStatus> {
    const record = await this.require(assetId);
    const job = this.jobs.get(assetId);
    if (job) await job.stop('user');
    else if (record.state === 'downloading' || record.state === 'preparing') await this.setState(record, 'paused', 'user');
    else if (record.state !== 'paused') {
      throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is ${record.state}: only a download in progress can be paused`);
    }
    return this.status(assetId);
  }

  /** Resumes a paused (or failed) download from what is stored. */
  async resumeDownload(assetId: string): Promise<AssetStatus> {
    const record = await this.require(assetId);
    if (this.jobs.has(assetId)) return this.status(assetId);
    if (record.state === 'completed') throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is already downloaded`);
    if (record.thirdParty) throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" was registered by the app, not downloaded here`);
    await this.setState(record, 'downloading', null);
    return this.runJob(assetId, null);
  }

  /** Stops a download and removes everything it stored. */
  async cancelDownload(assetId: string): Promise<void> {
    await this.removeAsset(assetId);
  }

  private async runJob(assetId: string, prepared: PreparedDownload | null): Promise<AssetStatus> {
    const job = new DownloadJob(this.host, assetId, prepared);
    this.jobs.set(assetId, job);
    void job.done.finally(() => {
      if (this.jobs.get(assetId) === job) this.jobs.delete(assetId);
    });
    await job.started;
    const record = this.registry.get(assetId);
    if (record?.state === 'failed' && record.error) {
      throw new OfflineError(record.error.code as ErrorCode, record.error.message, { details: { assetId } });
    }
    return this.status(assetId);
  }

  // --- Registration by the app (the seed's third-party path) -----------------

  /**
   * Registers media the app downloaded itself. `location` is a Blob/File with
   * the bytes, or a same-origin URL to read them from (progressive sources),
   * or the manifest URL to store DASH/HLS from. For DRM content the licence is
   * obtained now (online).
   */
  async assetDownloadFinished(mediaSource: MediaSource, location: Blob | string | URL, options: ThirdPartyOptions = {}): Promise<AssetStatus> {
    await this.ready;
    const entry = options.entry ? toEntry(options.entry) : null;
    const source = checkSource(mediaSource);
    const assetId = checkId(options.assetId ?? entry?.id ?? source.id, 'assetId');
    if (this.registry.get(assetId)) throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is already registered`);
    if (source.mediaFormat === 'dash' || source.mediaFormat === 'hls') {
      if (!(typeof location === 'string' || location instanceof URL)) {
        throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'A DASH/HLS asset is registered from its manifest URL, not a Blob');
      }
      const localSource = { ...source, contentUrl: sameOriginUrl(location) };
      const withEntry = entry ?? { id: assetId, sources: [localSource], mediaType: 'vod' as const, metadata: {} };
      const status = await this.download({ ...withEntry, sources: [localSource] }, { assetId, preferredSourceId: localSource.id });
      return status;
    }
    if (source.drmData.length > 0) {
      throw new OfflineError(ErrorCode.UNSUPPORTED_DRM, 'DRM-protected progressive files are not supported offline (use a DASH or HLS source)');
    }
    const record = await registerLocalFile(this.registry, assetId, source, entry, location, this.options.fetchPolicy, this.options.chunkBytes);
    this.emitRegistration(assetId, 'registered');
    this.emitState(assetId, record.state, 'none', null);
    return this.status(assetId);
  }

  // --- Local playback, status, removal ---------------------------------------

  /** A MediaEntry that plays the local copy (with its keys for ClearKey); no network needed. */
  async createLocalMediaEntry(assetId: string): Promise<MediaEntry> {
    const record = await this.require(assetId);
    if (record.state !== 'completed') {
      throw new OfflineError(ErrorCode.ASSET_NOT_COMPLETE, `"${assetId}" is not completely downloaded (${record.state})`, { details: { state: record.state } });
    }
    return buildLocalEntry(record, this.registry.licence(assetId) ?? null, this.objectUrls);
  }

  /** The asset's state, progress, size, dates and licence (state 'none' when unknown). */
  async getAssetStatus(assetId: string): Promise<AssetStatus> {
    checkId(assetId, 'assetId');
    await this.ready;
    return this.status(assetId);
  }

  /** Every registered asset (downloading, paused, failed or completed). */
  async listAssets(): Promise<AssetStatus[]> {
    await this.ready;
    return this.registry.all().map((record) => assetStatus(record, this.registry.licence(record.assetId) ?? null));
  }

  /**
   * Removes the asset: stops its download, releases its licence, deletes its
   * media (Shaka's manifest and segments, or the file) and its records.
   */
  async removeAsset(assetId: string): Promise<{ bytesFreed: number }> {
    const record = await this.require(assetId);
    await this.jobs.get(assetId)?.stop('cancelled');
    const licence = this.registry.licence(assetId);
    const released = licence ? await releaseLicence(licence, this.options.licenceRequestAdapter) : true;
    if (!released && licence) {
      // Keep the licence record so start-up can try the release again.
      await this.registry.putLicence({ ...licence, releasePending: true });
    }
    const bytesFreed = await removeStoredMedia(record);
    const url = this.objectUrls.get(assetId);
    if (url) URL.revokeObjectURL(url);
    this.objectUrls.delete(assetId);
    clearTimeout(this.persistTimers.get(assetId));
    this.persistTimers.delete(assetId);
    this.fractions.delete(assetId);
    if (released) await this.registry.remove(assetId);
    else await this.registry.removeAssetOnly(assetId);
    this.emitState(assetId, 'none', record.state, null);
    this.emitRegistration(assetId, 'removed');
    return { bytesFreed };
  }

  /** Storage used and available (navigator.storage.estimate()), and whether it is persistent. */
  async storageEstimate(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    const persisted = this.persisted ?? (await navigator.storage?.persisted?.().catch(() => null)) ?? null;
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
  }

  /** Stops downloads (they resume later from what is stored) and frees object URLs. */
  async destroy(): Promise<void> {
    this.destroyed = true;
    await Promise.all([...this.jobs.values()].map((job) => job.stop('interrupted')));
    for (const url of this.objectUrls.values()) URL.revokeObjectURL(url);
    this.objectUrls.clear();
  }

  // --- Internals ---------------------------------------------------------------

  private status(assetId: string): AssetStatus {
    const record = this.registry.get(assetId);
    return record ? assetStatus(record, this.registry.licence(assetId) ?? null) : assetStatus(null, null, assetId);
  }

  private async require(assetId: string): Promise<AssetRecord> {
    checkId(assetId, 'assetId');
    await this.ready;
    const record = this.registry.get(assetId);
    if (!record) throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, `No asset is registered as "${assetId}"`, { details: { assetId } });
    return record;
  }

  private async setState(record: AssetRecord, state: AssetState, reason: StateReason): Promise<void> {
    const previous = record.state;
    record.state = state;
    record.reason = reason;
    if (state !== 'failed') record.error = null;
    await this.registry.put(record);
    if (previous !== state || reason) this.emitState(record.assetId, state, previous, reason);
  }

  /** What download jobs may do to the manager. */
  private jobHost(): JobHost {
    return {
    registry: this.registry,
    options: this.options,
    setState: (record, state, reason) => this.setState(record, state, reason),
    fail: async (record, error, reason) => {
      record.error = { code: error.code, message: error.message };
      await this.setState(record, 'failed', reason);
      record.error = { code: error.code, message: error.message };
      await this.registry.put(record);
      this.dispatch<DownloadErrorDetail>('download-error', { assetId: record.assetId, error });
    },
    complete: async (record, bytes) => {
      record.downloadedAt = Date.now();
      record.bytesDownloaded = bytes;
      record.estimatedTotalBytes = record.bytesDownloaded;
      clearTimeout(this.persistTimers.get(record.assetId));
      this.persistTimers.delete(record.assetId);
      this.fractions.set(record.assetId, 1);
      this.dispatch<DownloadProgressDetail>('download-progress', {
        assetId: record.assetId,
        bytesDownloaded: record.bytesDownloaded,
        estimatedTotalBytes: record.bytesDownloaded,
        fraction: 1,
      });
      await this.setState(record, 'completed', null);
      this.emitRegistration(record.assetId, 'updated');
    },
    progress: (assetId, bytesDone, estimatedTotal) => this.progress(assetId, bytesDone, estimatedTotal),
    prepareAgain: async (record) => {
      const choice = await this.getPreferredDownloadableMediaSource(record.entry, { preferredSourceId: record.source.id });
      if (!choice.source || choice.source.id !== record.source.id) {
        throw new OfflineError(ErrorCode.NO_DOWNLOADABLE_SOURCE, `The source of "${record.assetId}" can no longer be downloaded here`);
      }
      const selection: TrackSelection = record.selection
        ? {
            videoHeight: record.selection.videoHeight ?? undefined,
            audioLanguages: record.selection.audioLanguages,
            textLanguages: record.selection.textLanguages.length > 0 ? record.selection.textLanguages : 'none',
          }
        : this.options.trackSelection;
      return prepare(record.entry, record.assetId, { ...choice, source: choice.source }, selection, this.options);
    },
    };
  }

  private progress(assetId: string, bytesDone: number, estimatedTotal: number): void {
    const record = this.registry.get(assetId);
    if (!record || this.destroyed) return;
    record.bytesDownloaded = bytesDone;
    record.estimatedTotalBytes = Math.max(bytesDone, estimatedTotal);
    const fraction = Math.max(this.fractions.get(assetId) ?? 0, fractionOf({ ...record, state: 'downloading' }));
    this.fractions.set(assetId, fraction);
    this.dispatch<DownloadProgressDetail>('download-progress', {
      assetId,
      bytesDownloaded: record.bytesDownloaded,
      estimatedTotalBytes: record.estimatedTotalBytes,
      fraction,
    });
    if (!this.persistTimers.has(assetId)) {
      this.persistTimers.set(
        assetId,
        setTimeout(() => {
          this.persistTimers.delete(assetId);
          const current = this.registry.get(assetId);
          if (current) void this.registry.put(current).catch(() => {});
        }, PERSIST_EVERY_MS),
      );
    }
  }

  private dispatch<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail }));
  }

  private emitState(assetId: string, state: AssetState | 'none', previousState: AssetState | 'none', reason: StateReason): void {
    if (state !== 'downloading' && state !== 'preparing' && state !== 'completed') this.fractions.delete(assetId);
    this.dispatch<DownloadStateChangeDetail>('download-state-change', { assetId, state, previousState, reason });
  }

  private emitRegistration(assetId: string, change: RegistrationChangeDetail['change']): void {
    this.dispatch<RegistrationChangeDetail>('registration-change', {
      assetId,
      change,
      status: change === 'removed' ? null : this.status(assetId),
    });
  }
}

function isStore(value: unknown): value is LocalDataStore {
  const s = value as LocalDataStore;
  return !!s && typeof s.save === 'function' && typeof s.load === 'function' && typeof s.remove === 'function';
}

function toEntry(entry: unknown): MediaEntry {
  return parseMediaEntry(entry);
}

function checkId(id: unknown, name: string): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `${name} must be a non-empty string`, { details: { [name]: id } });
  }
  return id;
}

function checkSource(source: unknown): MediaSource {
  const entry = parseMediaEntry({ id: 'source-check', sources: [source] });
  return entry.sources[0];
}
