// Tells the page (the manager's EventTarget) and the other tabs (TabSync)
// what happens to assets, and applies what other tabs tell.
import type { OfflineError } from '../errors.js';
import type { DownloadErrorDetail } from '../events/download-error.js';
import type { DownloadProgressDetail } from '../events/download-progress.js';
import type { DownloadStateChangeDetail } from '../events/download-state-change.js';
import type { RegistrationChangeDetail } from '../events/registration-change.js';
import { type AssetState, type AssetStatus, type StateReason, fractionOf } from './registry/asset-record.js';
import type { AssetRegistry } from './registry/asset-registry.js';
import type { SyncMessage, TabSync } from './registry/tab-sync.js';

export class Announcer {
  /** Last fraction announced per asset, so progress never goes back. */
  private readonly fractions = new Map<string, number>();

  constructor(
    private readonly target: EventTarget,
    private readonly registry: AssetRegistry,
    private readonly sync: TabSync,
    private readonly status: (assetId: string) => AssetStatus,
  ) {}

  private dispatch<T>(type: string, detail: T): void {
    this.target.dispatchEvent(new CustomEvent<T>(type, { detail }));
  }

  /** A download made progress (the record is updated in memory). */
  progress(assetId: string, bytesDone: number, estimatedTotal: number, final = false): void {
    const record = this.registry.get(assetId);
    if (!record) return;
    record.bytesDownloaded = bytesDone;
    record.estimatedTotalBytes = Math.max(bytesDone, estimatedTotal);
    const fraction = final ? 1 : Math.max(this.fractions.get(assetId) ?? 0, fractionOf({ ...record, state: 'downloading' }));
    this.fractions.set(assetId, fraction);
    const detail: DownloadProgressDetail = { assetId, bytesDownloaded: record.bytesDownloaded, estimatedTotalBytes: record.estimatedTotalBytes, fraction };
    this.dispatch('download-progress', detail);
    this.sync.post({ type: 'progress', ...detail });
  }

  state(assetId: string, state: AssetState | 'none', previousState: AssetState | 'none', reason: StateReason): void {
    // Kept through a pause or a failure, so progress never goes back when it resumes.
    if (state === 'none') this.fractions.delete(assetId);
    const detail: DownloadStateChangeDetail = { assetId, state, previousState, reason };
    this.dispatch('download-state-change', detail);
    this.sync.post({ type: 'state', ...detail });
  }

  registration(assetId: string, change: RegistrationChangeDetail['change']): void {
    this.dispatch<RegistrationChangeDetail>('registration-change', { assetId, change, status: change === 'removed' ? null : this.status(assetId) });
    this.sync.post({ type: 'registration', assetId, change });
  }

  error(assetId: string, error: OfflineError): void {
    this.dispatch<DownloadErrorDetail>('download-error', { assetId, error });
  }

  /** Another tab changed an asset: bring our records up to date, then tell our page. */
  async remote(message: SyncMessage): Promise<void> {
    const { assetId } = message;
    if (message.type === 'progress') {
      const record = this.registry.get(assetId) ?? (await this.registry.reload(assetId));
      if (!record) return;
      record.bytesDownloaded = message.bytesDownloaded;
      record.estimatedTotalBytes = message.estimatedTotalBytes;
      if (record.state !== 'downloading') record.state = 'downloading';
      this.fractions.set(assetId, message.fraction);
      this.dispatch<DownloadProgressDetail>('download-progress', {
        assetId,
        bytesDownloaded: message.bytesDownloaded,
        estimatedTotalBytes: message.estimatedTotalBytes,
        fraction: message.fraction,
      });
    } else if (message.type === 'state') {
      await this.registry.reload(assetId);
      this.dispatch<DownloadStateChangeDetail>('download-state-change', {
        assetId,
        state: message.state as DownloadStateChangeDetail['state'],
        previousState: message.previousState as DownloadStateChangeDetail['previousState'],
        reason: message.reason as StateReason,
      });
    } else if (message.type === 'registration') {
      if (message.change === 'removed') this.registry.forget(assetId);
      else await this.registry.reload(assetId);
      this.dispatch<RegistrationChangeDetail>('registration-change', {
        assetId,
        change: message.change,
        status: message.change === 'removed' ? null : this.status(assetId),
      });
    }
  }
}
