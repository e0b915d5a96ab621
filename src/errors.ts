/**
 * Every error the library reports is an `OfflineError`: a stable `code` from
 * the list below, a human message, and (where useful) `details` and the
 * underlying `cause` (for example the Shaka error).
 */
export const ErrorCode = {
  /** A MediaEntry (or its JSON) is not valid; `details.problems` lists why. */
  INVALID_ENTRY: 'INVALID_ENTRY',
  /** A public method was called with a bad argument. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** No source of the entry can be downloaded and played offline here; `details.reasons` says why for each. */
  NO_DOWNLOADABLE_SOURCE: 'NO_DOWNLOADABLE_SOURCE',
  /** No source of the entry can be streamed in this browser (players). */
  NO_PLAYABLE_SOURCE: 'NO_PLAYABLE_SOURCE',
  /** The source's DRM cannot be used offline in this browser (FairPlay, or a key system without persistent licences). */
  UNSUPPORTED_DRM: 'UNSUPPORTED_DRM',
  /**
   * The content is live: an entry whose mediaType is live or dvrLive, an HLS
   * media playlist without EXT-X-ENDLIST that is not PLAYLIST-TYPE:VOD (live
   * or EVENT), or a dynamic DASH MPD. Only VOD can be downloaded; refused
   * before any media byte moves.
   */
  LIVE_NOT_SUPPORTED: 'LIVE_NOT_SUPPORTED',
  /**
   * The source is in a form that cannot be played back offline here (for
   * example SAMPLE-AES in MPEG-2 TS, which no MSE browser can decrypt, or an
   * HLS encryption method other than AES-128); `details.reason` says which.
   * Refused before any media byte moves.
   */
  UNSUPPORTED_CONTENT: 'UNSUPPORTED_CONTENT',
  /** The manifest could not be fetched or parsed. */
  MANIFEST_ERROR: 'MANIFEST_ERROR',
  /** A request failed for good (after retries); `details.status` holds the HTTP status when there was one. */
  NETWORK_ERROR: 'NETWORK_ERROR',
  /** The licence server refused or failed; `details.status` holds the HTTP status. */
  LICENSE_REQUEST_FAILED: 'LICENSE_REQUEST_FAILED',
  /** The stored licence has expired: renew it (online) before playing. */
  LICENSE_EXPIRED: 'LICENSE_EXPIRED',
  /**
   * The asset was downloaded with `licenceMode: 'online'`: it keeps no
   * licence, and the browser is offline, so it cannot get one to play.
   */
  LICENSE_REQUIRES_NETWORK: 'LICENSE_REQUIRES_NETWORK',
  /** The download does not fit in the storage quota (checked before bytes move, and if the quota runs out mid-way). */
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  /** IndexedDB or the LocalDataStore failed. */
  STORAGE_ERROR: 'STORAGE_ERROR',
  /** No asset is registered under that id. */
  ASSET_NOT_FOUND: 'ASSET_NOT_FOUND',
  /** The asset exists but is not completely downloaded yet. */
  ASSET_NOT_COMPLETE: 'ASSET_NOT_COMPLETE',
  /** The operation does not fit the asset's current state (e.g. resuming a completed download). */
  INVALID_STATE: 'INVALID_STATE',
  /** The download was cancelled or the manager was destroyed. */
  ABORTED: 'ABORTED',
  /** Playback failed; `cause` holds the player's error. */
  PLAYBACK_ERROR: 'PLAYBACK_ERROR',
  /** The browser is offline and the asset is not downloaded (nothing to play or to download now). */
  NOT_AVAILABLE_OFFLINE: 'NOT_AVAILABLE_OFFLINE',
  /** The offline shell's service worker could not be registered (`details.reason`). */
  SERVICE_WORKER_ERROR: 'SERVICE_WORKER_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class OfflineError extends Error {
  override readonly name = 'OfflineError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }

  /** A plain object for events, logs and postMessage. */
  toJSON(): { name: string; code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: { ...this.details } };
  }

  static is(value: unknown, code?: ErrorCode): value is OfflineError {
    return value instanceof OfflineError && (code === undefined || value.code === code);
  }
}

/** Whether `e` says the origin's storage quota is full (the one place that decides it). */
export function isQuotaError(e: unknown): boolean {
  const error = e as { name?: string; message?: string; code?: number } | null;
  return error?.name === 'QuotaExceededError' || error?.code === 22 || /quota/i.test(error?.message ?? '');
}

/** A storage failure as an OfflineError: QUOTA_EXCEEDED for a full quota, else STORAGE_ERROR; `what` says what was being done. */
export function storageError(what: string, e: unknown): OfflineError {
  if (e instanceof OfflineError) return e;
  if (isQuotaError(e)) return new OfflineError(ErrorCode.QUOTA_EXCEEDED, `The storage quota ran out while ${what}`, { cause: e });
  const error = e as { name?: string; message?: string } | null;
  const reason = [error?.name, error?.message].filter(Boolean).join(': ') || String(e);
  return new OfflineError(ErrorCode.STORAGE_ERROR, `Storage failed while ${what}: ${reason}`, { cause: e });
}

/**
 * storageError, also where a browser reports a full quota as another failure
 * (Firefox, two writers at once: "A mutation operation was attempted on a
 * database that did not allow mutations"): a storage failure while the
 * origin's usage is at its quota is QUOTA_EXCEEDED.
 */
export async function storageFailure(what: string, e: unknown): Promise<OfflineError> {
  const error = storageError(what, e);
  if (error.code !== ErrorCode.STORAGE_ERROR || typeof navigator === 'undefined') return error;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (estimate?.quota && estimate.usage !== undefined && estimate.usage >= estimate.quota * 0.98) {
    return new OfflineError(ErrorCode.QUOTA_EXCEEDED, `The storage quota ran out while ${what}`, { cause: e, details: { usage: estimate.usage, quota: estimate.quota } });
  }
  return error;
}

/**
 * Any failure as an OfflineError: ours pass through; a stopped transfer or a
 * part of the library that could not be loaded is a NETWORK_ERROR; a full
 * quota is QUOTA_EXCEEDED; anything else gets `fallback`.
 */
export function asOfflineError(e: unknown, fallback: ErrorCode, doing: string): OfflineError {
  if (e instanceof OfflineError) return e;
  const error = e as { name?: string; message?: string } | null;
  const message = error?.message ?? String(e);
  if (error?.name === 'TransferStopped') {
    return new OfflineError(ErrorCode.NETWORK_ERROR, `${doing} stopped: the network went away`, { cause: e });
  }
  if (isQuotaError(e)) return storageError(doing.toLowerCase(), e);
  if (error?.name === 'TypeError' && /dynamically imported module|Failed to fetch|Importing a module/i.test(message)) {
    return new OfflineError(ErrorCode.NETWORK_ERROR, `${doing}: a part of the library could not be loaded (${message})`, { cause: e });
  }
  return new OfflineError(fallback, `${doing} failed: ${message}`, { cause: e });
}
