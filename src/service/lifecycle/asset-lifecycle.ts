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
// A download also needs one of the store's download slots (queue/): without
// a free one the asset is `queued` and the queue starts it later (here or in
// another tab) through startQueued. The network rule (`downloadOn`) holds
// downloads back as `paused (metered)`.
//
// A download handed to the browser (Background Fetch, `record.background`)
// runs in no tab: it counts as running while the browser knows its fetch, and
// the offline shell worker settles it through this same class
// (settleBackground), under the same lock. It holds no download slot.
import type { HandoverTarget } from '../background/handover-id.js';
import type { StoredFromFetch } from '../background/store-fetched.js';
import { ErrorCode, OfflineError } from '../../errors.js';
import type { DownloadJob, JobOutcome } from '../download/download-job.js';
import { lazy } from '../lazy.js';
import type { ResolvedOptions } from '../options.js';
import type { PreparedDownload } from '../prepared-download.js';
import type { MediaEntry } from '../model/media-entry.js';
import { withFullUrls } from './full-urls.js';
import type { QueueAccess } from '../queue/download-queue.js';
import type { AssetRecord, AssetStatus, StateReason } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import { type HeldLock, isHeld, tryLock, whenFree, withLock } from '../util/locks.js';
import { isOnline } from '../util/online.js';
import { abortBackground, backgroundAlive } from './background.js';
import { BackgroundPart } from './background-part.js';
import { assetLockName, runLockName } from './lock-names.js';
import { type Reporting, jobHost, writeOutcome } from './job-reports.js';
import { RecordWriter, beingRemoved } from './record-writer.js';
import type { StatusHub } from './status-hub.js';

export interface LifecycleContext {
  readonly registry: AssetRegistry;
  readonly hub: StatusHub;
  readonly options: ResolvedOptions;
  readonly queue: QueueAccess;
  /** Plans again the download of an asset interrupted before its manifest was stored. */
  replan(record: AssetRecord): Promise<PreparedDownload>;
  /** Where the worker finds the store, when downloads may go to the background (null: they stay in the page). */
  readonly background?: Omit<HandoverTarget, 'assetId'> | null;
}

const active = (r: AssetRecord | null) => !!r && (r.state === 'downloading' || r.state === 'preparing');


export class AssetLifecycle {
  /** The download this tab runs for the asset, if any. */
  /** The download running here; `finished` settles once its outcome is written and its locks are let go. */
  private running: { job: DownloadJob; run: HeldLock; slot: HeldLock; finished: Promise<void> } | null = null;
  /** The prepared download of an asset queued here, kept for when it starts in this tab (elsewhere it is planned again). */
  private parked: PreparedDownload | null = null;
  /**
   * The entry with its full URLs (stripQueryParameters removes parameters
   * from what is stored): from the download started here, or a fresh entry
   * given to resume. In memory only.
   */
  private fullEntry: MediaEntry | null = null;
  private destroyed = false;
  private readonly records: RecordWriter;
  private readonly reporting: Reporting;
  /** Its downloads handed to the browser. */
  private readonly background: BackgroundPart;

  constructor(
    readonly assetId: string,
    private readonly ctx: LifecycleContext,
  ) {
    this.records = new RecordWriter(assetId, ctx);
    this.reporting = {
      assetId,
      ctx,
      records: this.records,
      fullEntry: () => this.fullEntry,
      operation: (body) => this.operation(body),
      stop: (reason) => void this.running?.job.stop(reason),
      background: () => this.background,
    };
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
    this.fullEntry = record.entry;
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
      const registered = (next: AssetRecord) =>
        this.records.commit(next, [
          { type: 'registration-change', change: 'registered' },
          { type: 'download-state-change', state: next.state, previousState: 'none', reason: next.reason },
        ]);
      if (!this.ctx.queue.allowed()) {
        await registered({ ...record, state: 'paused', reason: 'metered' });
        return false;
      }
      const run = await tryLock(this.runLockName);
      if (!run) throw new OfflineError(ErrorCode.INVALID_STATE, `A download of "${this.assetId}" is still stopping: try again`, { details: { assetId: this.assetId } });
      let slot: HeldLock | null = null;
      try {
        slot = await this.ctx.queue.admit(this.assetId);
        if (!slot) {
          run.release();
          this.parked = prepared;
          await registered({ ...record, state: 'queued' });
          return false;
        }
        await registered(record);
      } catch (e) {
        run.release();
        slot?.release();
        if (!slot) await this.ctx.queue.remove(this.assetId).catch(() => undefined);
        throw e;
      }
      await this.launch(run, slot, record, prepared);
      return true;
    });
    return started ? this.whenStarted() : this.status();
  }

  /**
   * Resumes a paused or failed download here (pause then resume =
   * downloading), or queues it when every slot is taken (at the end, or at
   * index `at`: interrupted downloads go first after a reload). `entry`: the
   * entry again, with its full URLs (needed after a reload when
   * stripQueryParameters removed some from what is stored).
   */
  async resume({ entry = null, at = 'end' }: { entry?: MediaEntry | null; at?: number | 'end' } = {}): Promise<AssetStatus> {
    for (;;) {
      const step = await this.operation(async () => {
        const record = await this.records.readExisting();
        if (record.state === 'completed') throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" is already downloaded`, { details: { assetId: this.assetId } });
        if (record.thirdParty) throw new OfflineError(ErrorCode.INVALID_STATE, `"${this.assetId}" was registered by the app, not downloaded here`);
        if (record.state === 'queued') return 'running'; // it starts in turn
        const running = await this.isRunning(record);
        if (active(record) && running) return record.pending === 'pause' ? 'wait' : 'running';
        if (!this.ctx.queue.allowed()) {
          if (record.reason !== 'metered') await this.records.moveTo(record, { state: 'paused', reason: 'metered', pending: null });
          return 'running';
        }
        const run = running ? null : await tryLock(this.runLockName);
        if (!run) return 'wait'; // a download is still stopping
        let slot: HeldLock | null = null;
        try {
          // Before any write: a run that cannot get its full URLs leaves the record as it was.
          const full = entry ?? this.fullEntry;
          withFullUrls(record, full, this.ctx.registry);
          this.fullEntry = full;
          slot = await this.ctx.queue.admit(this.assetId, at);
          if (!slot) {
            run.release();
            await this.records.moveTo(record, { state: 'queued', pending: null });
            return 'running';
          }
          await this.launch(run, slot, await this.records.moveTo(record, { state: this.startState(record, null), pending: null, background: null }), null);
        } catch (e) {
          run.release();
          slot?.release();
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
      if (record.state === 'queued' || (record.state === 'paused' && record.reason === 'metered')) {
        // Out of the queue (or no longer waiting for an unmetered network): it waits for the user now.
        await this.ctx.queue.remove(this.assetId);
        this.parked = null;
        await this.records.moveTo(record, { state: 'paused', reason: 'user', pending: null });
        return false;
      }
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
    this.parked = null;
    if (record?.state === 'queued') await this.ctx.queue.remove(this.assetId);
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

  /**
   * The queue gives this asset a slot: it starts here if it is still queued
   * (false otherwise: paused or removed meanwhile, or the manager is going).
   */
  async startQueued(slot: HeldLock): Promise<boolean> {
    return this.operation(async () => {
      const record = await this.records.read();
      if (this.destroyed || !record || record.state !== 'queued' || record.pending === 'remove') return false;
      const run = await tryLock(this.runLockName);
      if (!run) return false;
      const prepared = this.parked;
      this.parked = null;
      try {
        await this.launch(run, slot, await this.records.moveTo(record, { state: this.startState(record, prepared), pending: null }), prepared);
      } catch {
        run.release();
        return false;
      }
      return true;
    });
  }

  /** The state a download starts in: preparing while its plan is still to be stored. */
  private startState(record: AssetRecord, prepared: PreparedDownload | null): 'preparing' | 'downloading' {
    return prepared || (record.manifestKey === null && record.storage === 'shaka') ? 'preparing' : 'downloading';
  }

  /** Starts the job (holding the run lock and a slot until its outcome is written). */
  private async launch(run: HeldLock, slot: HeldLock, record: AssetRecord, prepared: PreparedDownload | null): Promise<void> {
    if (this.destroyed) {
      run.release();
      slot.release();
      throw new OfflineError(ErrorCode.ABORTED, 'The manager was destroyed');
    }
    const { DownloadJob } = await lazy.job();
    const job = new DownloadJob(jobHost(this.reporting), withFullUrls(record, this.fullEntry, this.ctx.registry), prepared);
    const running = { job, run, slot, finished: Promise.resolve() };
    this.running = running;
    running.finished = job.done.then((outcome) => this.finish(outcome));
  }

  /** Writes how the job ended, then lets go of the run lock and the slot. */
  private async finish(outcome: JobOutcome): Promise<void> {
    const running = this.running;
    try {
      await writeOutcome(this.reporting, outcome);
    } catch {
      // The store refused the write (a full quota): the next start repairs the record from what is stored.
    } finally {
      if (this.running === running) this.running = null;
      running?.run.release();
      running?.slot.release(); // the queue's head may start now
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

  /** The network is metered now (`downloadOn: 'unmetered'`): the download running here pauses (reason metered). */
  networkMetered(): void {
    void this.running?.job.stop('metered');
  }

  /** Stops the download running here (it resumes later from what is stored). */
  async destroy(): Promise<void> {
    this.destroyed = true;
    const running = this.running;
    if (!running) return;
    await running.job.stop('interrupted');
    // Its outcome written and its locks let go: another manager started now finds the asset as this one left it.
    await running.finished;
  }
}
