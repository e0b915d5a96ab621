// Types for canned-manager.js (a plain module, so the gallery page loads it as it is).
import type { AssetStatus, LocalAssetsManager } from '../../src/index.js';

export function status(assetId: string, fields?: Partial<AssetStatus>): AssetStatus;

export class CannedManager extends EventTarget {
  constructor(statuses?: Record<string, Partial<AssetStatus>>, options?: { storage?: { usage: number | null; quota: number | null; persisted: boolean | null }; playable?: null; prepareError?: Error; prepareDelayMs?: number });
  calls: unknown[][];
  set(assetId: string, fields: Partial<AssetStatus> | null): void;
}

/** A CannedManager where an element expects a LocalAssetsManager. */
export type AsManager = CannedManager & LocalAssetsManager;
