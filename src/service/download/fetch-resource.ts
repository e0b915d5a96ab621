// One resource over HTTP, the way a download manager must fetch it: byte
// ranges, a stall timeout, and the retry policy of retry.ts (transient
// failures retried, "the network is gone" told apart from "this failed").
import { type FetchPolicy, Transient, httpFailure, withRetries } from './retry.js';

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
export function fetchRange(
  uris: string[],
  start: number,
  end: number | null,
  policy: FetchPolicy,
  signal: AbortSignal,
  received: Received = new Received(),
): Promise<Uint8Array> {
  const what = { doing: `Downloading ${uris[0]}`, details: { url: uris[0] } };
  // Each attempt asks the next URI (the manifest's alternatives) for what is still missing.
  return withRetries(
    policy,
    signal,
    what,
    async (n) => {
      await fetchOnce(uris[n % uris.length], start, end, policy, signal, received);
      return received.data();
    },
    () => received.bytes,
  );
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
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 416 && end === null && received.bytes > 0) return; // nothing left
      throw httpFailure(response, uri);
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
