import type { AssetStatus } from '../service/registry/asset-record.js';

/** Detail of `registration-change`: an asset was registered, updated (licence renewed) or removed. */
export interface RegistrationChangeDetail {
  assetId: string;
  change: 'registered' | 'updated' | 'removed';
  /** The asset's status after the change (null once removed). */
  status: AssetStatus | null;
}

export type RegistrationChangeEvent = CustomEvent<RegistrationChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'registration-change': RegistrationChangeEvent;
  }
}
