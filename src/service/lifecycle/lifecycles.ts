// The asset lifecycles of one manager, and what concerns all of them: the
// start-up repair, following downloads that run in another tab (a tab that
// goes away mid-download leaves its download interrupted), and the network
// (offline pauses every download running here; back online resumes those it
// paused). A lifecycle's operations load on first use (a page that only
// shows statuses never needs them).
import { lazy } from '../lazy.js';
import type { AssetRecord } from '../registry/asset-record.js';
import { isHeld, whenFree } from '../util/locks.js';
import type { AssetLifecycle, LifecycleContext } from './asset-lifecycle.js';
import { backgroundAlive, followBackgroundProgress } from './background.js';
import { runLockName } from './lock-names.js';
import { preloadLocalPlayback } from './preload.js';

const active = (r: AssetRecord) => r.state === 'downloading' || r.state === 'preparing';


export class Lifecycles {
  private readonly lifecycles = new Map<string, AssetLifecycle>();
  private readonly followed = new Map<string, AbortController>();
  private destroyed = false;

  constructor(
    private readonly ctx: LifecycleContext,
    /** Resumes an asset through the manager (auto-resume, back online). */
    private readonly resume: (assetId: string) => Promise<unknown>,
    private readonly autoResume: boolean,
  ) {
    if (typeof window !== 'undefined') {
      window.addEventListener('offline', this.onOffline);
      window.addEventListener('online', this.onOnline);
    }
  }

  /** The asset's lifecycle (one per asset and manager). */
  async get(assetId: string): Promise<AssetLifecycle> {
    const { AssetLifecycle } = await lazy.lifecycle();
    let lifecycle = this.lifecycles.get(assetId);
    if (!lifecycle) this.lifecycles.set(assetId, (lifecycle = new AssetLifecycle(assetId, this.ctx)));
    return lifecycle;
  }

  /** Whether a download of the asset runs in some tab, or in the browser (handed over). */
  async isRunning(assetId: string): Promise<boolean> {
    return (await isHeld(runLockName(this.ctx.registry.namespace, assetId))) || (await backgroundAlive(this.ctx.registry.get(assetId) ?? null));
  }

  /**
   * Start-up: every asset whose download no tab runs any more is put right
   * (interrupted, or a removal finished), those running elsewhere followed;
   * unreadable records are announced. Resolves with the interrupted ids.
   */
  async reconcile(): Promise<string[]> {
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
    if (this.autoResume) for (const id of interrupted) void this.resume(id).catch(() => undefined);
    void this.retryReleases();
    if (this.ctx.registry.all().some((r) => r.state === 'completed')) preloadLocalPlayback();
    return interrupted;
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
    void followBackgroundProgress(record, (bytes, total) => this.ctx.hub.progress(record.assetId, bytes, total)).catch(() => undefined);
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
      })
      .catch(() => this.followed.delete(assetId));
  }

  private readonly onOffline = (): void => {
    for (const lifecycle of this.lifecycles.values()) lifecycle.networkLost();
  };

  private readonly onOnline = (): void => {
    for (const record of this.ctx.registry.all()) {
      if (record.state === 'paused' && record.reason === 'network') void this.resume(record.assetId).catch(() => undefined);
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
    await Promise.all([...this.lifecycles.values()].map((lifecycle) => lifecycle.destroy()));
  }
}
