import type { AssetState, StateReason } from '../service/registry/asset-record.js';

/** Detail of `download-state-change`. */
export interface DownloadStateChangeDetail {
  assetId: string;
  state: AssetState | 'none';
  previousState: AssetState | 'none';
  /** Why (for paused and failed): 'user', 'network', 'interrupted', 'quota', 'error'. */
  reason: StateReason;
}

export type DownloadStateChangeEvent = CustomEvent<DownloadStateChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'download-state-change': DownloadStateChangeEvent;
  }
}
