// Several tabs (pages of one origin) on one store act as one manager:
// - a download runs in one tab only, inside a Web Lock named after the asset
//   (the others see the lock held and follow it instead of starting another);
// - registrations are made under a second lock, so two tabs asking for the
//   same asset at once register it once;
// - the running tab broadcasts progress, state and registration changes on a
//   BroadcastChannel; the others reload the record and fire the same events;
// - a tab can ask the running one to pause or cancel.
// Without Web Locks or BroadcastChannel (old browsers) each tab works alone.

export type SyncMessage =
  | { type: 'progress'; assetId: string; bytesDownloaded: number; estimatedTotalBytes: number; fraction: number }
  | { type: 'state'; assetId: string; state: string; previousState: string; reason: string | null }
  | { type: 'registration'; assetId: string; change: 'registered' | 'updated' | 'removed' }
  | { type: 'command'; assetId: string; command: 'pause' | 'cancel' };

const hasLocks = () => typeof navigator !== 'undefined' && !!navigator.locks;

export class TabSync {
  private channel: BroadcastChannel | null = null;
  private namespace = '';

  constructor(private readonly onMessage: (message: SyncMessage) => void) {}

  /** Starts listening, once the store's namespace is known. */
  open(namespace: string): void {
    this.namespace = namespace;
    if (typeof BroadcastChannel === 'undefined') return;
    this.channel = new BroadcastChannel(`offline-player:${namespace}`);
    this.channel.onmessage = (event) => this.onMessage(event.data as SyncMessage);
  }

  close(): void {
    this.channel?.close();
    this.channel = null;
  }

  post(message: SyncMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // A closed channel (page going away): nothing to tell.
    }
  }

  private lockName(kind: 'download' | 'register', assetId: string): string {
    return `offline-player:${this.namespace}:${kind}:${assetId}`;
  }

  /**
   * Runs `body` holding the asset's download lock if nobody holds it; the
   * lock is held until `body` settles. Resolves with `body`'s result, or
   * null when another tab holds the lock.
   */
  tryDownloadLock<T>(assetId: string, body: () => Promise<T>): Promise<T | null> {
    if (!hasLocks()) return body();
    return navigator.locks.request(this.lockName('download', assetId), { ifAvailable: true }, (lock) => (lock ? body() : null)) as Promise<T | null>;
  }

  /** Waits for the asset's download lock (granted when the running tab stops or goes away). */
  waitForDownloadLock<T>(assetId: string, body: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (!hasLocks()) return body();
    return navigator.locks.request(this.lockName('download', assetId), { signal }, body) as Promise<T>;
  }

  /** Whether some tab (this one included) holds the asset's download lock. */
  async downloadRunning(assetId: string): Promise<boolean> {
    if (!hasLocks()) return false;
    const { held = [] } = await navigator.locks.query();
    return held.some((lock) => lock.name === this.lockName('download', assetId));
  }

  /** Runs `body` holding the asset's registration lock (waits for it). */
  withRegistrationLock<T>(assetId: string, body: () => Promise<T>): Promise<T> {
    if (!hasLocks()) return body();
    return navigator.locks.request(this.lockName('register', assetId), body) as Promise<T>;
  }
}
