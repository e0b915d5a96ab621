// Runs the downloads of one manager: one job per asset, in this tab only if
// no other tab runs it (Web Lock), paused when the network goes away and
// resumed when it comes back, followed when another tab runs it (and taken
// over, or marked interrupted, if that tab goes away).
import { ErrorCode, type OfflineError, asOfflineError } from '../../errors.js';
import type { Announcer } from '../announcer.js';
import type { ResolvedOptions } from '../options.js';
import type { PreparedDownload } from '../prepared-download.js';
import type { AssetRecord, AssetState, StateReason } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { SyncMessage, TabSync } from '../registry/tab-sync.js';
import type { DownloadJob } from './download-job.js';
import type { TransferStopped } from './fetch-resource.js';
import { lazy } from '../lazy.js';
import type { JobHost } from './job-host.js';

const PERSIST_EVERY_MS = 2000;

export class DownloadRunner implements JobHost {
  private readonly jobs = new Map<string, DownloadJob>();
  /** Jobs whose code is still loading (the lock is already held). */
  private readonly starting = new Map<string, Promise<DownloadJob>>();
  private readonly followed = new Map<string, AbortController>();
  private readonly persistTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private destroyed = false;

  constructor(
    readonly registry: AssetRegistry,
    readonly options: ResolvedOptions,
    private readonly announcer: Announcer,
    private readonly sync: TabSync,
    private readonly replan: (record: AssetRecord) => Promise<PreparedDownload>,
    /** Resumes an asset through the manager (used by auto-resume). */
    private readonly resume: (assetId: string) => Promise<unknown>,
  ) {
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline);
      window.addEventListener('online', this.onOnline);
    }
  }

  // --- JobHost ---------------------------------------------------------------

  async setState(record: AssetRecord, state: AssetState, reason: StateReason): Promise<void> {
    const previous = record.state;
    record.state = state;
    record.reason = reason;
    if (state !== 'failed') record.error = null;
    if (state !== 'downloading') this.flushPersist(record.assetId);
    await this.persist(record);
    if (previous !== state || reason) this.announcer.state(record.assetId, state, previous, reason);
  }

  async fail(record: AssetRecord, error: OfflineError, reason: StateReason): Promise<void> {
    record.error = { code: error.code, message: error.message };
    const previous = record.state;
    record.state = 'failed';
    record.reason = reason;
    this.flushPersist(record.assetId);
    await this.persist(record);
    this.announcer.state(record.assetId, 'failed', previous, reason);
    this.announcer.error(record.assetId, error);
  }

  /**
   * Saves a state change. When the store cannot take it (its quota is full),
   * the change still holds in memory and is told to the page: a page must
   * never keep showing "downloading" for a download that stopped. Start-up
   * corrects what was not saved from what is really stored.
   */
  private async persist(record: AssetRecord): Promise<void> {
    try {
      await this.registry.put(record);
    } catch {
      // kept in memory (see above)
    }
  }

  async complete(record: AssetRecord, bytes: number): Promise<void> {
    record.downloadedAt = Date.now();
    record.bytesDownloaded = bytes;
    record.estimatedTotalBytes = bytes;
    this.announcer.progress(record.assetId, bytes, bytes, true);
    await this.setState(record, 'completed', null);
    this.announcer.registration(record.assetId, 'updated');
  }

  progress(assetId: string, bytesDone: number, estimatedTotal: number): void {
    if (this.destroyed) return;
    this.announcer.progress(assetId, bytesDone, estimatedTotal);
    if (this.persistTimers.has(assetId)) return;
    this.persistTimers.set(
      assetId,
      setTimeout(() => {
        this.persistTimers.delete(assetId);
        const record = this.registry.get(assetId);
        // Only while this tab still runs it: a late save must not bring back a removed or stopped download.
        if (record && record.state === 'downloading' && this.jobs.has(assetId)) void this.registry.put(record).catch(() => {});
      }, PERSIST_EVERY_MS),
    );
  }

  prepareAgain(record: AssetRecord): Promise<PreparedDownload> {
    return this.replan(record);
  }

  private flushPersist(assetId: string): void {
    clearTimeout(this.persistTimers.get(assetId));
    this.persistTimers.delete(assetId);
  }

  // --- Jobs --------------------------------------------------------------------

  /** Resolves once the download running here moves bytes (or ends). */
  started(assetId: string): Promise<void> {
    return this.jobs.get(assetId)?.started ?? Promise.resolve();
  }

  /** Whether this tab runs the asset's download now. */
  runsHere(assetId: string): boolean {
    return this.jobs.has(assetId);
  }

  /**
   * Runs the asset's download here unless another tab does. Resolves as soon
   * as this tab holds the download lock (true; then `started` tells when
   * bytes move), or when another tab holds it (false).
   */
  run(assetId: string, prepared: PreparedDownload | null): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      void this.sync
        .tryDownloadLock(assetId, async () => {
          const loading = lazy.job().then(({ DownloadJob }) => new DownloadJob(this, assetId, prepared));
          this.starting.set(assetId, loading);
          let job: DownloadJob;
          try {
            job = await loading;
          } catch (e) {
            // The download code could not load: the download fails, it does not hang.
            const record = this.registry.get(assetId);
            if (record) await this.fail(record, asOfflineError(e, ErrorCode.NETWORK_ERROR, 'Starting the download'), 'error');
            resolve(true);
            return true;
          } finally {
            this.starting.delete(assetId);
          }
          this.jobs.set(assetId, job);
          this.stopFollowing(assetId);
          resolve(true);
          await job.done;
          if (this.jobs.get(assetId) === job) this.jobs.delete(assetId);
          this.flushPersist(assetId);
          return true;
        })
        .then(
          (ran) => {
            if (ran === null) {
              this.follow(assetId);
              resolve(false);
            }
          },
          () => resolve(false),
        );
    });
  }

  /** Stops the asset's download wherever it runs; resolves once it has stopped. */
  async stop(assetId: string, reason: TransferStopped['reason']): Promise<void> {
    const job = this.jobs.get(assetId) ?? (await this.starting.get(assetId)?.catch(() => undefined));
    if (job) return job.stop(reason);
    if (await this.sync.downloadRunning(assetId)) {
      this.sync.post({ type: 'command', assetId, command: reason === 'cancelled' ? 'cancel' : 'pause' });
      // The running tab lets go of the lock once its job has stopped.
      await this.sync.waitForDownloadLock(assetId, async () => undefined);
    }
  }

  /** Orders from another tab about a download that runs here. */
  command(message: SyncMessage): void {
    if (message.type !== 'command') return;
    const job = this.jobs.get(message.assetId);
    if (job) void job.stop(message.command === 'cancel' ? 'cancelled' : 'user');
  }

  /**
   * Another tab runs this download: wait for its lock. When we get it, that
   * tab has stopped; if the record still says "downloading", the tab went
   * away mid-download: the asset is interrupted (and resumed here when
   * auto-resume is on).
   */
  follow(assetId: string): void {
    if (this.followed.has(assetId) || this.jobs.has(assetId) || this.destroyed) return;
    const controller = new AbortController();
    this.followed.set(assetId, controller);
    void this.sync
      .waitForDownloadLock(
        assetId,
        async () => {
          if (this.jobs.has(assetId)) return false;
          const record = await this.registry.reload(assetId);
          if (!record || (record.state !== 'downloading' && record.state !== 'preparing')) return false;
          await this.setState(record, 'paused', 'interrupted');
          return true;
        },
        controller.signal,
      )
      .then(
        (interrupted) => {
          this.followed.delete(assetId);
          if (interrupted && this.options.autoResume && !this.destroyed) void this.resume(assetId).catch(() => {});
        },
        () => this.followed.delete(assetId),
      );
  }

  private stopFollowing(assetId: string): void {
    this.followed.get(assetId)?.abort();
    this.followed.delete(assetId);
  }

  // --- The network -------------------------------------------------------------

  private readonly onOffline = (): void => {
    for (const job of this.jobs.values()) void job.stop('network');
  };

  private readonly onOnline = (): void => {
    for (const record of this.registry.all()) {
      if (record.state === 'paused' && record.reason === 'network' && !this.jobs.has(record.assetId)) {
        void this.resume(record.assetId).catch(() => {});
      }
    }
  };

  async destroy(): Promise<void> {
    this.destroyed = true;
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onOffline);
      window.removeEventListener('online', this.onOnline);
    }
    for (const controller of this.followed.values()) controller.abort();
    this.followed.clear();
    await Promise.all([...this.jobs.values()].map((job) => job.stop('interrupted')));
    for (const timer of this.persistTimers.values()) clearTimeout(timer);
    this.persistTimers.clear();
  }
}
