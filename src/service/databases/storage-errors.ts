// The one place that says what a storage failure is: a full quota is
// QUOTA_EXCEEDED (whichever store or browser reported it), anything else
// from IndexedDB or the LocalDataStore is STORAGE_ERROR.
import { ErrorCode, OfflineError } from '../../errors.js';

/** Whether `e` says the origin's storage quota is full. */
export function isQuotaError(e: unknown): boolean {
  const error = e as { name?: string; message?: string; code?: number } | null;
  return (
    error?.name === 'QuotaExceededError' ||
    error?.code === 22 || // legacy DOMException code of QuotaExceededError
    /quota/i.test(error?.message ?? '')
  );
}

/** A storage failure as an OfflineError; `what` says what was being done ("storing segments"). */
export function storageError(what: string, e: unknown): OfflineError {
  if (e instanceof OfflineError) return e;
  if (isQuotaError(e)) return new OfflineError(ErrorCode.QUOTA_EXCEEDED, `The storage quota ran out while ${what}`, { cause: e });
  const error = e as { name?: string; message?: string } | null;
  const reason = [error?.name, error?.message].filter(Boolean).join(': ') || String(e);
  return new OfflineError(ErrorCode.STORAGE_ERROR, `Storage failed while ${what}: ${reason}`, { cause: e });
}
