// One asset's lifecycle: the only writer of its record and the only source
// of its events. Every operation on the asset (start, pause, resume, remove,
// renew, the start-up repair, and the results a running download reports)
// takes the asset's lock, shared by every tab of the store, reads the record
// fresh, decides, writes, then announces. Operations queue behind each other
// in the order they asked, whatever tab asked.
//
// A download runs in one tab, which holds the asset's second lock (run) for
// as long as it runs. Pausing or removing it from anywhere writes that wish
// into the record (`pending`); the running tab stops and writes the outcome;
// the operation then waits for the run lock to be free and finishes what is
// left (a tab that went away mid-download left it to finish). No operation
// ever waits for the run lock while holding the asset's lock, so the two never
// deadlock. Outcomes: pause then resume = downloading; remove wins over
// anything (a removal asked is carried out, even by the next tab to start).
//
// A download handed to the browser (Background Fetch, `record.background`)
// runs in no tab: it counts as running while the browser knows its fetch, and
// the offline shell worker settles it through this same class
// (settleBackground), under the same lock.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { HandoverTarget } from '../background/handover-id.js';
import type { StoredFromFetch } from '../background/store-fetched.js';
import type { DownloadJob, JobHost, JobOutcome } from '../download/download-job.js';
import { TransferStopped } from '../download/retry.js';
import { lazy } from '../lazy.js';
import type { ResolvedOptions } from '../options.js';
import type { PreparedDownload } from '../prepared-download.js';
import type { AssetRecord, AssetStatus, StateReason } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import { type HeldLock, isHeld, tryLock, whenFree, withLock } from '../util/locks.js';
import { isOnline } from '../util/online.js';
import { abortBackground, backgroundAlive } from './background.js';
import { BackgroundPart } from './background-part.js';
import { assetLockName, runLockName } from './lock-names.js';
import { preloadLocalPlayback } from './preload.js';
import { RecordWriter, beingRemoved } from './record-writer.js';
import type { StatusHub } from './status-hub.js';

export interface LifecycleContext {
  readonly registry: AssetRegistry;
  readonly hub: StatusHub;
  readonly options: ResolvedOptions;
  /** Plans again the download of an asset interrupted before its manifest was stored. */
  replan(record: AssetRecord): Promise<PreparedDownload>;
  /** Where the worker finds the store, when downloads may go to the background (null: they stay in the page). */
  readonly background?: Omit<HandoverTarget, 'assetId'> | null;
}

const active = (r: AssetRecord | null) => !!r && (r.state === 'downloading' || r.state === 'preparing');


export class AssetLifecycle {
  /** The download this tab runs for the asset, if any. */
  private running: { job: DownloadJob; run: HeldLock } | null = null;
  private destroyed = false;
  private readonly records: RecordWriter;
  /** Its downloads handed to the browser. */
  private readonly background: BackgroundPart;

  constructor(
    readonly assetId: string,
    private readonly ctx: LifecycleContext,
  ) {
    this.records = new RecordWriter(assetId, ctx);
    this.background = new BackgroundPart({ assetId, ctx, records: this.records, runLockName: () => this.runLockName, operation: (body) => this.operation(body) });
  }

  private get lockName(): string {
    return assetLockName(this.ctx.registry.namespace, this.assetId);
  }

  /** Held by the tab that runs the asset's download, for as long as it runs. */
  get runLockName(): string {
    return runLockName(this.ctx.registry.namespace, this.assetId);
  }

  /** Runs `body` holding the asset's lock: every operation on the asset, in every tab, one at a time. */
  private operation<T>(body: () => Promise<T>): Promise<T> {
    return withLock(this.lockName, body);
  }

  private status(): AssetStatus {
    return this.ctx.hub.status(this.assetId);
  }

  /** Whether a download of the asset runs in some tab, or in the browser (handed over). */
  async isRunning(record?: AssetRecord | null): Promise<boolean> {
    return (await isHeld(this.runLockName)) || (await backgroundAlive(record ?? null));
  }

  /** Whether this tab runs it. */
  get runsHere(): boolean {
    return this.running !== null;
  }

  // --- Operations --------------------------------------------------------------------

  /** Registers a prepared download and starts it here; resolves once bytes move (joins a download running elsewhere). */
  async start(prepared: PreparedDownload, record: AssetRecord): Promise<AssetStatus> {
    const started = await this.operation(async () => {
      const existing = await this.records.read();
      const corrupt = this.records.corrupt();
      if (corrupt) throw corrupt;
      if (existing) {
        if (existing.pending === 'remove') throw beingRemoved(this.assetId);
        if (active(existing) && (await this.isRunning(existing))) return false; // another tab (or button) started it: join
        throw new OfflineError(
          ErrorCode.INVALID_STATE,
          existing.state === 'completed' ? `"${this.assetId}" is already downloaded` : `"${this.assetId}" already has a download (${existing.state}): resume or remove it`,
          { details: { assetId: this.assetId, state: existing.state } },
        );
      }
      await (await lazy.quota()).checkQuota(prepared.estimatedSize, this.ctx.options.quotaMargin);
      const run = await tryLock(this.runLockName);
      if (!run) throw new OfflineError(ErrorCode.INVALID_STATE, `A download of "${this.assetId}" is still stopping: try again`, { details: { assetId: this.assetId } });
      try {
        await this.records.commit(record, [
          { type: 'registration-change', change: 'registered' },
          { type: 'download-state-change', state: record.state, previousState: 'none', reason: null },
        ]);
      } catch (e) {
        run.release();
        throw e;
      }
      await this.launch(run, record, prepared);
      return true;
    });
    return started ? this.whenStarted() : this.status();
  }

  /** Resumes a paused or failed download here (pause then resume = downloading). */
  async resume(): Promise<AssetStatus> {
    for (;;) {
      const step = await this.operation(async () => {
        const record = await this.records.readExisting();
        if (record.state === 'completed') throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" is already downloaded`, { details: { assetId: this.assetId } });
        if (record.thirdParty) throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" was registered by the app, not downloaded here`);
        const running = await this.isRunning(record);
        if (active(record) && running) return record.pending === 'pause' ? 'wait' : 'running';
        const run = running ? null : await tryLock(this.runLockName);
        if (!run) return 'wait'; // a download is still stopping
        try {
          const next = await this.records.moveTo(record, { state: record.manifestKey === null && record.storage === 'shaka' ? 'preparing' : 'downloading', pending: null, background: null });
          await this.launch(run, next, null);
        } catch (e) {
          run.release();
          throw e;
        }
        return 'started';
      });
      if (step === 'wait') await whenFree(this.runLockName);
      else return step === 'started' ? this.whenStarted() : this.status();
    }
  }

  /** Pauses the download wherever it runs, keeping what is stored. */
  async pause(): Promise<AssetStatus> {
    let handedOver: string | null = null;
    const asked = await this.operation(async () => {
      const record = await this.records.readExisting();
      if (record.state === 'paused') return false;
      if (!active(record)) {
        throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" is ${record.state}: only a download in progress can be paused`, {
          details: { assetId: this.assetId, state: record.state },
        });
      }
      if (record.pending !== 'pause') await this.records.commit({ ...record, pending: 'pause' }, [], undefined, true);
      void this.running?.job.stop('user');
      // Background Fetch has no pause: the fetch is aborted, and the worker
      // stores what it can read of it and writes the pause.
      if (record.background && (await abortBackground(record.background.id)) !== 'gone') handedOver = record.background.id;
      return true;
    });
    if (handedOver) await this.background.whenSettled(handedOver);
    if (asked) {
      await whenFree(this.runLockName);
      // Nobody wrote the outcome (the running tab went away): write it here.
      await this.operation(async () => {
        const record = await this.records.read();
        if (record && active(record) && record.pending !== 'remove' && !(await this.isRunning(record))) await this.stopped(record, 'user');
      });
    }
    return this.status();
  }

  /** Stops the download wherever it runs, then deletes everything of the asset. Wins over anything. */
  async remove(): Promise<{ bytesFreed: number }> {
    await this.operation(async () => {
      const record = await this.records.read();
      if (!record && !this.ctx.registry.corruption(this.assetId)) {
        throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, `No asset is registered as "${this.assetId}"`, { details: { assetId: this.assetId } });
      }
      // Held in memory (and told to the other tabs) even when a full quota refuses the write: removing is how space is freed.
      if (record && record.pending !== 'remove') await this.records.commit({ ...record, pending: 'remove' }, [], undefined, true);
      void this.running?.job.stop('cancelled');
      // What the fetch received is not wanted: the worker stores nothing of an asset being removed.
      if (record?.background) await abortBackground(record.background.id);
    });
    await whenFree(this.runLockName);
    return this.operation(() => this.finishRemoval());
  }

  /** Deletes what is left of an asset whose removal was asked (under the asset's lock, nothing running). */
  private async finishRemoval(): Promise<{ bytesFreed: number }> {
    const record = await this.records.read();
    const corrupt = this.ctx.registry.corruption(this.assetId) !== null;
    if (!record && !corrupt) return { bytesFreed: 0 }; // another tab finished it
    // The media first: it frees the space a full quota needs for the rest.
    const { removeStoredMedia, removeMediaOf } = await lazy.storedMedia();
    const bytesFreed = record ? await removeStoredMedia(record) : await removeMediaOf(this.ctx.registry.mediaKey(this.assetId), this.assetId);
    const licence = this.ctx.registry.licence(this.assetId) ?? null;
    if (licence?.sessionIds?.length) {
      const released = await (await lazy.release()).releaseLicence(licence, this.ctx.options.licenceRequestAdapter).catch(() => false);
      if (!released) await this.ctx.registry.addRelease(licence);
    }
    await this.ctx.registry.delete(this.assetId);
    this.ctx.hub.committed(this.assetId, [
      { type: 'download-state-change', state: 'none', previousState: record?.state ?? 'failed', reason: null },
      { type: 'registration-change', change: 'removed' },
    ]);
    return { bytesFreed };
  }

  /** A fresh licence, online, in place of the old one (the seed's renew). */
  async renew(): Promise<AssetStatus> {
    await this.operation(async () => {
      const record = await this.records.readExisting();
      const licence = this.ctx.registry.licence(this.assetId);
      if (!licence) {
        const why = record.licenceMode === 'online' ? "keeps no licence (licenceMode 'online': each play asks for one)" : 'is not DRM-protected';
        throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" ${why}: there is no licence to renew`);
      }
      if (!isOnline()) throw new OfflineError(ErrorCode.NETWORK_ERROR, `Renewing the licence of "${this.assetId}" needs the network`);
      const fresh = await (await lazy.renewal()).renewLicence(record, licence, this.ctx.options.licenceRequestAdapter);
      await this.records.commit(record, [{ type: 'registration-change', change: 'updated' }], fresh);
    });
    return this.status();
  }

  /** Registers a progressive file the app downloaded itself (the seed's third-party path). */
  async registerFile(build: () => Promise<AssetRecord>): Promise<AssetStatus> {
    await this.operation(async () => {
      if ((await this.records.read()) || this.ctx.registry.corruption(this.assetId)) {
        throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" is already registered`, { details: { assetId: this.assetId } });
      }
      // Held while the file is written, so another tab's cleanup never takes it for an orphan.
      const run = await tryLock(this.runLockName);
      if (!run) throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" is still being removed: try again`);
      try {
        const record = await build();
        await this.records.commit(record, [
          { type: 'registration-change', change: 'registered' },
          { type: 'download-state-change', state: 'completed', previousState: 'none', reason: null },
        ]);
      } finally {
        run.release();
      }
    });
    return this.status();
  }

  /**
   * Puts the record right when no tab runs its download: a page that went
   * away mid-download left it `paused (interrupted)` with its true progress; a
   * removal that was asked is carried out; progress is what is stored.
   * Resolves with whether it was interrupted (for auto-resume).
   */
  async repair(): Promise<boolean> {
    return this.operation(async () => {
      const record = await this.records.read();
      if (!record || (await this.isRunning(record))) return false;
      if (record.pending === 'remove') {
        await this.finishRemoval();
        return false;
      }
      if (active(record)) {
        await this.stopped(record, record.pending === 'pause' ? 'user' : 'interrupted');
        return record.pending !== 'pause';
      }
      if (record.state === 'paused' || record.state === 'failed') {
        const stored = await (await lazy.storedMedia()).storedBytes(record);
        if (stored !== record.bytesDownloaded) await this.records.commit({ ...record, bytesDownloaded: stored }, []);
      }
      return false;
    });
  }

  /** Writes `paused (reason)` with the bytes really stored. */
  private async stopped(record: AssetRecord, reason: StateReason): Promise<void> {
    const bytes = await (await lazy.storedMedia()).storedBytes(record);
    await this.records.moveTo(record, { state: 'paused', reason, pending: null, bytesDownloaded: bytes, background: null });
  }

  // --- The download running here ---------------------------------------------------

  /** Starts the job (holding the run lock until its outcome is written). */
  private async launch(run: HeldLock, record: AssetRecord, prepared: PreparedDownload | null): Promise<void> {
    if (this.destroyed) {
      run.release();
      throw new OfflineError(ErrorCode.ABORTED, 'The manager was destroyed');
    }
    const { DownloadJob } = await lazy.job();
    const job = new DownloadJob(this.jobHost(), record, prepared);
    this.running = { job, run };
    void job.done.then((outcome) => this.finish(outcome));
  }

  private jobHost(): JobHost {
    const check = async (): Promise<AssetRecord> => {
      const record = await this.records.read();
      if (!record || record.pending === 'remove') throw new TransferStopped('cancelled');
      return record;
    };
    return {
      options: this.ctx.options,
      licenceKept: !!this.ctx.registry.licence(this.assetId),
      prepareAgain: async () => this.ctx.replan((await this.records.read()) ?? this.ctx.registry.get(this.assetId)!),
      planned: ({ manifestKey, estimatedTotalBytes, licence }) =>
        this.operation(async () => {
          const record = await check();
          await this.records.commit({ ...record, manifestKey, estimatedTotalBytes }, [], licence ?? undefined);
        }),
      downloading: () =>
        this.operation(async () => {
          const record = await check();
          if (record.pending === 'pause') void this.running?.job.stop('user');
          else if (record.state !== 'downloading') await this.records.moveTo(record, { state: 'downloading' });
        }),
      progress: (bytes, total) => this.ctx.hub.progress(this.assetId, bytes, total),
      handOver: this.ctx.background ? (input) => this.background.handOver(input, check) : undefined,
    };
  }

  /** Writes how the job ended, then lets go of the run lock. */
  private async finish(outcome: JobOutcome): Promise<void> {
    const running = this.running;
    try {
      await this.operation(async () => {
        const record = await this.records.read();
        if (!record || record.pending === 'remove') return; // the removal finishes it
        // Handed to the browser: the record already says so; the worker settles it.
        if (outcome.kind === 'background') return;
        if (outcome.kind === 'completed') {
          preloadLocalPlayback();
          this.ctx.hub.progress(this.assetId, outcome.bytes, outcome.bytes, true);
          await this.records.moveTo(
            record,
            { state: 'completed', pending: null, bytesDownloaded: outcome.bytes, estimatedTotalBytes: outcome.bytes, downloadedAt: Date.now() },
            [{ type: 'registration-change', change: 'updated' }],
            outcome.licence ?? undefined,
          );
        } else if (outcome.kind === 'stopped') {
          const reason: StateReason = record.pending === 'pause' ? 'user' : outcome.reason === 'cancelled' ? 'user' : outcome.reason;
          await this.records.moveTo(record, { state: 'paused', reason, pending: null, bytesDownloaded: outcome.bytes }, [], undefined, true);
        } else {
          const reason: StateReason = outcome.error.code === ErrorCode.QUOTA_EXCEEDED ? 'quota' : 'error';
          await this.records.moveTo(
            record,
            { state: 'failed', reason, pending: null, bytesDownloaded: outcome.bytes, error: { code: outcome.error.code, message: outcome.error.message } },
            [{ type: 'download-error', error: outcome.error }],
            undefined,
            true,
          );
        }
      });
    } catch {
      // The store refused the write (a full quota): the next start repairs the record from what is stored.
    } finally {
      if (this.running === running) this.running = null;
      running?.run.release();
    }
  }

  /** Resolves once the download running here moves bytes; a failure before that rejects with it. */
  private async whenStarted(): Promise<AssetStatus> {
    await this.running?.job.started;
    const status = this.status();
    if (status.state === 'failed' && status.error) {
      throw new OfflineError(status.error.code as ErrorCode, status.error.message, { details: { assetId: this.assetId } });
    }
    return status;
  }

  /**
   * The service worker's side: the background fetch `id` ended; `store`
   * keeps what arrived, then the record says completed or paused (`reason`).
   */
  settleBackground(id: string, reason: StateReason, store: (record: AssetRecord) => Promise<StoredFromFetch>): Promise<void> {
    return this.background.settle(id, reason, store);
  }

  /** Another tab wrote this asset: a pause or removal asked there stops the download running here. */
  remoteChange(record: AssetRecord | null): void {
    if (!this.running) return;
    if (!record || record.pending === 'remove') void this.running.job.stop('cancelled');
    else if (record.pending === 'pause') void this.running.job.stop('user');
  }

  /** The network went away: the download running here pauses (reason network). */
  networkLost(): void {
    void this.running?.job.stop('network');
  }

  /** Stops the download running here (it resumes later from what is stored). */
  async destroy(): Promise<void> {
    this.destroyed = true;
    const running = this.running;
    if (running) await running.job.stop('interrupted');
  }
}
