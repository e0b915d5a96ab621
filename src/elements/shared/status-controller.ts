// An element's view of one asset: the manager's status snapshots for the
// asset the element is about (state flows down; the element never re-derives
// it from events), and, for the button, the manager's events for that asset
// re-dispatched from the element (bubbling, composed).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MANAGER_EVENTS } from '../../events/manager-events.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { fire } from './dispatch.js';

export interface StatusTarget {
  manager: LocalAssetsManager;
  assetId: string | null;
}

export class StatusController implements ReactiveController {
  /** The asset's latest status, or null when the element is about no asset. */
  status: AssetStatus | null = null;
  private watched: { manager: LocalAssetsManager; assetId: string; stop: () => void } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly target: () => StatusTarget,
    private readonly changed: (status: AssetStatus | null, previous: AssetStatus | null) => void,
    private readonly relayEvents = false,
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
    this.unwatch();
  }

  /** Follows the right asset of the right manager (both may change). */
  sync(): void {
    if (!this.host.isConnected) return;
    const { manager, assetId } = this.target();
    if (this.watched?.manager === manager && this.watched.assetId === assetId) return;
    this.unwatch();
    if (!assetId) return this.set(null);
    const stop = manager.watchAsset(assetId, (status) => this.set(status));
    if (this.relayEvents) for (const type of MANAGER_EVENTS) manager.addEventListener(type, this.relay);
    this.watched = { manager, assetId, stop };
  }

  private unwatch(): void {
    if (!this.watched) return;
    this.watched.stop();
    if (this.relayEvents) for (const type of MANAGER_EVENTS) this.watched.manager.removeEventListener(type, this.relay);
    this.watched = null;
  }

  private set(status: AssetStatus | null): void {
    const previous = this.status;
    this.status = status;
    this.changed(status, previous);
    this.host.requestUpdate();
  }

  private readonly relay = (event: Event): void => {
    const detail = (event as CustomEvent<{ assetId: string }>).detail;
    if (detail.assetId === this.watched?.assetId) fire(this.host, event.type, detail);
  };
}
