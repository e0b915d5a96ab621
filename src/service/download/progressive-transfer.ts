// Downloads a progressive file (MP4, MP3) with a streaming fetch into the
// media database, in chunks of a few MB. Resumes with `Range: bytes=N-` (and
// If-Range, so a changed file restarts instead of mixing two versions); on
// stop, the bytes received so far are written before returning.
import { ErrorCode, OfflineError } from '../../errors.js';
import { isOnline } from '../util/online.js';
import { type FetchPolicy, TransferStopped, sleep } from './fetch-resource.js';
import { type FileRecord, ProgressiveStore } from './progressive-store.js';

export interface ProgressiveOptions {
  policy: FetchPolicy;
  /** Bytes per stored chunk (default 4 MB). */
  chunkBytes: number;
  onProgress?: (bytesDone: number, total: number | null) => void;
}

export async function transferFile(file: FileRecord, options: ProgressiveOptions, signal: AbortSignal): Promise<void> {
  let failures = 0;
  while (!file.complete) {
    if (signal.aborted) throw signal.reason;
    const before = file.storedBytes;
    try {
      await fetchRest(file, options, signal);
    } catch (e) {
      // A connection that broke after delivering bytes made progress: count
      // only failures in a row.
      if (file.storedBytes > before) failures = 0;
      if (signal.aborted) throw signal.reason instanceof TransferStopped ? signal.reason : new TransferStopped('user');
      if (!isOnline()) throw new TransferStopped('network');
      if (e instanceof OfflineError) throw e;
      failures += 1;
      if (failures >= options.policy.maxAttempts) {
        throw new OfflineError(ErrorCode.NETWORK_ERROR, `Downloading ${file.url} failed after ${failures} attempts: ${(e as Error)?.message ?? e}`, {
          details: { url: file.url, attempts: failures },
          cause: e,
        });
      }
      await sleep(Math.min(options.policy.maxDelayMs, options.policy.baseDelayMs * 2 ** (failures - 1)), signal);
    }
  }
}

/** One request for the rest of the file. */
async function fetchRest(file: FileRecord, options: ProgressiveOptions, signal: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let stall: ReturnType<typeof setTimeout> | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => controller.abort(new Error('stalled')), options.policy.stallTimeoutMs);
  };
  const parts: Uint8Array[] = [];
  let partBytes = 0;
  let lastFlush = Date.now();
  const startBytes = file.storedBytes;
  const flush = async () => {
    if (partBytes === 0) return;
    const chunk = new Blob(parts as BlobPart[]);
    parts.length = 0;
    partBytes = 0;
    await ProgressiveStore.appendChunk(file, chunk);
  };
  try {
    const extra = options.policy.requestInit?.(file.url) ?? {};
    const headers = new Headers(extra.headers);
    if (file.storedBytes > 0) {
      headers.set('Range', `bytes=${file.storedBytes}-`);
      if (file.validator) headers.set('If-Range', file.validator);
    }
    armStall();
    const response = await fetch(file.url, { credentials: 'same-origin', ...extra, headers, cache: 'no-store', signal: controller.signal });
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const transient = response.status >= 500 || response.status === 408 || response.status === 429;
      if (response.status === 416 && file.size !== null && file.storedBytes >= file.size) {
        file.complete = true;
        await ProgressiveStore.putFile(file);
        return;
      }
      if (transient) throw new Error(`HTTP ${response.status}`);
      throw new OfflineError(ErrorCode.NETWORK_ERROR, `Downloading ${file.url} failed: HTTP ${response.status}`, {
        details: { url: file.url, status: response.status },
      });
    }
    if (file.storedBytes > 0 && response.status !== 206) {
      // The server sent the whole file (no range support, or it changed).
      await ProgressiveStore.reset(file);
    }
    const total = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
    const length = response.headers.get('content-length');
    file.size = total ? Number(total) : response.status === 200 && length ? Number(length) : file.size;
    file.validator = response.headers.get('etag') ?? response.headers.get('last-modified') ?? file.validator;
    if (file.storedBytes === 0) await ProgressiveStore.putFile(file);
    const reader = response.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      armStall();
      parts.push(value);
      partBytes += value.byteLength;
      options.onProgress?.(file.storedBytes + partBytes, file.size);
      // A chunk every few MB, or every two seconds on a slow network, so a
      // page that closes without warning loses little.
      if (partBytes >= options.chunkBytes || Date.now() - lastFlush >= 2000) {
        await flush();
        lastFlush = Date.now();
      }
    }
    await flush();
    if (file.size !== null && file.storedBytes !== file.size) throw new Error(`short body: ${file.storedBytes} of ${file.size} bytes`);
    file.complete = true;
    if (file.size === null) file.size = file.storedBytes;
    await ProgressiveStore.putFile(file);
  } catch (e) {
    // Keep what arrived (a pause, a cut connection): the next request resumes after it.
    await flush().catch(() => {});
    throw e;
  } finally {
    clearTimeout(stall);
    signal.removeEventListener('abort', onAbort);
    if (file.storedBytes > startBytes) options.onProgress?.(file.storedBytes, file.size);
  }
}
