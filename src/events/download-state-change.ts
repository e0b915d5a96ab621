import type { AssetState, StateReason } from '../service/registry/asset-record.js';

/** Detail of `download-state-change`. */
export interface DownloadStateChangeDetail {
  assetId: string;
  state: AssetState | 'none';
  previousState: AssetState | 'none';
  /** Why (for paused and failed): 'user', 'network', 'metered', 'interrupted', 'quota', 'error'. */
  reason: StateReason;
  /** For `queued`: the 1-based place in the download queue when it was queued (later moves: `queue-change`, status snapshots). */
  position: number | null;
}

export type DownloadStateChangeEvent = CustomEvent<DownloadStateChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'download-state-change': DownloadStateChangeEvent;
  }
}
