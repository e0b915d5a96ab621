// Fault injection: per-scope rules (set through the control API) and
// per-request query parameters. A rule selects requests (by path pattern,
// n-th match, seeded rate) and applies effects: latency, throttling, an HTTP
// error, or a connection dropped in the middle of the body.
import { setTimeout as sleep } from 'node:timers/promises';

const EFFECTS = ['latencyMs', 'bytesPerSecond', 'status', 'dropAfterBytes', 'dropAtFraction'];

/** Small deterministic PRNG, so a "10 % failing" run is reproducible. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultRule {
  constructor(spec) {
    if (typeof spec?.match !== 'string') throw new TypeError('a fault rule needs a "match" pattern (string)');
    this.spec = spec;
    this.pattern = new RegExp(spec.match);
    this.methods = spec.methods?.map((m) => m.toUpperCase());
    this.nth = spec.nth == null ? null : new Set([].concat(spec.nth));
    this.rate = spec.rate ?? null;
    this.random = mulberry32(spec.seed ?? 1);
    this.times = spec.times ?? Infinity;
    this.seen = 0;
    this.applied = 0;
  }

  /** Returns the rule's effects for this request, or null. Counts matches. */
  select(method, path) {
    if (!this.pattern.test(path)) return null;
    if (this.methods && !this.methods.includes(method)) return null;
    this.seen += 1;
    if (this.applied >= this.times) return null;
    if (this.nth && !this.nth.has(this.seen)) return null;
    if (this.rate != null && this.random() >= this.rate) return null;
    this.applied += 1;
    const effects = {};
    for (const key of EFFECTS) if (this.spec[key] != null) effects[key] = this.spec[key];
    return effects;
  }

  toJSON() {
    return { ...this.spec, seen: this.seen, applied: this.applied };
  }
}

/** Effects asked for by the request itself (`?__latency=200&__bps=...`). */
export function effectsFromQuery(searchParams) {
  const effects = {};
  const number = (name) => (searchParams.has(name) ? Number(searchParams.get(name)) : null);
  const map = {
    __latency: 'latencyMs',
    __bps: 'bytesPerSecond',
    __status: 'status',
    __drop: 'dropAfterBytes',
    __dropAt: 'dropAtFraction',
  };
  for (const [param, key] of Object.entries(map)) {
    const value = number(param);
    if (value != null && Number.isFinite(value)) effects[key] = value;
  }
  return effects;
}

/** No shaping: let the stream machinery do it (fast path). */
function plainSend(res, source) {
  return new Promise((resolve) => {
    let bytes = 0;
    source.on('data', (chunk) => (bytes += chunk.length));
    source.on('error', () => res.destroy());
    res.on('close', () => {
      source.destroy?.();
      resolve({ bytes, dropped: false, aborted: !res.writableFinished });
    });
    source.pipe(res);
  });
}

function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes `source` (an async iterable of Buffers) to `res` under the effects:
 * throttled to `bytesPerSecond`, cut after `dropAfterBytes` (or the given
 * fraction of `length`) by destroying the socket. Resolves with
 * {bytes, dropped, aborted}.
 */
export async function shapedSend(res, source, length, effects = {}) {
  const bps = effects.bytesPerSecond > 0 ? effects.bytesPerSecond : null;
  let dropAt = effects.dropAfterBytes ?? null;
  if (dropAt == null && effects.dropAtFraction != null) dropAt = Math.floor(length * effects.dropAtFraction);
  if (!bps && dropAt == null) return plainSend(res, source);
  const started = Date.now();
  let sent = 0;
  const result = (extra) => ({ bytes: sent, dropped: false, aborted: false, ...extra });
  try {
    for await (const chunk of source) {
      let rest = chunk;
      while (rest.length > 0) {
        if (res.destroyed) return result({ aborted: true });
        let n = rest.length;
        if (bps) n = Math.min(n, Math.max(1024, Math.floor(bps / 20)));
        if (dropAt != null) n = Math.min(n, dropAt - sent);
        if (n > 0) {
          const piece = rest.subarray(0, n);
          rest = rest.subarray(n);
          sent += n;
          if (!res.write(piece)) await drained(res);
        }
        if (dropAt != null && sent >= dropAt) {
          // Give the kernel a moment to flush what was written, then cut.
          await sleep(5);
          res.socket?.destroy();
          res.destroy();
          return result({ dropped: true });
        }
        if (bps) {
          const wait = started + (sent / bps) * 1000 - Date.now();
          if (wait > 0) await sleep(wait);
        }
      }
    }
  } finally {
    source.destroy?.();
  }
  if (res.destroyed) return result({ aborted: true });
  res.end();
  return result();
}
