// Downloads the pending resources of a planned manifest into Shaka's
// database: several requests in flight, completed segments written in batches
// (one transaction per batch, with the manifest update), back-pressure when
// the database falls behind. Stopping (pause, network loss) keeps every
// completed segment, and the bytes received of the segments in flight are
// saved as partials (also every few seconds, for a page that closes without
// warning): the next attempt asks only for the rest.
//
// A player of the same asset in this page asks it for resources through
// the segment exchange (bytesOf): one stored, waiting or in flight is
// shared, one still queued is fetched at once, ahead of the queue, and then
// stored like the others. Nothing is fetched twice.
import { type ManifestDB, ShakaDb } from '../databases/shaka-db.js';
import { Received, fetchRange } from './fetch-resource.js';
import { type FetchPolicy, TransferStopped } from './retry.js';
import { PartialStore } from '../databases/media-db.js';
import { resourceIdsOf, storedRefs } from './stored-refs.js';
import { type WorkItem, assign, unassign } from './work.js';

/**
 * Every CHECKPOINT_EVERY_MS, the partial of a segment in flight for at least
 * that long is saved if CHECKPOINT_BYTES more arrived: slow segments (where a
 * closed page would waste the most) are kept, fast ones cost no extra write.
 */
const CHECKPOINT_BYTES = 256 * 1024;
const CHECKPOINT_EVERY_MS = 2000;
/**
 * Completed segments are committed in batches: when BATCH_BYTES wait, or the
 * first of them has waited the commit interval, or at the end. Every commit
 * rewrites the manifest (its size grows with the title), so a commit per
 * segment would cost the most on the smallest segments (an audio-only title:
 * 16 KB segments, a manifest of a thousand). What waits stays "in flight": a
 * pause saves it as a partial.
 */
const BATCH_BYTES = 8 * 1024 * 1024;
const COMMIT_INTERVAL_MS = 250;
/** Above this many segments, commits are at most one per LARGE_MANIFEST_INTERVAL_MS. */
const LARGE_MANIFEST_SEGMENTS = 1500;
const LARGE_MANIFEST_INTERVAL_MS = 1000;

export interface TransferProgress {
  /** Bytes stored (committed to the database): never what a failed batch held. */
  bytesDone: number;
  /** Best estimate of the asset's total size. */
  estimatedTotal: number;
}

export interface TransferOptions {
  /** Requests in flight at once. */
  parallel: number;
  /** Pause the workers while this many bytes wait to be written (default 32 MB). */
  maxBufferedBytes: number;
  /** Names the asset's partial segments (`<mediaKey>|<refId>`). */
  mediaKey: string;
  policy: FetchPolicy;
  /**
   * Turns a resource's bytes as served into the bytes to store (HLS AES-128:
   * decrypts). Called once all its bytes are in: partials keep them as served.
   */
  decrypt?: (refId: string, data: Uint8Array, signal: AbortSignal) => Promise<Uint8Array>;
  /**
   * Where a resource's bytes come from (default: the network, starting after
   * a saved partial). The service worker stores a finished background fetch
   * through it, from the fetch's records.
   */
  source?: (item: WorkItem, signal: AbortSignal) => Promise<Uint8Array>;
  onProgress?: (progress: TransferProgress) => void;
}

interface Done {
  item: WorkItem;
  data: Uint8Array;
}

const exactBuffer = (data: Uint8Array): ArrayBuffer =>
  data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);

export class SegmentTransfer {
  private readonly queue: WorkItem[];
  private buffered: Done[] = [];
  private bufferedBytes = 0;
  private flushing: Promise<void> | null = null;
  /** The first reason to stop early (an error, or TransferStopped('network')). */
  private failure: unknown = null;
  /** A write failed (quota, IndexedDB): nothing more can be kept. */
  private storageBroken = false;
  private readonly estimates: number;
  private doneEstimates = 0;
  private doneActual = 0;
  /** Segments in flight (until their batch is stored) and what they received; saved bytes per partial. */
  private readonly inflight = new Map<WorkItem, Received>();
  private readonly started = new Map<WorkItem, number>();
  private readonly saved = new Map<string, number>();
  private readonly segmentCount: number;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the oldest segment waiting to be committed arrived (0: none waits). */
  private waitingSince = 0;
  /** The run's workers are done: what waits is committed now. */
  private draining = false;
  /** Keys of the partials this asset has (read once, so a segment costs no read to look for one). */
  private partials = new Set<string>();
  /** Every planned resource by resourceId (each of its URIs): what a player's request names. */
  private readonly byResource = new Map<string, WorkItem>();
  /** The bytes (as stored) of each resource fetched or being fetched, until its batch is stored. */
  private readonly obtaining = new Map<WorkItem, Promise<Uint8Array>>();
  /** Resources a player asked for, fetched outside the workers. */
  private readonly claimed = new Set<Promise<void>>();
  private signal: AbortSignal | null = null;

  constructor(
    private readonly manifestKey: number,
    private readonly manifest: ManifestDB,
    work: WorkItem[],
    private readonly options: TransferOptions,
  ) {
    this.queue = [...work];
    for (const item of work) for (const id of resourceIdsOf(item.refId)) this.byResource.set(id, item);
    this.segmentCount = manifest.streams.reduce((sum, s) => sum + s.segments.length, 0);
    this.estimates = work.reduce((sum, item) => sum + item.estimate, 0);
  }

  /** Bytes stored so far, and an estimate of the total scaled by what arrived. */
  progress(): TransferProgress {
    const bytesDone = this.manifest.size;
    const ratio = this.doneEstimates > 0 ? Math.min(2, Math.max(0.5, this.doneActual / this.doneEstimates)) : 1;
    const remaining = Math.max(0, this.estimates - this.doneEstimates) * ratio;
    return { bytesDone, estimatedTotal: Math.max(bytesDone, Math.round(bytesDone + this.bufferedBytes + remaining)) };
  }

  /**
   * Resolves when every resource given is stored (the manifest is marked
   * complete when that was all it lacked); rejects with TransferStopped (stopped, data kept) or an
   * OfflineError (failed, data kept).
   */
  async run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    this.partials = await PartialStore.keysOf(this.options.mediaKey).catch(() => new Set<string>());
    const checkpoints = setInterval(() => void this.savePartials(CHECKPOINT_BYTES, Date.now() - CHECKPOINT_EVERY_MS), CHECKPOINT_EVERY_MS);
    const workers = Array.from({ length: Math.max(1, Math.min(this.options.parallel, this.queue.length)) }, () => this.worker(signal));
    try {
      await Promise.all(workers);
      // A player's request may still be fetching (or start while one is).
      while (this.claimed.size > 0) await Promise.all([...this.claimed]);
    } finally {
      clearInterval(checkpoints);
    }
    // Keep what arrived, whatever the reason to stop...
    this.draining = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    while (this.flushing || (this.buffered.length > 0 && !this.storageBroken)) {
      if (!this.flushing) this.scheduleFlush();
      await this.flushing;
    }
    // ...and what the segments still in flight received.
    if (this.inflight.size > 0) await this.savePartials(1, Infinity);
    if (this.failure) throw this.failure;
    if (signal.aborted) throw signal.reason instanceof TransferStopped ? signal.reason : new TransferStopped('user');
    // Complete only when nothing is pending (the worker may store part of what a failed background fetch asked for).
    if (this.manifest.streams.every((s) => s.segments.every((seg) => !seg.pendingSegmentRefId && !seg.pendingInitSegmentRefId))) {
      this.manifest.isIncomplete = false;
      await ShakaDb.putManifest(this.manifestKey, this.manifest);
    }
  }

  private async worker(signal: AbortSignal): Promise<void> {
    while (!this.failure && !signal.aborted) {
      const item = this.queue.shift();
      if (!item) return;
      if (!(await this.transfer(item, signal))) return;
      while (this.bufferedBytes > this.options.maxBufferedBytes && this.flushing) await this.flushing;
    }
  }

  /** Fetches one resource into the batch waiting to be stored; false when it failed (the item is queued again). */
  private async transfer(item: WorkItem, signal: AbortSignal): Promise<boolean> {
    // Inline data is what Shaka's parser already held (and decrypted).
    // The bytes come from the network, or from the given source (a Background Fetch's responses, in the worker).
    const fetch = this.options.source ?? ((i: WorkItem, s: AbortSignal) => this.fetchItem(i, s));
    const obtained = item.request.inline ? Promise.resolve(item.request.inline) : fetch(item, signal).then((data) => this.clear(item, data, signal));
    this.obtaining.set(item, obtained);
    try {
      const data = await obtained;
      if (this.buffered.length === 0) this.waitingSince = Date.now();
      this.buffered.push({ item, data });
      this.bufferedBytes += data.byteLength;
      this.doneEstimates += item.estimate;
      this.doneActual += data.byteLength;
      this.scheduleFlush();
      return true;
    } catch (e) {
      this.obtaining.delete(item);
      this.queue.unshift(item);
      if (!signal.aborted) this.failure ??= e;
      return false;
    }
  }

  /**
   * The bytes (as they are stored) of the planned resource `id` names, for a
   * player of this asset: from storage, from the batch waiting to be stored,
   * from the fetch in flight, or fetched now ahead of the queue (and stored
   * like the rest). Null when the plan has no such resource, or the transfer
   * stopped before it: the player fetches it itself. `signal` stops the
   * waiting only, never the download's fetch.
   */
  async bytesOf(id: string, signal: AbortSignal): Promise<Uint8Array | null> {
    const item = this.byResource.get(id);
    if (!item) return null;
    let obtained = this.obtaining.get(item);
    const target = item.targets[0];
    const pending = target.field === 'dataKey' ? target.segment.pendingSegmentRefId : target.segment.pendingInitSegmentRefId;
    if (!obtained && pending === undefined) {
      const data = await ShakaDb.getSegment(target.segment[target.field] as number);
      return data ? new Uint8Array(data) : null;
    }
    if (!obtained) {
      const index = this.queue.indexOf(item);
      const run = this.signal;
      if (index < 0 || !run || run.aborted || this.failure || this.storageBroken) return null;
      this.queue.splice(index, 1);
      const claim = this.transfer(item, run).then(() => undefined);
      this.claimed.add(claim);
      void claim.finally(() => this.claimed.delete(claim));
      obtained = this.obtaining.get(item)!;
    }
    return abortable(obtained, signal);
  }

  private clear(item: WorkItem, data: Uint8Array, signal: AbortSignal): Promise<Uint8Array> | Uint8Array {
    return this.options.decrypt ? this.options.decrypt(item.refId, data, signal) : data;
  }

  private partialKey(item: WorkItem): string {
    return `${this.options.mediaKey}|${item.refId}`;
  }

  /**
   * Fetches a resource, starting after the bytes a partial kept. The item
   * stays "in flight" until its batch is stored, so a page that closes in
   * between has it saved (checkpoints) and nothing is fetched again.
   */
  private async fetchItem(item: WorkItem, signal: AbortSignal): Promise<Uint8Array> {
    const key = this.partialKey(item);
    const partial = this.partials.has(key) ? await PartialStore.get(key).catch(() => null) : null;
    if (partial) this.saved.set(key, partial.byteLength);
    const received = new Received(partial);
    this.inflight.set(item, received);
    this.started.set(item, Date.now());
    try {
      return await fetchRange(item.request.uris, item.request.start, item.request.end, this.options.policy, signal, received);
    } catch (e) {
      if (received.bytes === 0) this.inflight.delete(item);
      throw e;
    }
  }

  /**
   * Saves the partials of segments in flight since before `startedBefore`
   * that received `minimum` more bytes since their last save.
   */
  private async savePartials(minimum: number, startedBefore: number): Promise<void> {
    const entries: Array<[string, Uint8Array]> = [];
    for (const [item, received] of this.inflight) {
      const key = this.partialKey(item);
      if ((this.started.get(item) ?? 0) > startedBefore) continue;
      // A checkpoint rewrites the whole partial: only when it has at least
      // doubled, so a slow, large segment costs at most twice its size.
      const saved = this.saved.get(key) ?? 0;
      if (received.bytes - saved < Math.max(minimum, minimum > 1 ? saved : 0)) continue;
      entries.push([key, received.data()]);
      this.saved.set(key, received.bytes);
    }
    if (entries.length > 0) await PartialStore.putAll(entries).catch(() => {});
  }

  /** The batch is stored: its items are no longer in flight, their partials go. */
  private async settled(items: WorkItem[]): Promise<void> {
    const keys: string[] = [];
    for (const item of items) {
      this.obtaining.delete(item);
      this.inflight.delete(item);
      this.started.delete(item);
      const key = this.partialKey(item);
      if (this.saved.delete(key)) keys.push(key);
    }
    if (keys.length > 0) await PartialStore.deleteAll(keys).catch(() => {});
  }

  private scheduleFlush(): void {
    if (this.flushing || this.buffered.length === 0 || this.storageBroken) return;
    const interval = this.segmentCount > LARGE_MANIFEST_SEGMENTS ? LARGE_MANIFEST_INTERVAL_MS : COMMIT_INTERVAL_MS;
    const wait = this.draining || this.bufferedBytes >= Math.min(BATCH_BYTES, this.options.maxBufferedBytes / 2) ? 0 : this.waitingSince + interval - Date.now();
    if (wait > 0) {
      this.flushTimer ??= setTimeout(() => {
        this.flushTimer = null;
        this.scheduleFlush();
      }, wait);
      return;
    }
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    this.flushing = this.flush().finally(() => {
      this.flushing = null;
      this.scheduleFlush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.buffered;
    this.buffered = [];
    const bytes = batch.reduce((sum, d) => sum + d.data.byteLength, 0);
    let assigned = false;
    try {
      await ShakaDb.commitSegments(
        this.manifestKey,
        batch.map((d) => exactBuffer(d.data)),
        (keys) => {
          const stored = storedRefs(this.manifest);
          batch.forEach((d, i) => {
            assign(d.item, keys[i]);
            if (stored) stored[d.item.refId] = keys[i];
          });
          // Bytes move from "buffered" to "stored" in one step, so progress
          // never counts them twice.
          this.manifest.size += bytes;
          this.bufferedBytes -= bytes;
          assigned = true;
          return this.manifest;
        },
      );
      this.options.onProgress?.(this.progress());
      await this.settled(batch.map((d) => d.item));
    } catch (e) {
      if (assigned) {
        const stored = storedRefs(this.manifest);
        batch.forEach((d) => {
          unassign(d.item);
          if (stored) delete stored[d.item.refId];
        });
        this.manifest.size -= bytes;
      } else {
        this.bufferedBytes -= bytes;
      }
      this.doneActual -= bytes;
      this.doneEstimates -= batch.reduce((sum, d) => sum + d.item.estimate, 0);
      this.queue.unshift(...batch.map((d) => d.item));
      for (const d of batch) this.obtaining.delete(d.item);
      this.storageBroken = true;
      this.failure = e;
    }
  }
}

/** `promise`, or a rejection as soon as `signal` aborts (the work behind it goes on). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
