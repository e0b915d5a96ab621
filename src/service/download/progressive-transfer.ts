// Downloads a progressive file (MP4, MP3) with a streaming fetch into the
// media database, in chunks of a few MB. Resumes with `Range: bytes=N-` (and
// If-Range, so a changed file restarts instead of mixing two versions); on
// stop, the bytes received so far are written before returning. Retries by
// the one policy of retry.ts.
import { type FileRecord, ProgressiveStore } from '../databases/media-db.js';
import { type FetchPolicy, Transient, httpFailure, withRetries } from './retry.js';

export interface ProgressiveOptions {
  /** The URL to fetch (default: the file's own; the stored one may lack signed query parameters). */
  url?: string;
  policy: FetchPolicy;
  /** Bytes per stored chunk (default 4 MB). */
  chunkBytes: number;
  /** Bytes stored so far (only what is written), and the total when known. */
  onProgress?: (bytesStored: number, total: number | null) => void;
}

export async function transferFile(file: FileRecord, options: ProgressiveOptions, signal: AbortSignal): Promise<void> {
  await withRetries(
    options.policy,
    signal,
    { doing: `Downloading ${file.url}`, details: { url: file.url } },
    async () => {
      if (!file.complete) await fetchRest(file, options, signal);
    },
    () => file.storedBytes,
  );
}

/** One request for the rest of the file. */
async function fetchRest(file: FileRecord, options: ProgressiveOptions, signal: AbortSignal): Promise<void> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let stall: ReturnType<typeof setTimeout> | undefined;
  const armStall = () => {
    clearTimeout(stall);
    stall = setTimeout(() => controller.abort(new Transient(`no data for ${options.policy.stallTimeoutMs} ms`)), options.policy.stallTimeoutMs);
  };
  const parts: Uint8Array[] = [];
  let partBytes = 0;
  let lastFlush = Date.now();
  const flush = async () => {
    if (partBytes === 0) return;
    const chunk = new Blob(parts as BlobPart[]);
    parts.length = 0;
    partBytes = 0;
    await ProgressiveStore.appendChunk(file, chunk);
    options.onProgress?.(file.storedBytes, file.size);
  };
  try {
    const url = options.url ?? file.url;
    const extra = options.policy.requestInit?.(url) ?? {};
    const headers = new Headers(extra.headers);
    if (file.storedBytes > 0) {
      headers.set('Range', `bytes=${file.storedBytes}-`);
      if (file.validator) headers.set('If-Range', file.validator);
    }
    armStall();
    let response: Response;
    try {
      response = await fetch(url, { credentials: 'same-origin', ...extra, headers, cache: 'no-store', signal: controller.signal });
    } catch (e) {
      throw signal.aborted ? signal.reason : new Transient(`the connection broke: ${(e as Error)?.message ?? e}`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 416 && file.size !== null && file.storedBytes >= file.size) {
        file.complete = true;
        await ProgressiveStore.putFile(file);
        return;
      }
      throw httpFailure(response, url);
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
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw signal.aborted ? signal.reason : controller.signal.reason instanceof Transient ? controller.signal.reason : new Transient(`the connection broke: ${(e as Error)?.message ?? e}`);
      }
      if (chunk.done) break;
      armStall();
      parts.push(chunk.value);
      partBytes += chunk.value.byteLength;
      // A chunk every few MB, or every two seconds on a slow network, so a
      // page that closes without warning loses little.
      if (partBytes >= options.chunkBytes || Date.now() - lastFlush >= 2000) {
        await flush();
        lastFlush = Date.now();
      }
    }
    await flush();
    if (file.size !== null && file.storedBytes !== file.size) throw new Transient(`short body: ${file.storedBytes} of ${file.size} bytes`);
    file.complete = true;
    if (file.size === null) file.size = file.storedBytes;
    await ProgressiveStore.putFile(file);
  } catch (e) {
    // Keep what arrived (a pause, a cut connection): the next request resumes after it.
    await flush().catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(stall);
    signal.removeEventListener('abort', onAbort);
  }
}
