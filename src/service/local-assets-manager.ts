// The LocalAssetsManager: Kaltura PlayKit's offline model for the web. It
// chooses the source to download, prepares it, registers what was
// downloaded, keeps licences and registrations in a LocalDataStore and turns
// a stored asset back into a playable MediaEntry. Each asset has one
// lifecycle (lifecycle/): the one writer of its record, whose operations take
// turns in every tab. This class is the public boundary: whatever goes wrong
// reaches the caller as an OfflineError with a stable code (boundary()).
import { type ErrorCode as Code, ErrorCode, OfflineError, asOfflineError } from '../errors.js';
import { type LocalAssetsManagerEventMap, TypedEventTarget } from '../events/manager-events.js';
import { DefaultLocalDataStore } from '../storage/default-local-data-store.js';
import type { LocalDataStore } from '../storage/local-data-store.js';
import { checkId, checkSource, checkUrl, isStore, toEntry } from './arguments.js';
import type { BrowserCapabilities } from './capabilities/capabilities.js';
import type { SourceChoice, SourceChoiceOptions } from './capabilities/source-choice.js';
import type { AutoRenewer } from './drm/auto-renew.js';
import type { LicenceMode, LicenceRequestAdapter } from './drm/licence.js';
import { lazy } from './lazy.js';
import { Lifecycles } from './lifecycle/lifecycles.js';
import { type StatusListener, StatusHub } from './lifecycle/status-hub.js';
import type { MediaEntry, MediaSource } from './model/media-entry.js';
import { entryUrlOf, fetchMediaEntryOrStored } from './model/parse-entry.js';
import { type LocalAssetsManagerOptions, type PrepareOptions, type ResolvedOptions, type ThirdPartyOptions, resolveOptions } from './options.js';
import { ObjectUrls } from './playback/object-urls.js';
import type { PreparedDownload } from './prepared-download.js';
import type { AssetRecord, AssetStatus } from './registry/asset-record.js';
import { AssetRegistry } from './registry/asset-registry.js';
import type { CleanupReport } from './registry/cleanup.js';
import { CleanupSchedule } from './registry/cleanup-schedule.js';

/** Runs a public method: any failure reaches the caller as an OfflineError (`fallback` when it is not one already). */
async function boundary<T>(fallback: Code, doing: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (e) {
    throw asOfflineError(e, fallback, doing);
  }
}

/** Kaltura's LocalAssetsManager; its events are typed (LocalAssetsManagerEventMap). */
export class LocalAssetsManager extends TypedEventTarget<LocalAssetsManagerEventMap> {
  readonly store: LocalDataStore;
  /** Resolves once registrations are loaded and start-up repair is done (every method waits for it). */
  readonly ready: Promise<void>;
  private readonly options: ResolvedOptions;
  private readonly registry: AssetRegistry;
  private readonly hub: StatusHub;
  private readonly lifecycles: Lifecycles;
  private readonly objectUrls = new ObjectUrls(this);
  private capabilitiesPromise: Promise<BrowserCapabilities> | null = null;
  private readonly startupCleanup: CleanupSchedule;
  private renewer: AutoRenewer | null = null;

  constructor(store?: LocalDataStore, options: LocalAssetsManagerOptions = {}) {
    super();
    if (store !== undefined && !isStore(store)) {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalAssetsManager: the store must implement save(key, bytes), load(key) and remove(key)');
    }
    if (options?.backgroundDownloads !== undefined && typeof options.backgroundDownloads !== 'boolean') {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalAssetsManager: backgroundDownloads must be true or false');
    }
    // The service worker opens the store itself, by its name: a store the
    // page made (any other class) cannot reach it.
    if (options?.backgroundDownloads && store !== undefined && !(store instanceof DefaultLocalDataStore)) {
      throw new OfflineError(
        ErrorCode.INVALID_ARGUMENT,
        'LocalAssetsManager: backgroundDownloads needs the DefaultLocalDataStore (the service worker that stores background downloads cannot reach a store made in the page)',
        { details: { option: 'backgroundDownloads' } },
      );
    }
    this.store = store ?? new DefaultLocalDataStore();
    this.options = resolveOptions(options);
    const defaultStore = this.store instanceof DefaultLocalDataStore ? this.store : null;
    const background = this.options.backgroundDownloads && defaultStore ? { storeName: defaultStore.name, storeTable: defaultStore.storeName } : null;
    if (options.capabilities) this.capabilitiesPromise = Promise.resolve(options.capabilities);
    this.registry = new AssetRegistry(this.store, this.options.stripQueryParameters);
    this.hub = new StatusHub(this, this.registry, (id, record) => this.lifecycles.remoteCommit(id, record));
    this.registry.onNamespaceChange = (namespace) => {
      this.hub.close();
      this.hub.open(namespace);
    };
    const choose = (entry: MediaEntry, preferredSourceId: string, licenceMode: LicenceMode) => this.getPreferredDownloadableMediaSource(entry, { preferredSourceId, licenceMode });
    const replan = async (record: AssetRecord) => (await lazy.prepare()).replan(record, choose, this.options);
    const context = { store: this.store, registry: this.registry, hub: this.hub, options: this.options, replan, background };
    this.lifecycles = new Lifecycles(context, (id) => this.resumeDownload(id), this.options.autoResume);
    this.ready = boundary(ErrorCode.STORAGE_ERROR, 'Starting the manager', () => this.start());
    const isRunning = (id: string) => this.lifecycles.isRunning(id);
    this.startupCleanup = new CleanupSchedule(this.registry, { orphanAgeMs: this.options.orphanAgeMs, isRunning }, this.ready, this.options.cleanupOnStart, () => this.cleanup());
  }

  private async start(): Promise<void> {
    await this.registry.ready;
    this.hub.open(this.registry.namespace);
    await this.lifecycles.reconcile();
    this.hub.notifyAll();
    if (this.options.autoRenewSeconds !== null && typeof window !== 'undefined') {
      const { AutoRenewer } = await lazy.autoRenew();
      this.renewer = new AutoRenewer(this.registry, this.options.autoRenewSeconds, (id) => this.renewAsset(id));
      this.renewer.start();
    }
  }

  private capabilities(): Promise<BrowserCapabilities> {
    this.capabilitiesPromise ??= lazy.capabilities().then(({ createBrowserCapabilities }) => createBrowserCapabilities());
    return this.capabilitiesPromise;
  }

  // --- Choosing and preparing -------------------------------------------------------

  /** The source this browser can download and play offline (Kaltura's order), or `source: null` with the reasons. */
  getPreferredDownloadableMediaSource(entry: MediaEntry | unknown, options: Omit<SourceChoiceOptions, 'purpose'> = {}): Promise<SourceChoice> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Choosing a source', async () =>
      (await lazy.sourceChoice()).chooseDownloadableSource(toEntry(entry), await this.capabilities(), { licenceMode: this.options.licenceMode, ...options, purpose: 'offline' }),
    );
  }

  /** The source this browser can stream now (any key system it has, live allowed). */
  getPreferredPlayableMediaSource(entry: MediaEntry | unknown, options: Omit<SourceChoiceOptions, 'purpose'> = {}): Promise<SourceChoice> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Choosing a source', async () =>
      (await lazy.sourceChoice()).chooseDownloadableSource(toEntry(entry), await this.capabilities(), { ...options, purpose: 'online' }),
    );
  }

  /**
   * The entry at `src`: fetched, or, when it cannot be (offline, gone from
   * the server), the entry kept with the download made from that URL
   * (`assetId`'s, if given). Offline with none: NOT_AVAILABLE_OFFLINE.
   */
  loadMediaEntry(src: string, options: { assetId?: string | null } = {}): Promise<MediaEntry> {
    return boundary(ErrorCode.NETWORK_ERROR, 'Loading the media entry', async () => {
      await this.ready;
      return fetchMediaEntryOrStored(src, (url) => structuredClone(this.registry.findByEntryUrl(url, options.assetId)?.entry ?? null));
    });
  }

  /** Chooses the source and prepares its download (tracks, selection, size, DRM); no media byte moves. */
  prepareForDownload(entry: MediaEntry | unknown, options: PrepareOptions = {}): Promise<PreparedDownload> {
    return boundary(ErrorCode.MANIFEST_ERROR, 'Preparing the download', async () => {
      await this.ready;
      const parsed = toEntry(entry);
      const assetId = checkId(options.assetId ?? parsed.id, 'assetId');
      const entryUrl = options.entryUrl === undefined ? entryUrlOf(entry) : checkUrl(options.entryUrl, 'entryUrl');
      const [{ rankDownloadableSources }, { prepareBest }] = await Promise.all([lazy.sourceChoice(), lazy.prepare()]);
      const licenceMode = options.licenceMode ?? this.options.licenceMode;
      const { candidates, rejected, reason, code } = await rankDownloadableSources(parsed, await this.capabilities(), { ...options, licenceMode, purpose: 'offline' });
      if (candidates.length === 0) throw new OfflineError(code, reason ?? 'No downloadable source', { details: { rejected } });
      const prepared = await prepareBest(parsed, assetId, candidates, rejected, options.selection ?? this.options.trackSelection, this.options);
      prepared.entryUrl = entryUrl;
      return prepared;
    });
  }

  // --- Downloading -----------------------------------------------------------------------

  /**
   * Starts a prepared download; resolves once bytes move (joins it when
   * another tab or button started it), or with its `queued` status when
   * every download slot is taken (or `paused (metered)` under the network rule).
   */
  startDownload(prepared: PreparedDownload): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Starting the download', async () => {
      await this.ready;
      if (!prepared || typeof prepared !== 'object' || typeof (prepared as PreparedDownload).manifest !== 'function') {
        throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'startDownload needs the PreparedDownload returned by prepareForDownload');
      }
      const status = await (await this.lifecycles.get(prepared.assetId)).start(prepared, prepared.toRecord(this.registry.mediaKey(prepared.assetId)));
      if (this.options.requestPersistentStorage) void lazy.quota().then((q) => q.requestPersistence());
      return status;
    });
  }

  /** Prepares and downloads `entry`; resolves when it is completely stored. */
  download(entry: MediaEntry | unknown, options: PrepareOptions = {}): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Downloading', async () => {
      const prepared = await this.prepareForDownload(entry, options);
      await this.startDownload(prepared);
      return this.whenDownloaded(prepared.assetId);
    });
  }

  /** Resolves when the asset is completely downloaded; rejects if it fails or is removed. */
  whenDownloaded(assetId: string): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Waiting for the download', async () => {
      checkId(assetId, 'assetId');
      await this.ready;
      return this.hub.whenCompleted(assetId);
    });
  }

  /** Pauses a download, keeping what is stored (one the browser downloads in the background: its fetch is aborted, Background Fetch has no pause). */
  pauseDownload(assetId: string): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Pausing the download', async () => (await this.lifecycle(assetId)).pause());
  }

  /**
   * Resumes a paused (or failed) download from what is stored; queued when every download slot is taken. `entry`: its
   * entry again, with full URLs (after a reload, when stripQueryParameters
   * removed some from what is stored).
   */
  resumeDownload(assetId: string, options: { entry?: MediaEntry | unknown } = {}): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Resuming the download', async () => {
      const entry = options?.entry === undefined || options.entry === null ? null : toEntry(options.entry);
      return (await this.lifecycle(assetId)).resume({ entry });
    });
  }

  /** Moves a queued download to the head of the queue (it starts when the next slot frees). */
  moveToFront(assetId: string): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Moving the download to the front', async () => {
      const record = await this.existing(assetId);
      if (record.state !== 'queued' || !(await this.lifecycles.queue.moveToFront(assetId))) {
        throw new OfflineError(ErrorCode.INVALID_STATE, `"${assetId}" is ${record.state}, not queued: only a queued download can move to the front`, {
          details: { assetId, state: record.state },
        });
      }
      return this.hub.status(assetId);
    });
  }

  /** The queued asset ids, in the order they will start (the same in every tab). */
  get downloadQueue(): readonly string[] {
    return this.lifecycles.queue.ids;
  }

  /** Stops a download and removes everything it stored. */
  cancelDownload(assetId: string): Promise<void> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Cancelling the download', async () => void (await (await this.lifecycle(assetId)).remove()));
  }

  /** Registers media the app downloaded itself: a Blob/File or same-origin URL (MP4/MP3), or a manifest URL (DASH/HLS, downloaded now). */
  assetDownloadFinished(mediaSource: MediaSource, location: Blob | string | URL, options: ThirdPartyOptions = {}): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Registering the downloaded asset', async () => {
      await this.ready;
      const entry = options.entry ? toEntry(options.entry) : null;
      const source = checkSource(mediaSource);
      const assetId = checkId(options.assetId ?? entry?.id ?? source.id, 'assetId');
      const { routeThirdParty, storeLocalFile } = await lazy.thirdParty();
      const route = routeThirdParty(assetId, source, entry, location);
      if ('download' in route) return this.download(route.download, { assetId, preferredSourceId: source.id });
      const { fetchPolicy, chunkBytes, stripQueryParameters } = this.options;
      return (await this.lifecycles.get(assetId)).registerFile(() =>
        storeLocalFile(assetId, this.registry.mediaKey(assetId), source, entry, location, fetchPolicy, chunkBytes, stripQueryParameters),
      );
    });
  }

  // --- Playing, status, removal ----------------------------------------------------------------

  /**
   * A MediaEntry that plays the local copy (with its keys for ClearKey); no
   * network needed. For a DASH/HLS asset still downloading or paused, an
   * `offline-stream:` source that plays what is stored and the network for
   * the rest, fetching nothing twice (loadSource or `<offline-player>`);
   * ASSET_NOT_COMPLETE with `details.reason` when it cannot play that way.
   */
  createLocalMediaEntry(assetId: string): Promise<MediaEntry> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Reading the downloaded asset', async () => {
      const record = await this.existing(assetId);
      return (await lazy.localEntry()).buildLocalEntry(record, this.registry.licence(assetId) ?? null, this.objectUrls);
    });
  }

  /** A fresh licence for a downloaded asset, online, kept in place of the old one (the seed's renew). */
  renewAsset(assetId: string): Promise<AssetStatus> {
    return boundary(ErrorCode.LICENSE_REQUEST_FAILED, 'Renewing the licence', async () => (await this.lifecycle(assetId)).renew());
  }

  /** The asset's state, progress, size, dates and licence (state 'none' when unknown, 'corrupt' when unreadable). */
  getAssetStatus(assetId: string): Promise<AssetStatus> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Reading the asset status', async () => {
      checkId(assetId, 'assetId');
      await this.ready;
      return this.hub.status(assetId);
    });
  }

  /** Every registered asset (downloading, paused, failed, completed or corrupt). */
  listAssets(): Promise<AssetStatus[]> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Listing assets', async () => {
      await this.ready;
      const ids = [...this.registry.all().map((r) => r.assetId), ...this.registry.corruptIds()];
      return ids.map((id) => this.hub.status(id));
    });
  }

  /**
   * Calls `listener` with the asset's status (a frozen snapshot) now and
   * after every change, from any tab; returns the function that stops it.
   */
  watchAsset(assetId: string, listener: StatusListener): () => void {
    checkId(assetId, 'assetId');
    if (typeof listener !== 'function') throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'watchAsset needs a listener function');
    return this.hub.watch(assetId, listener);
  }

  /** Stops the asset's download (in any tab), releases its licence, deletes its media and records. */
  removeAsset(assetId: string): Promise<{ bytesFreed: number }> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Removing the asset', async () => (await this.lifecycle(assetId)).remove());
  }

  /** Finds and removes storage nothing owns (Shaka's abandoned downloads, unreferenced segments, lost files). */
  cleanup(): Promise<CleanupReport> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Cleaning up storage', () => this.startupCleanup.run());
  }

  /** What the start-up cleanup removed (null when it did not run, or before it ran). */
  get lastCleanup(): CleanupReport | null {
    return this.startupCleanup.last;
  }

  /** Settles when the start-up cleanup has run (when the page is idle, after `ready`). */
  get cleanupDone(): Promise<CleanupReport | null> {
    return this.startupCleanup.done;
  }

  /** Storage used and available (navigator.storage.estimate()), and whether it is persistent. */
  storageEstimate(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
    return boundary(ErrorCode.STORAGE_ERROR, 'Estimating storage', async () => (await lazy.quota()).storageEstimate());
  }

  /** @internal The app's licence request adapter: the player applies it to its own licence and key requests. */
  get licenceRequestAdapter(): LicenceRequestAdapter | undefined {
    return this.options.licenceRequestAdapter;
  }

  /** Stops this tab's downloads (they resume later from what is stored; it resolves once their state is written) and frees object URLs. */
  async destroy(): Promise<void> {
    this.renewer?.stop();
    await this.lifecycles.destroy();
    this.hub.close();
    this.objectUrls.clear();
  }

  private async lifecycle(assetId: string) {
    checkId(assetId, 'assetId');
    await this.ready;
    return this.lifecycles.get(assetId);
  }

  private async existing(assetId: string): Promise<AssetRecord> {
    checkId(assetId, 'assetId');
    await this.ready;
    const record = this.registry.get(assetId) ?? (await this.registry.read(assetId));
    if (!record) throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, `No asset is registered as "${assetId}"`, { details: { assetId } });
    return record;
  }
}
