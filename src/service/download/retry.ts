// The one retry policy of every download request (segments, progressive
// files): a transient failure (5xx, 408, 429, a dropped connection, a short
// body, a stall) is retried after an exponential backoff with jitter, or after
// what the server's Retry-After asks for; an attempt that made progress
// starts the count again; the network going away stops the transfer without
// failing it (TransferStopped('network')); anything else fails at once.
import { ErrorCode, OfflineError } from '../../errors.js';
import { isOnline } from '../util/online.js';

export interface FetchPolicy {
  /** Failures in a row before giving up (default 6). */
  maxAttempts: number;
  /** First retry delay; doubles each time (default 500 ms), capped by maxDelayMs (default 8 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Abort an attempt when no byte arrives for this long (default 20 s). */
  stallTimeoutMs: number;
  /** Adds headers/credentials to media requests (CDN tokens). */
  requestInit?: (url: string) => RequestInit | undefined;
}

/** The longest Retry-After honoured; a server asking for more is retried after this. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Thrown when a transfer stops without failing (pause, network loss, a metered network, cancel). */
export class TransferStopped extends Error {
  constructor(readonly reason: 'user' | 'network' | 'metered' | 'interrupted' | 'cancelled') {
    super(`transfer stopped (${reason})`);
    this.name = 'TransferStopped';
  }
}

/** A failure worth retrying; `retryAfterMs` when the server said how long to wait. */
export class Transient extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Retry-After as milliseconds (delay-seconds or an HTTP date), or null. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

/** A non-2xx response as the error it is: transient (retried) or final. */
export function httpFailure(response: Response, url: string): Error {
  const { status } = response;
  if (status >= 500 || status === 408 || status === 429) {
    return new Transient(`HTTP ${status} for ${url}`, status, retryAfterMs(response.headers.get('retry-after')));
  }
  return new OfflineError(ErrorCode.NETWORK_ERROR, `Downloading ${url} failed: HTTP ${status}`, { details: { url, status } });
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const stopped = (signal: AbortSignal) => (signal.reason instanceof TransferStopped ? signal.reason : new TransferStopped('user'));

/**
 * Runs `attempt(n)` (n = 0, 1, ...) until it resolves, by the policy above.
 * `progress()` tells how far the work got (bytes), so an attempt that moved
 * bytes before failing does not count against the limit.
 */
export async function withRetries<T>(
  policy: FetchPolicy,
  signal: AbortSignal,
  what: { doing: string; details?: Record<string, unknown> },
  attempt: (n: number) => Promise<T>,
  progress: () => number = () => 0,
): Promise<T> {
  let failures = 0;
  for (let n = 0; ; n++) {
    if (signal.aborted) throw stopped(signal);
    const before = progress();
    try {
      return await attempt(n);
    } catch (e) {
      if (signal.aborted) throw stopped(signal);
      if (!isOnline()) throw new TransferStopped('network');
      if (!(e instanceof Transient)) throw e;
      failures = progress() > before ? 1 : failures + 1;
      if (failures >= policy.maxAttempts) {
        throw new OfflineError(ErrorCode.NETWORK_ERROR, `${what.doing} failed after ${failures} attempts: ${e.message}`, {
          details: { ...what.details, attempts: failures, ...(e.status ? { status: e.status } : {}) },
          cause: e,
        });
      }
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5);
      await sleep(Math.max(backoff, e.retryAfterMs ?? 0), signal);
      if (!isOnline()) throw new TransferStopped('network');
    }
  }
}
