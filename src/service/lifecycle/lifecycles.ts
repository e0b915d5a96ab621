// The asset lifecycles of one manager, and what concerns all of them: the
// start-up repair, following downloads that run in another tab (a tab that
// goes away mid-download leaves its download interrupted), and the network
// (offline pauses every download running here; back online resumes those it
// paused), the network rule (a metered network pauses them, an unmetered one
// resumes those it paused), and starting the queue's head where a slot frees.
// A lifecycle's operations load on first use (a page that only shows
// statuses never needs them).
import { lazy } from '../lazy.js';
import type { AssetRecord } from '../registry/asset-record.js';
import { NetworkRule } from '../network/network-rule.js';
import { DownloadQueue } from '../queue/download-queue.js';
import { QUEUE } from '../registry/store-keys.js';
import type { LocalDataStore } from '../../storage/local-data-store.js';
import { type HeldLock, isHeld, whenFree } from '../util/locks.js';
import type { AssetLifecycle, LifecycleContext } from './asset-lifecycle.js';
import { runLockName } from './lock-names.js';
import { preloadLocalPlayback } from './preload.js';

const active = (r: AssetRecord) => r.state === 'downloading' || r.state === 'preparing';


export class Lifecycles {
  private readonly lifecycles = new Map<string, AssetLifecycle>();
  private readonly followed = new Map<string, AbortController>();
  private destroyed = false;
  private readonly ctx: LifecycleContext & { readonly queue: DownloadQueue };
  private readonly networkRule: NetworkRule;
  /** The store's download queue (its slots, its order). */
  readonly queue: DownloadQueue;

  constructor(
    context: Omit<LifecycleContext, 'queue'> & { readonly store: LocalDataStore },
    /** Resumes an asset through the manager (auto-resume, back online). */
    private readonly resume: (assetId: string) => Promise<unknown>,
    private readonly autoResume: boolean,
  ) {
    const { store, registry, hub, options } = context;
    this.networkRule = new NetworkRule(options.downloadOn, (allowed) => this.networkRuleChanged(allowed));
    this.queue = new DownloadQueue(
      {
        store,
        namespace: () => registry.namespace,
        allowed: () => this.networkRule.allows(),
        changed: (order, previous, remote) => hub.queueChanged(order, previous, remote),
        startQueued: (id, slot) => this.startQueued(id, slot),
      },
      options.maxConcurrentDownloads,
    );
    hub.attachQueue(this.queue);
    this.ctx = { ...context, queue: this.queue };
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline);
      window.addEventListener('online', this.onOnline);
    }
  }

  /** The asset's lifecycle (one per asset and manager). */
  async get(assetId: string): Promise<AssetLifecycle> {
    // Before the lifecycle names its locks and media after the namespace: it is in the store from now on.
    await this.ctx.registry.keepNamespace();
    const { AssetLifecycle } = await lazy.lifecycle();
    let lifecycle = this.lifecycles.get(assetId);
    if (!lifecycle) this.lifecycles.set(assetId, (lifecycle = new AssetLifecycle(assetId, this.ctx)));
    return lifecycle;
  }

  /** Whether a download of the asset runs in some tab, or in the browser (handed over). */
  async isRunning(assetId: string): Promise<boolean> {
    if (await isHeld(runLockName(this.ctx.registry.namespace, assetId))) return true;
    // A download handed to the browser (Background Fetch): its code loads only for such a record.
    const record = this.ctx.registry.get(assetId) ?? null;
    return !!record?.background?.id && (await lazy.background()).backgroundAlive(record);
  }

  /**
   * Start-up: every asset whose download no tab runs any more is put right
   * (interrupted, or a removal finished), those running elsewhere followed;
   * unreadable records are announced. Resolves with the interrupted ids.
   */
  async reconcile(): Promise<string[]> {
    await this.queue.load(this.ctx.registry.takeStartupValue(QUEUE));
    for (const id of this.ctx.registry.corruptIds()) this.ctx.hub.announceHere(id, [{ type: 'registration-change', change: 'corrupt' }]);
    const interrupted: string[] = [];
    for (const record of this.ctx.registry.all()) {
      if (!active(record) && record.pending !== 'remove') continue;
      try {
        if (record.background && active(record)) this.followBackground(record);
        if (await this.isRunning(record.assetId)) this.follow(record.assetId);
        else if (await (await this.get(record.assetId)).repair()) interrupted.push(record.assetId);
      } catch {
        // One asset that cannot be repaired (a full quota refusing the write)
        // must not make the manager unusable: the next start tries again.
      }
    }
    const stray = this.ctx.registry
      .all()
      .filter((r) => r.state === 'queued' && this.ctx.queue.position(r.assetId) === null)
      .sort((a, b) => a.createdAt - b.createdAt);
    await this.ctx.queue.restore(stray.map((r) => r.assetId)).catch(() => undefined);
    if (this.autoResume) void this.resumeFirst(interrupted);
    void this.retryReleases();
    if (this.ctx.registry.all().some((r) => r.state === 'completed')) preloadLocalPlayback();
    this.networkRule.start();
    return interrupted;
  }

  /**
   * Resumes downloads that were running before something stopped them (a
   * reload, the network, a metered network): they go first (in free slots,
   * else at the head of the queue, in turn), then the queue moves on.
   */
  private async resumeFirst(ids: string[]): Promise<void> {
    let queued = 0;
    for (const id of ids) {
      if (this.destroyed) return;
      const status = await (await this.get(id)).resume({ at: queued }).catch(() => null);
      if (status?.state === 'queued') queued += 1;
    }
    this.ctx.queue.pump();
  }

  /** The queue gives a queued asset a slot: it starts in this tab. */
  async startQueued(assetId: string, slot: HeldLock): Promise<boolean> {
    if (this.destroyed) return false;
    return (await this.get(assetId)).startQueued(slot);
  }

  /** The network rule (`downloadOn`) is met, or broken, after a connection change. */
  networkRuleChanged(allowed: boolean): void {
    if (this.destroyed) return;
    if (!allowed) {
      for (const lifecycle of this.lifecycles.values()) lifecycle.networkMetered();
      return;
    }
    void this.resumeFirst(this.pausedFor('metered'));
  }

  /** The assets paused for `reason`, the longest waiting first. */
  private pausedFor(reason: 'metered' | 'network'): string[] {
    return this.ctx.registry
      .all()
      .filter((r) => r.state === 'paused' && r.reason === reason)
      .sort((a, b) => a.updatedAt - b.updatedAt)
      .map((r) => r.assetId);
  }

  /** Licences whose release failed before, released in the background (a slow licence server must not hold up start-up). */
  private async retryReleases(): Promise<void> {
    const pending = await this.ctx.registry.pendingReleases().catch(() => []);
    if (pending.length === 0) return;
    const { releaseLicence } = await lazy.release();
    for (const { id, licence } of pending) {
      if (await releaseLicence(licence, this.ctx.options.licenceRequestAdapter).catch(() => false)) await this.ctx.registry.releaseDone(id).catch(() => undefined);
    }
  }

  /** Another tab wrote an asset: its running download here may have to stop; one it runs is followed. */
  remoteCommit(assetId: string, record: AssetRecord | null): void {
    const lifecycle = this.lifecycles.get(assetId);
    lifecycle?.remoteChange(record);
    if (record?.background && active(record)) this.followBackground(record);
    if (record && active(record) && !lifecycle?.runsHere) this.follow(assetId);
  }

  /** The browser downloads it (handed over): its progress shows here, without loading the lifecycle's operations. */
  private followBackground(record: AssetRecord): void {
    void lazy
      .background()
      .then(({ followBackgroundProgress }) => followBackgroundProgress(record, (bytes, total) => this.ctx.hub.progress(record.assetId, bytes, total)))
      .catch(() => undefined);
  }

  /**
   * Another tab runs this download: wait until it stops. If nobody wrote how
   * it ended, that tab went away mid-download: the asset is interrupted (and
   * resumed here with auto-resume).
   */
  private follow(assetId: string): void {
    if (this.followed.has(assetId) || this.destroyed) return;
    const controller = new AbortController();
    this.followed.set(assetId, controller);
    void whenFree(runLockName(this.ctx.registry.namespace, assetId), controller.signal)
      .then(async () => {
        this.followed.delete(assetId);
        if (this.destroyed || this.lifecycles.get(assetId)?.runsHere) return;
        if ((await (await this.get(assetId)).repair()) && this.autoResume) await this.resume(assetId);
        // A tab that went away let go of its slots: the queue's head may start here.
        this.ctx.queue.pump();
      })
      .catch(() => this.followed.delete(assetId));
  }

  private readonly onOffline = (): void => {
    for (const lifecycle of this.lifecycles.values()) lifecycle.networkLost();
  };

  private readonly onOnline = (): void => {
    void this.resumeFirst(this.pausedFor('network'));
  };

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.networkRule.stop();
    this.queue.destroy();
    if (typeof window !== 'undefined') {
      window.removeEventListener('offline', this.onOffline);
      window.removeEventListener('online', this.onOnline);
    }
    for (const controller of this.followed.values()) controller.abort();
    this.followed.clear();
    await Promise.all([...this.lifecycles.values()].map((lifecycle) => lifecycle.destroy()));
  }
}
