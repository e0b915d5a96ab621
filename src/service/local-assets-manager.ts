// The LocalAssetsManager: Kaltura PlayKit's offline model for the web.
// It chooses the source to download, prepares and runs downloads (DASH/HLS
// into Shaka's offline database, MP4/MP3 into its own), registers what was
// downloaded (also by the app itself: assetDownloadFinished), keeps licences
// and registrations in a LocalDataStore, and turns a stored asset back into a
// playable MediaEntry. It is an EventTarget: download-progress,
// download-state-change, registration-change, download-error. Several tabs on
// one store act as one manager (see registry/tab-sync.ts).
import { ErrorCode, OfflineError, asOfflineError } from '../errors.js';
import type { DownloadStateChangeDetail } from '../events/download-state-change.js';
import { DefaultLocalDataStore } from '../storage/default-local-data-store.js';
import type { LocalDataStore } from '../storage/local-data-store.js';
import { Announcer } from './announcer.js';
import type { BrowserCapabilities } from './capabilities/capabilities.js';
import type { SourceChoice, SourceChoiceOptions } from './capabilities/source-choice.js';
import { DownloadRunner } from './download/download-runner.js';
import type { TrackSelection } from './download/tracks.js';
import type { AutoRenewer } from './drm/auto-renew.js';
import { lazy } from './lazy.js';
import { entryUrlOf, fetchMediaEntry, parseMediaEntry } from './model/parse-entry.js';
import type { MediaEntry, MediaSource } from './model/media-entry.js';
import { type LocalAssetsManagerOptions, type ResolvedOptions, resolveOptions } from './options.js';
import type { PreparedDownload } from './prepared-download.js';
import type { AssetRecord, AssetStatus } from './registry/asset-record.js';
import { AssetRegistry } from './registry/asset-registry.js';
import { assetStatus } from './registry/asset-status.js';
import type { CleanupReport } from './registry/cleanup.js';
import { TabSync } from './registry/tab-sync.js';
import { isOnline } from './util/online.js';

export interface PrepareOptions extends Omit<SourceChoiceOptions, 'purpose'> {
  /** Id to register the asset under (default: the entry's id). */
  assetId?: string;
  /**
   * The URL the entry JSON came from (default: known when fetchMediaEntry or
   * loadMediaEntry made it). Elements with that `src` find the download offline.
   */
  entryUrl?: string;
  /** Tracks to download (defaults: the manager's `trackSelection`). */
  selection?: TrackSelection;
}

export interface ThirdPartyOptions {
  /** Id to register under (default: the entry's id, else the source's id). */
  assetId?: string;
  /** The entry the source belongs to (kept for createLocalMediaEntry). */
  entry?: MediaEntry;
}

export class LocalAssetsManager extends EventTarget {
  readonly store: LocalDataStore;
  /** Resolves once registrations are loaded and start-up work is done (every method waits for it). */
  readonly ready: Promise<void>;
  private readonly registry: AssetRegistry;
  private readonly options: ResolvedOptions;
  private readonly givenCapabilities: BrowserCapabilities | undefined;
  private realCapabilities: BrowserCapabilities | undefined;
  private readonly sync: TabSync;
  private readonly announcer: Announcer;
  private readonly runner: DownloadRunner;
  private readonly objectUrls = new Map<string, string>();
  private persisted: boolean | null = null;
  private cleanupReport: CleanupReport | null = null;
  private startupCleanup!: Promise<CleanupReport | null>;
  private renewer: AutoRenewer | null = null;

  constructor(store?: LocalDataStore, options: LocalAssetsManagerOptions = {}) {
    super();
    if (store !== undefined && !isStore(store)) {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalAssetsManager: the store must implement save(key, bytes), load(key) and remove(key)');
    }
    this.store = store ?? new DefaultLocalDataStore();
    this.options = resolveOptions(options);
    this.givenCapabilities = options.capabilities;
    this.registry = new AssetRegistry(this.store);
    this.sync = new TabSync((message) => {
      if (message.type === 'command') this.runner.command(message);
      else {
        void this.announcer
          .remote(message)
          .then(() => message.type === 'state' && message.state === 'downloading' && this.runner.follow(message.assetId))
          .catch(() => {});
      }
    });
    this.announcer = new Announcer(this, this.registry, this.sync, (id) => this.status(id));
    this.runner = new DownloadRunner(this.registry, this.options, this.announcer, this.sync, (record) => this.replan(record), (id) => this.resumeDownload(id));
    // A removal anywhere (this tab or another) frees the asset's Blob URL.
    this.addEventListener('registration-change', (event) => {
      const { assetId, change } = (event as CustomEvent<{ assetId: string; change: string }>).detail;
      if (change !== 'removed') return;
      const url = this.objectUrls.get(assetId);
      if (url) URL.revokeObjectURL(url);
      this.objectUrls.delete(assetId);
    });
    this.ready = this.start();
    this.startupCleanup = this.ready.then(() => this.cleanupWhenIdle(), () => null);
  }

  private async start(): Promise<void> {
    try {
      await this.registry.ready;
    } catch (e) {
      throw new OfflineError(ErrorCode.STORAGE_ERROR, `Could not read registrations from the LocalDataStore: ${(e as Error)?.message ?? e}`, { cause: e });
    }
    try {
      await this.reconcile();
    } catch (e) {
      throw asOfflineError(e, ErrorCode.STORAGE_ERROR, 'Starting the manager');
    }
  }

  /** Start-up: interrupted downloads, true progress, pending releases, auto-resume and -renew. */
  private async reconcile(): Promise<void> {
    this.sync.open(this.registry.namespace);
    const interrupted: string[] = [];
    for (const record of this.registry.all()) {
      // One asset that cannot be reconciled (a full quota refusing the write,
      // a media database that cannot open) must not make the manager unusable.
      try {
        let changed = false;
        if (record.state === 'downloading' || record.state === 'preparing') {
          // Another tab runs it: follow. Nobody does: its page went away.
          if (await this.sync.downloadRunning(record.assetId)) {
            this.runner.follow(record.assetId);
            continue;
          }
          record.state = 'paused';
          record.reason = 'interrupted';
          interrupted.push(record.assetId);
          changed = true;
        }
        if (record.state === 'paused' || record.state === 'failed') {
          // Report what is really stored, not what was last saved.
          const stored = await (await lazy.storedMedia()).storedBytes(record);
          changed ||= stored !== record.bytesDownloaded;
          record.bytesDownloaded = stored;
        }
        if (changed) await this.registry.put(record);
      } catch {
        // kept as it is in memory; the next start tries again
      }
    }
    // Licence releases that failed before are retried in the background:
    // a slow licence server must not hold up the manager.
    const pending = this.registry.pendingReleases();
    if (pending.length > 0) {
      void lazy
        .release()
        .then(async ({ releaseLicence }) => {
          for (const licence of pending) {
            if (await releaseLicence(licence, this.options.licenceRequestAdapter)) await this.registry.releaseDone(licence.assetId);
          }
        })
        .catch(() => {});
    }
    if (this.options.autoResume) {
      for (const id of interrupted) void this.resumeDownload(id).catch(() => {});
    }
    if (this.options.autoRenewSeconds !== null && typeof window !== 'undefined') {
      const { AutoRenewer } = await lazy.autoRenew();
      this.renewer = new AutoRenewer(this.registry, this.options.autoRenewSeconds, (id) => this.renewAsset(id));
      this.renewer.start();
    }
  }

  /** What the browser can do: the app's answers, or the browser's own (asked on first use). */
  private async capabilities(): Promise<BrowserCapabilities> {
    if (this.givenCapabilities) return this.givenCapabilities;
    this.realCapabilities ??= (await lazy.capabilities()).createBrowserCapabilities();
    return this.realCapabilities;
  }

  // --- Source choice and preparation -----------------------------------------

  /**
   * The best source of `entry` this browser can download and play offline, or
   * `source: null` with the reason (see SourceChoice).
   */
  async getPreferredDownloadableMediaSource(entry: MediaEntry | unknown, options: SourceChoiceOptions = {}): Promise<SourceChoice> {
    const parsed = toEntry(entry);
    return (await lazy.sourceChoice()).chooseDownloadableSource(parsed, await this.capabilities(), options);
  }

  /** The best source to stream `entry` now (online), for players. */
  async getPreferredPlayableMediaSource(entry: MediaEntry | unknown, options: Omit<SourceChoiceOptions, 'purpose'> = {}): Promise<SourceChoice> {
    const parsed = toEntry(entry);
    return (await lazy.sourceChoice()).chooseDownloadableSource(parsed, await this.capabilities(), { ...options, purpose: 'online' });
  }

  /**
   * Chooses the source and prepares its download: tracks, default selection,
   * size estimate, DRM. No media byte moves.
   */
  async prepareForDownload(entry: MediaEntry | unknown, options: PrepareOptions = {}): Promise<PreparedDownload> {
    await this.ready;
    const parsed = toEntry(entry);
    const assetId = checkId(options.assetId ?? parsed.id, 'assetId');
    const entryUrl = options.entryUrl === undefined ? entryUrlOf(entry) : checkUrl(options.entryUrl, 'entryUrl');
    const [{ rankDownloadableSources }, { prepareBest }] = await Promise.all([lazy.sourceChoice(), lazy.prepare()]);
    const { candidates, rejected, reason } = await rankDownloadableSources(parsed, await this.capabilities(), { ...options, purpose: 'offline' });
    if (candidates.length === 0) {
      throw new OfflineError(ErrorCode.NO_DOWNLOADABLE_SOURCE, reason ?? 'No downloadable source', { details: { rejected } });
    }
    const prepared = await prepareBest(parsed, assetId, candidates, rejected, options.selection ?? this.options.trackSelection, this.options);
    prepared.entryUrl = entryUrl;
    return prepared;
  }

  /**
   * The entry at `src`, for an element or an app that names its videos by
   * URL: fetched (through the offline shell worker's cache when there is
   * one); when it cannot be fetched (offline, or gone from the server), the
   * entry kept with the download made from that URL (`assetId`'s, if given).
   * Offline with nothing downloaded from it: NOT_AVAILABLE_OFFLINE.
   */
  async loadMediaEntry(src: string, options: { assetId?: string | null } = {}): Promise<MediaEntry> {
    let fetchError: OfflineError;
    try {
      return await fetchMediaEntry(src);
    } catch (e) {
      fetchError = asOfflineError(e, ErrorCode.NETWORK_ERROR, 'Fetching the media entry');
      if (fetchError.code !== ErrorCode.NETWORK_ERROR) throw fetchError;
    }
    await this.ready;
    const href = new URL(src, document.baseURI).href;
    const stored = this.registry.findByEntryUrl(href, options.assetId ?? null);
    if (stored) return structuredClone(stored.entry);
    if (!isOnline()) {
      throw new OfflineError(ErrorCode.NOT_AVAILABLE_OFFLINE, 'You are offline and this video is not downloaded', { details: { url: href }, cause: fetchError });
    }
    throw fetchError;
  }

  /**
   * Starts a prepared download. Resolves with the asset's status once bytes
   * are moving; completion comes as events (or use `whenDownloaded`). When
   * another tab already downloads the same asset, this joins it.
   */
  async startDownload(prepared: PreparedDownload): Promise<AssetStatus> {
    await this.ready;
    if (!prepared || typeof prepared !== 'object' || typeof (prepared as PreparedDownload).manifest !== 'function') {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'startDownload needs the PreparedDownload returned by prepareForDownload');
    }
    const { assetId } = prepared;
    const joined = await this.sync.withRegistrationLock(assetId, async () => {
      const existing = await this.registry.reload(assetId);
      if (existing) {
        if ((existing.state === 'downloading' || existing.state === 'preparing') && (await this.sync.downloadRunning(assetId))) {
          this.runner.follow(assetId);
          return true;
        }
        throw new OfflineError(
          ErrorCode.INVALID_STATE,
          existing.state === 'completed' ? `"${assetId}" is already downloaded` : `"${assetId}" already has a download (${existing.state}): resume or remove it`,
          { details: { assetId, state: existing.state } },
        );
      }
      await (await lazy.quota()).checkQuota(prepared.estimatedSize, this.options.quotaMargin);
      await this.registry.put(newRecord(prepared, this.registry.mediaKey(assetId)));
      this.announcer.registration(assetId, 'registered');
      this.announcer.state(assetId, 'preparing', 'none', null);
      // Take the download lock before letting go of the registration lock:
      // another tab then sees the download running and joins it.
      await this.runner.run(assetId, prepared);
      return false;
    });
    if (joined) return this.status(assetId);
    if (this.options.requestPersistentStorage) this.persisted = await (await lazy.quota()).requestPersistence();
    return this.settled(assetId);
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

  /** Pauses a download (wherever it runs), keeping what is stored. */
  async pauseDownload(assetId: string): Promise<AssetStatus> {
    const record = await this.require(assetId);
    if (record.state === 'downloading' || record.state === 'preparing') {
      await this.runner.stop(assetId, 'user');
      const after = (await this.registry.reload(assetId)) ?? record;
      if (after.state === 'downloading' || after.state === 'preparing') await this.runner.setState(after, 'paused', 'user');
    } else if (record.state !== 'paused') {
      throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is ${record.state}: only a download in progress can be paused`);
    }
    return this.status(assetId);
  }

  /** Resumes a paused (or failed) download from what is stored. */
  async resumeDownload(assetId: string): Promise<AssetStatus> {
    const record = await this.require(assetId);
    if (this.runner.runsHere(assetId)) return this.status(assetId);
    if (record.state === 'completed') throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is already downloaded`);
    if (record.thirdParty) throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" was registered by the app, not downloaded here`);
    return this.run(assetId, null);
  }

  /** Stops a download and removes everything it stored. */
  async cancelDownload(assetId: string): Promise<void> {
    await this.removeAsset(assetId);
  }

  private async run(assetId: string, prepared: PreparedDownload | null): Promise<AssetStatus> {
    await this.runner.run(assetId, prepared);
    return this.settled(assetId);
  }

  /** The status once the download (if it runs here) moves bytes; a failure before that rejects. */
  private async settled(assetId: string): Promise<AssetStatus> {
    await this.runner.started(assetId);
    const record = this.registry.get(assetId);
    if (record?.state === 'failed' && record.error) {
      throw new OfflineError(record.error.code as ErrorCode, record.error.message, { details: { assetId } });
    }
    return this.status(assetId);
  }

  private async replan(record: AssetRecord): Promise<PreparedDownload> {
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
    return (await lazy.prepare()).prepare(record.entry, record.assetId, { ...choice, source: choice.source }, selection, this.options);
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
    const { registerLocalFile, sameOriginUrl } = await lazy.thirdParty();
    if (source.mediaFormat === 'dash' || source.mediaFormat === 'hls') {
      if (await this.registry.reload(assetId)) throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is already registered`);
      if (!(typeof location === 'string' || location instanceof URL)) {
        throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'A DASH/HLS asset is registered from its manifest URL, not a Blob');
      }
      const localSource = { ...source, contentUrl: sameOriginUrl(location) };
      const withEntry = entry ?? { id: assetId, sources: [localSource], mediaType: 'vod' as const, metadata: {} };
      return this.download({ ...withEntry, sources: [localSource] }, { assetId, preferredSourceId: localSource.id });
    }
    if (source.drmData.length > 0) {
      throw new OfflineError(ErrorCode.UNSUPPORTED_DRM, 'DRM-protected progressive files are not supported offline (use a DASH or HLS source)');
    }
    // Under the registration lock (another tab may register the same id) and
    // the download lock (the start-up cleanup of another tab must not take the
    // file for an orphan before it is registered).
    await this.sync.withRegistrationLock(assetId, async () => {
      if (await this.registry.reload(assetId)) throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is already registered`);
      await this.sync.waitForDownloadLock(assetId, () =>
        registerLocalFile(this.registry, assetId, source, entry, location, this.options.fetchPolicy, this.options.chunkBytes),
      );
    });
    this.announcer.registration(assetId, 'registered');
    this.announcer.state(assetId, 'completed', 'none', null);
    return this.status(assetId);
  }

  // --- Local playback, status, removal ---------------------------------------

  /** A MediaEntry that plays the local copy (with its keys for ClearKey); no network needed. */
  async createLocalMediaEntry(assetId: string): Promise<MediaEntry> {
    const record = await this.require(assetId);
    if (record.state !== 'completed') {
      throw new OfflineError(ErrorCode.ASSET_NOT_COMPLETE, `"${assetId}" is not completely downloaded (${record.state})`, { details: { state: record.state } });
    }
    return (await lazy.localEntry()).buildLocalEntry(record, this.registry.licence(assetId) ?? null, this.objectUrls);
  }

  /**
   * Fetches a fresh licence for a downloaded asset (online) and keeps it in
   * place of the old one: an expired asset plays offline again. The seed's
   * `renewDownloadedAsset` / Android's `refreshAsset`.
   */
  async renewAsset(assetId: string): Promise<AssetStatus> {
    const record = await this.require(assetId);
    const licence = this.registry.licence(assetId);
    if (!licence) throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is not DRM-protected: there is no licence to renew`);
    if (!isOnline()) throw new OfflineError(ErrorCode.NETWORK_ERROR, `Renewing the licence of "${assetId}" needs the network`);
    const fresh = await (await lazy.renewal()).renewLicence(record, licence, this.options.licenceRequestAdapter);
    await this.registry.putLicence(fresh);
    this.announcer.registration(assetId, 'updated');
    return this.status(assetId);
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
   * Removes the asset: stops its download (in any tab), releases its licence,
   * deletes its media (Shaka's manifest and segments, or the file) and its
   * records.
   */
  async removeAsset(assetId: string): Promise<{ bytesFreed: number }> {
    await this.require(assetId);
    await this.runner.stop(assetId, 'cancelled');
    const record = (await this.registry.reload(assetId)) ?? (await this.require(assetId));
    const licence = this.registry.licence(assetId);
    const released = licence ? await (await lazy.release()).releaseLicence(licence, this.options.licenceRequestAdapter) : true;
    if (!released && licence) await this.registry.putLicence({ ...licence, releasePending: true });
    const bytesFreed = await (await lazy.storedMedia()).removeStoredMedia(record);
    const url = this.objectUrls.get(assetId);
    if (url) URL.revokeObjectURL(url);
    this.objectUrls.delete(assetId);
    if (released) await this.registry.remove(assetId);
    else await this.registry.removeAssetOnly(assetId);
    this.announcer.state(assetId, 'none', record.state, null);
    this.announcer.registration(assetId, 'removed');
    return { bytesFreed };
  }

  /**
   * Finds and removes storage no registration or download owns: our
   * manifests without registration, Shaka's abandoned incomplete downloads,
   * segments nothing points at, progressive files without registration.
   */
  async cleanup(): Promise<CleanupReport> {
    await this.registry.ready;
    const { cleanupOrphans } = await lazy.cleanup();
    const run = () => cleanupOrphans(this.registry, { orphanAgeMs: this.options.orphanAgeMs, isRunning: (id) => this.sync.downloadRunning(id) });
    return navigator.locks ? ((await navigator.locks.request('offline-player:maintenance', run)) as CleanupReport) : run();
  }

  /** What the start-up cleanup removed (null when it did not run, or before it ran). */
  get lastCleanup(): CleanupReport | null {
    return this.cleanupReport;
  }

  /** Settles when the start-up cleanup has run (it runs when the page is idle, after `ready`). */
  get cleanupDone(): Promise<CleanupReport | null> {
    return this.startupCleanup;
  }

  /**
   * The start-up cleanup does not hold up `ready` (start-up with 1,000 assets
   * is twice as fast without it): it runs when the page is idle, and not at
   * all on a first visit, when neither media database exists.
   */
  private async cleanupWhenIdle(): Promise<CleanupReport | null> {
    if (!this.options.cleanupOnStart) return null;
    await new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 5000 }) : setTimeout(resolve, 0)));
    const names = await indexedDB.databases?.().then((dbs) => dbs.map((d) => d.name), () => null);
    if (names && !names.includes('shaka_offline_db') && !names.includes('offline-player-media')) return null;
    this.cleanupReport = await this.cleanup().catch(() => null);
    return this.cleanupReport;
  }

  /** Storage used and available (navigator.storage.estimate()), and whether it is persistent. */
  async storageEstimate(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    const persisted = this.persisted ?? (await navigator.storage?.persisted?.().catch(() => null)) ?? null;
    return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
  }

  /** Stops this tab's downloads (they resume later from what is stored) and frees object URLs. */
  async destroy(): Promise<void> {
    this.renewer?.stop();
    await this.runner.destroy();
    this.sync.close();
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
    const record = this.registry.get(assetId) ?? (await this.registry.reload(assetId));
    if (!record) throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, `No asset is registered as "${assetId}"`, { details: { assetId } });
    return record;
  }
}

function newRecord(prepared: PreparedDownload, mediaKey: string): AssetRecord {
  const now = Date.now();
  return {
    version: 1,
    assetId: prepared.assetId,
    entry: prepared.entry,
    entryUrl: prepared.entryUrl,
    source: prepared.mediaSource,
    storage: prepared.parts.plan ? 'shaka' : 'progressive',
    mediaKey,
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

function checkUrl(value: unknown, name: string): string {
  try {
    if (typeof value !== 'string' || value.trim() === '') throw new TypeError('not a string');
    return new URL(value, document.baseURI).href;
  } catch (e) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `${name} must be a URL`, { details: { [name]: value }, cause: e });
  }
}

function checkSource(source: unknown): MediaSource {
  const entry = parseMediaEntry({ id: 'source-check', sources: [source] });
  return entry.sources[0];
}

// The public boundary: whatever goes wrong inside a public method reaches
// the caller as an OfflineError with a stable code (see asOfflineError).
const BOUNDARY: Array<[keyof LocalAssetsManager, ErrorCode, string]> = [
  ['getPreferredDownloadableMediaSource', ErrorCode.STORAGE_ERROR, 'Choosing a source'],
  ['getPreferredPlayableMediaSource', ErrorCode.STORAGE_ERROR, 'Choosing a source'],
  ['prepareForDownload', ErrorCode.MANIFEST_ERROR, 'Preparing the download'],
  ['loadMediaEntry', ErrorCode.NETWORK_ERROR, 'Loading the media entry'],
  ['startDownload', ErrorCode.STORAGE_ERROR, 'Starting the download'],
  ['download', ErrorCode.STORAGE_ERROR, 'Downloading'],
  ['whenDownloaded', ErrorCode.STORAGE_ERROR, 'Waiting for the download'],
  ['pauseDownload', ErrorCode.STORAGE_ERROR, 'Pausing the download'],
  ['resumeDownload', ErrorCode.STORAGE_ERROR, 'Resuming the download'],
  ['cancelDownload', ErrorCode.STORAGE_ERROR, 'Cancelling the download'],
  ['assetDownloadFinished', ErrorCode.STORAGE_ERROR, 'Registering the downloaded asset'],
  ['createLocalMediaEntry', ErrorCode.STORAGE_ERROR, 'Reading the downloaded asset'],
  ['renewAsset', ErrorCode.LICENSE_REQUEST_FAILED, 'Renewing the licence'],
  ['getAssetStatus', ErrorCode.STORAGE_ERROR, 'Reading the asset status'],
  ['listAssets', ErrorCode.STORAGE_ERROR, 'Listing assets'],
  ['removeAsset', ErrorCode.STORAGE_ERROR, 'Removing the asset'],
  ['cleanup', ErrorCode.STORAGE_ERROR, 'Cleaning up storage'],
  ['storageEstimate', ErrorCode.STORAGE_ERROR, 'Estimating storage'],
];
for (const [name, fallback, doing] of BOUNDARY) {
  const method = LocalAssetsManager.prototype[name] as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(LocalAssetsManager.prototype, name, {
    configurable: true,
    writable: true,
    value(this: LocalAssetsManager, ...args: unknown[]) {
      return method.apply(this, args).catch((e: unknown) => {
        throw asOfflineError(e, fallback, doing);
      });
    },
  });
}
