// The cleanup of storage nothing owns (registry/cleanup.ts does the work,
// loaded only then), one tab at a time, and when it runs by itself: once the
// page is idle after start-up, and not at all on a first visit, when neither
// media database exists yet. Start-up itself never waits for it (with 1,000
// assets start-up is twice as fast without it).
import { lazy } from '../lazy.js';
import { withLock } from '../util/locks.js';
import type { AssetRegistry } from './asset-registry.js';
import type { CleanupOptions, CleanupReport } from './cleanup.js';

export class CleanupSchedule {
  private report: CleanupReport | null = null;
  readonly done: Promise<CleanupReport | null>;

  constructor(
    private readonly registry: AssetRegistry,
    private readonly options: CleanupOptions,
    ready: Promise<void>,
    enabled: boolean,
    run: () => Promise<CleanupReport>,
  ) {
    this.done = ready.then(async () => {
      if (!enabled) return null;
      await new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 5000 }) : setTimeout(resolve, 0)));
      const names = await indexedDB.databases?.().then((dbs) => dbs.map((d) => d.name), () => null);
      if (names && !names.includes('shaka_offline_db') && !names.includes('offline-player-media')) return null;
      this.report = await run().catch(() => null);
      return this.report;
    }, () => null);
  }

  /** Cleans up now (one tab at a time). */
  async run(): Promise<CleanupReport> {
    await this.registry.ready;
    const { cleanupOrphans } = await lazy.cleanup();
    return withLock('offline-player:maintenance', () => cleanupOrphans(this.registry, this.options));
  }

  /** What the start-up cleanup removed (null when it did not run, or before it ran). */
  get last(): CleanupReport | null {
    return this.report;
  }
}
