import type { AssetStatus } from '../service/registry/asset-record.js';

/**
 * Detail of `registration-change`: an asset was registered, updated (its
 * download completed, its licence renewed), removed, or found `corrupt` (its
 * record cannot be read: remove it).
 */
export interface RegistrationChangeDetail {
  assetId: string;
  change: 'registered' | 'updated' | 'removed' | 'corrupt';
  /** The asset's status after the change (null once removed). */
  status: AssetStatus | null;
}

export type RegistrationChangeEvent = CustomEvent<RegistrationChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'registration-change': RegistrationChangeEvent;
  }
}
