// How what happens to an asset reaches everyone: the asset's lifecycle (the
// one writer of its record) announces each change here, once it is written.
// The hub dispatches the manager's typed events in this page, tells the other
// tabs of the store (BroadcastChannel: the record as written, and the same
// events), keeps the live progress of running downloads, and hands status
// snapshots to whoever watches one asset (the elements). It never changes a
// record: other tabs' records only replace this page's mirror of them.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { DownloadErrorDetail } from '../../events/download-error.js';
import type { DownloadProgressDetail } from '../../events/download-progress.js';
import type { DownloadStateChangeDetail } from '../../events/download-state-change.js';
import type { QueueChangeDetail } from '../../events/queue-change.js';
import type { RegistrationChangeDetail } from '../../events/registration-change.js';
import type { LicenceRecord } from '../drm/licence.js';
import { type AssetRecord, type AssetStatus, fractionOf } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import { type LiveProgress, assetStatus } from '../registry/asset-status.js';

/** What a lifecycle announces with a write. */
export type Announcement =
  | { type: 'download-state-change'; state: DownloadStateChangeDetail['state']; previousState: DownloadStateChangeDetail['previousState']; reason: DownloadStateChangeDetail['reason'] }
  | { type: 'registration-change'; change: RegistrationChangeDetail['change'] }
  | { type: 'download-error'; error: OfflineError };

type Wire =
  | Exclude<Announcement, { type: 'download-error' }>
  | { type: 'download-error'; error: { code: string; message: string; details: Record<string, unknown> } };

export type HubMessage =
  | { type: 'commit'; assetId: string; record: AssetRecord | null; licence: LicenceRecord | null; events: Wire[] }
  | { type: 'progress'; assetId: string; progress: LiveProgress }
  | { type: 'queue'; order: string[] };

/** The download queue as the hub sees it: positions, and the order another tab wrote. */
export interface QueueView {
  position(assetId: string): number | null;
  received(order: readonly string[]): void;
}

export type StatusListener = (status: AssetStatus) => void;

export class StatusHub {
  private readonly live = new Map<string, LiveProgress>();
  private readonly watchers = new Map<string, Set<StatusListener>>();
  /** Per watched asset, a timer that tells its watchers when its licence expires. */
  private readonly expiryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private channel: BroadcastChannel | null = null;
  private queue: QueueView | null = null;

  constructor(
    private readonly target: EventTarget,
    private readonly registry: AssetRegistry,
    /** Another tab wrote an asset (after the mirror is updated and its events dispatched). */
    private readonly remoteCommit: (assetId: string, record: AssetRecord | null) => void,
  ) {}

  /** The queue whose positions statuses report (and whose order other tabs send). */
  attachQueue(queue: QueueView): void {
    this.queue = queue;
  }

  /** Starts listening to the other tabs of the store. */
  open(namespace: string): void {
    if (typeof BroadcastChannel === 'undefined') return;
    // The protocol's version is in the name: tabs of another library version do not misread each other.
    this.channel = new BroadcastChannel(`offline-player:${namespace}:v2`);
    this.channel.onmessage = (event) => {
      const message = event.data as HubMessage | null;
      if (message?.type === 'queue') this.queue?.received(message.order);
      else if ((message?.type === 'commit' && Array.isArray(message.events)) || (message?.type === 'progress' && message.progress)) this.receive(message);
    };
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
  }

  status(assetId: string): AssetStatus {
    const { registry } = this;
    return assetStatus(
      assetId,
      registry.get(assetId) ?? null,
      registry.licence(assetId) ?? null,
      this.live.get(assetId) ?? null,
      registry.corruption(assetId),
      this.queue?.position(assetId) ?? null,
    );
  }

  /** The queue's order changed (written here, or received from another tab): every tab hears it, watchers see new positions. */
  queueChanged(order: readonly string[], previous: readonly string[], remote: boolean): void {
    if (!remote) this.post({ type: 'queue', order: [...order] });
    for (const assetId of new Set([...previous, ...order])) this.notify(assetId);
    this.emit<QueueChangeDetail>('queue-change', { queue: [...order] });
  }

  /** Resolves when the asset is completed; rejects when it fails, is corrupt or is not (or no longer) registered. */
  whenCompleted(assetId: string): Promise<AssetStatus> {
    return new Promise<AssetStatus>((resolve, reject) => {
      const stop = this.watch(assetId, (status) => {
        if (status.state === 'completed') resolve(status);
        else if (status.state === 'none') reject(new OfflineError(ErrorCode.ASSET_NOT_FOUND, `"${assetId}" is not registered`, { details: { assetId } }));
        else if (status.state === 'failed' || status.state === 'corrupt') {
          reject(new OfflineError((status.error?.code as ErrorCode) ?? ErrorCode.NETWORK_ERROR, status.error?.message ?? 'The download failed', { details: { assetId } }));
        } else return;
        queueMicrotask(() => stop());
      });
    });
  }

  /** Calls `listener` with the asset's status now and after every change; returns the way to stop. */
  watch(assetId: string, listener: StatusListener): () => void {
    let set = this.watchers.get(assetId);
    if (!set) this.watchers.set(assetId, (set = new Set()));
    set.add(listener);
    const status = this.status(assetId);
    this.scheduleExpiry(status);
    listener(status);
    return () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.watchers.delete(assetId);
      clearTimeout(this.expiryTimers.get(assetId));
      this.expiryTimers.delete(assetId);
    };
  }

  /** A lifecycle of this page wrote the asset (the registry holds the result): tell this page and the others. */
  committed(assetId: string, events: Announcement[]): void {
    const record = this.registry.get(assetId) ?? null;
    this.settleLive(assetId, record);
    this.post({
      type: 'commit',
      assetId,
      record,
      licence: this.registry.licence(assetId) ?? null,
      events: events.map((e) => (e.type === 'download-error' ? { type: e.type, error: e.error.toJSON() } : e)),
    });
    this.dispatch(assetId, events);
  }

  /** Start-up is done: everyone who watched before hears the real status. */
  notifyAll(): void {
    for (const assetId of [...this.watchers.keys()]) this.notify(assetId);
  }

  /** Announces in this page only (what each page finds for itself, such as an unreadable record at its start-up). */
  announceHere(assetId: string, events: Announcement[]): void {
    this.dispatch(assetId, events);
  }

  /** Bytes stored by a download running here, and the estimated total (`final`: every byte is stored). */
  progress(assetId: string, bytesDownloaded: number, estimatedTotal: number, final = false): void {
    const record = this.registry.get(assetId);
    if (!record) return;
    const estimatedTotalBytes = Math.max(bytesDownloaded, estimatedTotal);
    const computed = final ? 1 : fractionOf({ state: 'downloading', bytesDownloaded, estimatedTotalBytes });
    // Never backwards within a download (an estimate may grow).
    const fraction = Math.max(this.live.get(assetId)?.fraction ?? fractionOf(record), computed);
    const progress = { bytesDownloaded, estimatedTotalBytes, fraction };
    this.live.set(assetId, progress);
    this.post({ type: 'progress', assetId, progress });
    this.dispatchProgress(assetId, progress);
  }

  private settleLive(assetId: string, record: AssetRecord | null): void {
    if (!record) this.live.delete(assetId);
    else if (record.state !== 'downloading' && record.state !== 'preparing') {
      // Kept through a pause, so progress never goes back when it resumes.
      const kept = this.live.get(assetId);
      if (kept) this.live.set(assetId, { ...kept, fraction: fractionOf(record) === 1 ? 1 : kept.fraction, bytesDownloaded: record.bytesDownloaded });
    }
  }

  private receive(message: Exclude<HubMessage, { type: 'queue' }>): void {
    if (message.type === 'progress') {
      if (!this.registry.get(message.assetId)) return;
      this.live.set(message.assetId, message.progress);
      this.dispatchProgress(message.assetId, message.progress);
      return;
    }
    this.registry.mirror(message.assetId, message.record, message.licence);
    this.settleLive(message.assetId, message.record);
    const events = message.events.map((e): Announcement =>
      e.type === 'download-error' ? { type: e.type, error: new OfflineError(e.error.code as ErrorCode, e.error.message, { details: e.error.details }) } : e,
    );
    this.dispatch(message.assetId, events);
    this.remoteCommit(message.assetId, message.record);
  }

  private post(message: HubMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel (the page is going away): nobody to tell.
    }
  }

  private dispatch(assetId: string, events: Announcement[]): void {
    // Watchers (the elements) first: when an element re-dispatches the event, it already shows the change.
    this.notify(assetId);
    for (const event of events) {
      if (event.type === 'download-state-change') {
        if (event.state === 'none') this.live.delete(assetId);
        const position = event.state === 'queued' ? (this.queue?.position(assetId) ?? null) : null;
        this.emit<DownloadStateChangeDetail>('download-state-change', { assetId, state: event.state, previousState: event.previousState, reason: event.reason, position });
      } else if (event.type === 'registration-change') {
        this.emit<RegistrationChangeDetail>('registration-change', { assetId, change: event.change, status: event.change === 'removed' ? null : this.status(assetId) });
      } else {
        this.emit<DownloadErrorDetail>('download-error', { assetId, error: event.error });
      }
    }
  }

  private dispatchProgress(assetId: string, progress: LiveProgress): void {
    this.notify(assetId);
    this.emit<DownloadProgressDetail>('download-progress', { assetId, ...progress });
  }

  private emit<T>(type: string, detail: T): void {
    this.target.dispatchEvent(new CustomEvent<T>(type, { detail }));
  }

  private notify(assetId: string): void {
    const set = this.watchers.get(assetId);
    if (!set) return;
    const status = this.status(assetId);
    this.scheduleExpiry(status);
    for (const listener of [...set]) listener(status);
  }

  /** A licence that expires while someone watches: they hear of it then. */
  private scheduleExpiry(status: AssetStatus): void {
    clearTimeout(this.expiryTimers.get(status.assetId));
    this.expiryTimers.delete(status.assetId);
    const at = status.licence && !status.licence.expired ? status.licence.expiresAt : null;
    if (at === null || at - Date.now() > 2 ** 31 - 1) return;
    this.expiryTimers.set(status.assetId, setTimeout(() => this.notify(status.assetId), Math.max(0, at - Date.now()) + 20));
  }
}
