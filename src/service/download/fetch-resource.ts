// One resource over HTTP, the way a download manager must fetch it: byte
// ranges, a stall timeout, retries with exponential backoff for transient
// failures (5xx, 408, 429, dropped connections, short bodies), and a clear
// split between "the network is gone" (pause) and "this failed" (error).
import { ErrorCode, OfflineError } from '../../errors.js';
import { isOnline } from '../util/online.js';

export interface FetchPolicy {
  /** Attempts per resource for transient failures (default 6). */
  maxAttempts: number;
  /** First retry delay; doubles each time (default 500 ms), capped by maxDelayMs (default 8 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Abort an attempt when no byte arrives for this long (default 20 s). */
  stallTimeoutMs: number;
  /** Adds headers/credentials to media requests (CDN tokens). */
  requestInit?: (url: string) => RequestInit | undefined;
}


/** Thrown when a transfer stops without failing (pause, network loss, cancel). */
export class TransferStopped extends Error {
  constructor(readonly reason: 'user' | 'network' | 'interrupted' | 'cancelled') {
    super(`transfer stopped (${reason})`);
    this.name = 'TransferStopped';
  }
}

class Transient extends Error {}


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

/**
 * The bytes of one resource received so far. They survive a cut connection
 * (the retry asks only for the rest, with Range) and, saved as a partial, a
 * pause or a closed page.
 */
export class Received {
  private chunks: Uint8Array[] = [];
  /** When the total is known up front, bytes go straight into one buffer (no copy at the end). */
  private buffer: Uint8Array | null = null;
  bytes = 0;

  constructor(initial?: Uint8Array | null) {
    if (initial && initial.byteLength > 0) this.add(initial);
  }

  /** Prepares one buffer for `total` bytes (a first request with a known length). */
  reserve(total: number): void {
    if (this.bytes === 0 && total > 0) this.buffer = new Uint8Array(total);
  }

  add(chunk: Uint8Array): void {
    if (this.buffer && this.bytes + chunk.byteLength <= this.buffer.byteLength) {
      this.buffer.set(chunk, this.bytes);
      this.bytes += chunk.byteLength;
      return;
    }
    if (this.buffer) {
      this.chunks = [this.buffer.subarray(0, this.bytes)];
      this.buffer = null;
    }
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
  }

  reset(): void {
    this.chunks = [];
    this.buffer = null;
    this.bytes = 0;
  }

  /** Everything received, as one buffer. */
  data(): Uint8Array {
    if (this.buffer) return this.buffer.subarray(0, this.bytes);
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.bytes);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.byteLength;
    }
    this.chunks = [out];
    return out;
  }
}

/**
 * Fetches bytes [start, end] (end null: to the end) of the first working URI,
 * retrying transient failures; bytes already in `received` are not asked for
 * again. Resolves with the whole range.
 */
export async function fetchRange(
  uris: string[],
  start: number,
  end: number | null,
  policy: FetchPolicy,
  signal: AbortSignal,
  received: Received = new Received(),
): Promise<Uint8Array> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    for (const uri of uris) {
      const before = received.bytes;
      try {
        await fetchOnce(uri, start, end, policy, signal, received);
        return received.data();
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        if (!isOnline()) throw new TransferStopped('network');
        if (!(e instanceof Transient)) throw e;
        lastError = e;
        // A connection that broke after delivering bytes made progress.
        if (received.bytes > before) attempt = Math.max(0, attempt - 1);
      }
    }
    if (attempt < policy.maxAttempts) {
      const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(delay * (0.75 + Math.random() * 0.5), signal);
      if (!isOnline()) throw new TransferStopped('network');
    }
  }
  throw new OfflineError(ErrorCode.NETWORK_ERROR, `Downloading ${uris[0]} failed after ${policy.maxAttempts} attempts: ${(lastError as Error)?.message}`, {
    details: { url: uris[0], attempts: policy.maxAttempts, ...((lastError as { status?: number })?.status ? { status: (lastError as { status?: number }).status } : {}) },
    cause: lastError,
  });
}

/** One request for what `received` lacks of [start, end]. */
async function fetchOnce(uri: string, start: number, end: number | null, policy: FetchPolicy, outer: AbortSignal, received: Received): Promise<void> {
  const controller = new AbortController();
  const abort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', abort, { once: true });
  let stall: ReturnType<typeof setTimeout> | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => controller.abort(new Transient(`no data for ${policy.stallTimeoutMs} ms`)), policy.stallTimeoutMs);
  };
  const broken = (e: unknown) =>
    controller.signal.reason instanceof Transient ? controller.signal.reason : outer.aborted ? outer.reason : new Transient(`the connection broke: ${(e as Error)?.message ?? e}`);
  try {
    const from = start + received.bytes;
    if (end !== null && from > end) return;
    const ranged = from > 0 || end !== null;
    const extra = policy.requestInit?.(uri) ?? {};
    const headers = new Headers(extra.headers);
    if (ranged) headers.set('Range', `bytes=${from}-${end ?? ''}`);
    armStall();
    let response: Response;
    try {
      response = await fetch(uri, { credentials: 'same-origin', ...extra, headers, cache: 'no-store', signal: controller.signal });
    } catch (e) {
      throw broken(e);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      if (response.status === 416 && end === null && received.bytes > 0) return; // nothing left
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      if (transient) throw Object.assign(new Transient(`HTTP ${response.status} for ${uri}`), { status: response.status });
      throw new OfflineError(ErrorCode.NETWORK_ERROR, `Downloading ${uri} failed: HTTP ${response.status}`, {
        details: { url: uri, status: response.status },
      });
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] ?? NaN);
    // A server that ignores Range sends everything: start over, keep our part.
    const whole = ranged && response.status !== 206;
    if (whole) received.reset();
    const fresh = new Received();
    if (Number.isFinite(length)) (whole ? fresh : received).reserve(length);
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        armStall();
        (whole ? fresh : received).add(value);
      }
    } catch (e) {
      throw broken(e);
    }
    if (whole) {
      const all = fresh.data();
      received.add(all.subarray(start, end === null ? undefined : end + 1));
      if (Number.isFinite(length) && all.byteLength !== length) throw new Transient(`short body (${all.byteLength} of ${length} bytes)`);
    } else if (Number.isFinite(length) && received.bytes - (from - start) !== length) {
      throw new Transient(`short body (${received.bytes - (from - start)} of ${length} bytes)`);
    }
    const expected = end !== null ? end - start + 1 : Number.isFinite(total) ? total - start : null;
    if (expected !== null && received.bytes !== expected) {
      throw new Transient(`expected ${expected} bytes, got ${received.bytes}`);
    }
  } finally {
    clearTimeout(stall);
    outer.removeEventListener('abort', abort);
  }
}
