// One resource over HTTP, the way a download manager must fetch it: byte
// ranges, a stall timeout, retries with exponential backoff for transient
// failures (5xx, 408, 429, dropped connections, short bodies), and a clear
// split between "the network is gone" (pause) and "this failed" (error).
import { ErrorCode, OfflineError } from '../../errors.js';
import { isOnline } from '../util/online.js';

export { isOnline };

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

export interface FetchedRange {
  data: Uint8Array;
  /** Size of the whole resource when the server said (Content-Range / Content-Length). */
  totalSize: number | null;
  status: number;
}

/**
 * Fetches bytes [start, end] (end null: to the end) of the first working URI,
 * retrying transient failures. `onBytes` reports bytes as they arrive.
 */
export async function fetchRange(
  uris: string[],
  start: number,
  end: number | null,
  policy: FetchPolicy,
  signal: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<FetchedRange> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    for (const uri of uris) {
      try {
        return await fetchOnce(uri, start, end, policy, signal, onBytes);
      } catch (e) {
        if (signal.aborted) throw signal.reason;
        if (!isOnline()) throw new TransferStopped('network');
        if (!(e instanceof Transient)) throw e;
        lastError = e;
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

async function fetchOnce(
  uri: string,
  start: number,
  end: number | null,
  policy: FetchPolicy,
  outer: AbortSignal,
  onBytes?: (n: number) => void,
): Promise<FetchedRange> {
  const controller = new AbortController();
  const abort = () => controller.abort(outer.reason);
  outer.addEventListener('abort', abort, { once: true });
  let stall: ReturnType<typeof setTimeout> | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => controller.abort(new Transient(`no data for ${policy.stallTimeoutMs} ms`)), policy.stallTimeoutMs);
  };
  try {
    const ranged = start > 0 || end !== null;
    const extra = policy.requestInit?.(uri) ?? {};
    const headers = new Headers(extra.headers);
    if (ranged) headers.set('Range', `bytes=${start}-${end ?? ''}`);
    armStall();
    let response: Response;
    try {
      response = await fetch(uri, { credentials: 'same-origin', ...extra, headers, cache: 'no-store', signal: controller.signal });
    } catch (e) {
      throw controller.signal.reason instanceof Transient ? controller.signal.reason : outer.aborted ? outer.reason : new Transient(String(e));
    }
    if (!response.ok) {
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      const message = `HTTP ${response.status} for ${uri}`;
      await response.body?.cancel().catch(() => {});
      if (transient) throw Object.assign(new Transient(message), { status: response.status });
      throw new OfflineError(ErrorCode.NETWORK_ERROR, `Downloading ${uri} failed: HTTP ${response.status}`, {
        details: { url: uri, status: response.status },
      });
    }
    const contentRange = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
    const length = Number(response.headers.get('content-length') ?? NaN);
    const partial = response.status === 206;
    const totalSize = contentRange ? Number(contentRange[1]) : !partial && Number.isFinite(length) ? length : null;
    let body: Uint8Array;
    try {
      body = await readBody(response, Number.isFinite(length) ? length : null, armStall, onBytes);
    } catch (e) {
      throw controller.signal.reason instanceof Transient
        ? controller.signal.reason
        : outer.aborted
          ? outer.reason
          : new Transient(`the connection broke: ${(e as Error)?.message ?? e}`);
    }
    if (Number.isFinite(length) && body.byteLength !== length) throw new Transient(`short body (${body.byteLength} of ${length} bytes)`);
    // A server that ignores Range sends everything: keep the part we asked for.
    if (ranged && !partial) body = body.subarray(start, end === null ? undefined : end + 1);
    if (end !== null && body.byteLength !== end - start + 1) {
      throw new Transient(`expected ${end - start + 1} bytes, got ${body.byteLength}`);
    }
    return { data: body, totalSize, status: response.status };
  } finally {
    clearTimeout(stall);
    outer.removeEventListener('abort', abort);
  }
}

async function readBody(
  response: Response,
  length: number | null,
  onChunk: () => void,
  onBytes?: (n: number) => void,
): Promise<Uint8Array> {
  const reader = response.body!.getReader();
  // With a known length, read straight into one buffer (no second copy).
  if (length !== null) {
    const out = new Uint8Array(length);
    let offset = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onChunk();
      if (offset + value.byteLength > length) throw new Error('body longer than Content-Length');
      out.set(value, offset);
      offset += value.byteLength;
      onBytes?.(value.byteLength);
    }
    return offset === length ? out : out.subarray(0, offset);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onChunk();
    chunks.push(value);
    total += value.byteLength;
    onBytes?.(value.byteLength);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
