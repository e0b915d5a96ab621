// The origin's downloads as <offline-downloads> shows them: the list of
// assets (listAssets, asked again when one is registered or removed, here or
// in another tab), each one's status snapshots (watchAsset: state flows down,
// nothing is re-derived from events), and the storage estimate.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';

export interface StorageInfo {
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export class AssetsController implements ReactiveController {
  /** Every download, newest first. */
  assets: AssetStatus[] = [];
  storage: StorageInfo | null = null;
  /** False until the first list arrived. */
  loaded = false;
  /** Why the list could not be read, if so. */
  error: unknown = null;
  private readonly statuses = new Map<string, AssetStatus>();
  private readonly watchers = new Map<string, () => void>();
  private manager: LocalAssetsManager | null = null;
  private token = 0;
  private storageTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly getManager: () => LocalAssetsManager,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.detach();
  }

  /** Follows the current manager. */
  private sync(): void {
    if (!this.host.isConnected) return;
    const manager = this.getManager();
    if (manager === this.manager) return;
    this.detach();
    this.manager = manager;
    manager.addEventListener('registration-change', this.refresh);
    this.refresh();
  }

  private detach(): void {
    this.token += 1;
    this.manager?.removeEventListener('registration-change', this.refresh);
    this.manager = null;
    for (const stop of this.watchers.values()) stop();
    this.watchers.clear();
    this.statuses.clear();
    if (this.storageTimer) clearTimeout(this.storageTimer);
    this.storageTimer = null;
  }

  /** Reads the list again, and watches each asset in it. */
  readonly refresh = (): void => {
    const manager = this.manager;
    if (!manager) return;
    const token = ++this.token;
    manager.listAssets().then(
      (list) => {
        if (token !== this.token) return;
        const ids = new Set(list.map((s) => s.assetId));
        for (const [id, stop] of this.watchers) {
          if (ids.has(id)) continue;
          stop();
          this.watchers.delete(id);
          this.statuses.delete(id);
        }
        for (const status of list) {
          if (!this.statuses.has(status.assetId)) this.statuses.set(status.assetId, status);
          if (!this.watchers.has(status.assetId)) this.watchers.set(status.assetId, manager.watchAsset(status.assetId, (s) => this.changed(s)));
        }
        this.loaded = true;
        this.error = null;
        this.publish();
      },
      (e: unknown) => {
        if (token !== this.token) return;
        this.loaded = true;
        this.error = e;
        this.host.requestUpdate();
      },
    );
  };

  private changed(status: AssetStatus): void {
    const before = this.statuses.get(status.assetId);
    if (status.state === 'none') this.statuses.delete(status.assetId);
    else this.statuses.set(status.assetId, status);
    this.publish(before?.state !== status.state);
  }

  private publish(storageNow = true): void {
    this.assets = [...this.statuses.values()].sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0) || a.assetId.localeCompare(b.assetId));
    this.host.requestUpdate();
    this.measureStorage(storageNow);
  }

  /** The storage estimate: at once when the set or a state changed, else at most every 2 s while bytes move. */
  private measureStorage(now: boolean): void {
    if (!now && this.storageTimer) return;
    if (this.storageTimer) clearTimeout(this.storageTimer);
    const manager = this.manager;
    this.storageTimer = setTimeout(() => {
      this.storageTimer = null;
      void manager?.storageEstimate().then(
        (storage) => {
          if (manager !== this.manager) return;
          this.storage = storage;
          this.host.requestUpdate();
        },
        () => undefined, // no estimate in this browser: the meter stays hidden
      );
    }, now ? 0 : 2000);
  }
}
