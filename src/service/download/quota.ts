// Storage before bytes move: the estimated size must fit in what the origin
// has left (navigator.storage.estimate()), and persistent storage is asked for
// so the browser does not evict downloads under pressure.
import { ErrorCode, OfflineError } from '../../errors.js';

export async function checkQuota(estimatedBytes: number, margin: number): Promise<void> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate || estimate.quota == null || estimate.usage == null) return;
  const needed = Math.ceil(estimatedBytes * (1 + margin));
  const available = estimate.quota - estimate.usage;
  if (needed > available) {
    throw new OfflineError(
      ErrorCode.QUOTA_EXCEEDED,
      `Not enough storage: the download needs about ${mb(needed)} and ${mb(available)} is available`,
      { details: { needed, available, quota: estimate.quota, usage: estimate.usage } },
    );
  }
}

/** Asks for persistent storage; resolves with whether it is granted. */
export async function requestPersistence(): Promise<boolean | null> {
  if (!navigator.storage?.persist) return null;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return null;
  }
}

/** Storage used and available, and whether it is persistent (the manager's storageEstimate()). */
export async function storageEstimate(): Promise<{ usage: number | null; quota: number | null; persisted: boolean | null }> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  const persisted = (await navigator.storage?.persisted?.().catch(() => null)) ?? null;
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
