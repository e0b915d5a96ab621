// An asset lifecycle's part in background downloads (Background Fetch): the
// handover, following its progress, waiting for the worker after a pause,
// and, in the service worker, settling a fetch that ended. It writes through
// its lifecycle's RecordWriter, under the lifecycle's lock: the lifecycle stays
// the one writer of the record.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { HandoverInput } from '../background/handover.js';
import type { StoredFromFetch } from '../background/store-fetched.js';
import { lazy } from '../lazy.js';
import type { AssetRecord, StateReason } from '../registry/asset-record.js';
import { tryLock } from '../util/locks.js';
import type { LifecycleContext } from './asset-lifecycle.js';
import { followBackgroundProgress } from './background.js';
import type { RecordWriter } from './record-writer.js';

/** How long a pause waits for the worker to settle an aborted background fetch before the page decides. */
const BACKGROUND_SETTLE_MS = 10_000;

/** What of its lifecycle a BackgroundPart uses. */
export interface LifecycleParts {
  readonly assetId: string;
  readonly ctx: LifecycleContext;
  readonly records: RecordWriter;
  runLockName(): string;
  operation<T>(body: () => Promise<T>): Promise<T>;
}

export class BackgroundPart {
  constructor(private readonly owner: LifecycleParts) {}

  /**
   * Hands the rest of the download to a Background Fetch when it can be
   * stored exactly as the page would; resolves with its id, or null (the
   * download goes on here). The record names the fetch before it starts: the
   * worker stores only a fetch its asset's record names.
   */
  async handOver(input: Omit<HandoverInput, 'record'>, check: () => Promise<AssetRecord>): Promise<string | null> {
    const target = this.owner.ctx.background;
    const handover = await lazy.handover();
    if (!target || handover.keptInPageBecause({ ...input, record: this.owner.ctx.registry.get(this.owner.assetId)! })) return null;
    const manager = await handover.backgroundFetchManager();
    if (!manager || !(await handover.shellStoresBackgroundDownloads())) return null;
    const id = handover.handoverId({ ...target, assetId: this.owner.assetId });
    const record = await this.owner.operation(async () => {
      const current = await check();
      if (current.pending) return null;
      const next = { ...current, background: { id, handedAt: Date.now() } };
      await this.owner.records.commit(next, []);
      return next;
    });
    if (!record) return null;
    try {
      await handover.startBackgroundFetch(manager, id, { ...input, record });
      this.followBackground(record);
      return id;
    } catch {
      // Refused (no room for it, the worker went away): the page keeps it.
      await this.owner.operation(async () => {
        const current = await this.owner.records.read();
        if (current?.background?.id === id) await this.owner.records.commit({ ...current, background: null }, []);
      });
      return null;
    }
  }

  /** Shows the progress of the fetch it just handed over, here. */
  private followBackground(record: AssetRecord): void {
    void followBackgroundProgress(record, (bytes, total) => this.owner.ctx.hub.progress(this.owner.assetId, bytes, total)).catch(() => undefined);
  }

  /** Resolves once the worker has settled the background fetch `id` (or after a bound: repair then decides). */
  whenSettled(id: string): Promise<void> {
    return new Promise((resolve) => {
      let stop: (() => void) | null = null;
      let settled = false;
      const done = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        queueMicrotask(() => stop?.());
        resolve();
      };
      const timer = setTimeout(done, BACKGROUND_SETTLE_MS);
      stop = this.owner.ctx.hub.watch(this.owner.assetId, () => {
        if (this.owner.ctx.registry.get(this.owner.assetId)?.background?.id !== id) done();
      });
    });
  }

  /**
   * The service worker's side: the background fetch `id` ended. Under the
   * asset's lock (and holding its run lock, so every tab sees it running),
   * `store` keeps what arrived, then the record says completed, or paused
   * with `reason` (resumable from what is stored). A fetch the record no
   * longer names (paused and resumed meanwhile, removed) is left alone.
   */
  async settle(id: string, reason: StateReason, store: (record: AssetRecord) => Promise<StoredFromFetch>): Promise<void> {
    await this.owner.operation(async () => {
      const record = await this.owner.records.read();
      if (!record || record.background?.id !== id) return;
      if (record.pending === 'remove') {
        await this.owner.records.commit({ ...record, background: null }, []);
        return;
      }
      const run = await tryLock(this.owner.runLockName());
      try {
        const stored = await store(record);
        if (stored.complete) {
          this.owner.ctx.hub.progress(this.owner.assetId, stored.bytes, stored.bytes, true);
          await this.owner.records.moveTo(
            record,
            { state: 'completed', pending: null, background: null, bytesDownloaded: stored.bytes, estimatedTotalBytes: stored.bytes, downloadedAt: Date.now() },
            [{ type: 'registration-change', change: 'updated' }],
          );
        } else {
          const why: StateReason = record.pending === 'pause' ? 'user' : reason;
          await this.owner.records.moveTo(record, { state: 'paused', reason: why, pending: null, background: null, bytesDownloaded: stored.bytes }, [], undefined, true);
        }
      } catch (e) {
        const error = e instanceof OfflineError ? e : new OfflineError(ErrorCode.STORAGE_ERROR, `Storing the background download failed: ${(e as Error)?.message ?? e}`, { cause: e });
        await this.stoppedWith(record, error);
      } finally {
        run?.release();
      }
    });
  }

  /** Writes `failed` with the error (what is stored stays: resume continues from it). */
  private async stoppedWith(record: AssetRecord, error: OfflineError): Promise<void> {
    const bytes = await (await lazy.storedMedia()).storedBytes(record).catch(() => record.bytesDownloaded);
    const reason: StateReason = error.code === ErrorCode.QUOTA_EXCEEDED ? 'quota' : 'error';
    await this.owner.records.moveTo(
      record,
      { state: 'failed', reason, pending: null, background: null, bytesDownloaded: bytes, error: { code: error.code, message: error.message } },
      [{ type: 'download-error', error }],
      undefined,
      true,
    );
  }
}
