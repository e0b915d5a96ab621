// The manager's own IndexedDB database `offline-player-media`:
// - progressive files (MP4, MP3): the file's record and its bytes in chunks,
//   each chunk written with the record in one transaction (a crash never
//   leaves a chunk the record does not count). Chunks are Blobs, so playing a
//   stored file assembles a Blob without reading it into memory;
// - partial segments: the bytes received of DASH/HLS segments that were in
//   flight when a download stopped (pause, closed page), so the next attempt
//   asks only for the rest.
import type { DBSchema } from 'idb';
import { ErrorCode, OfflineError } from '../../errors.js';
import { Database } from './database.js';

export interface FileRecord {
  /** The asset's media key (the store's namespace and the asset id). */
  key: string;
  url: string;
  mimeType: string;
  /** Total size when known (Content-Length / Content-Range). */
  size: number | null;
  storedBytes: number;
  chunks: number;
  complete: boolean;
  /** Validator used with If-Range on resume. */
  validator: string | null;
}

interface MediaSchema extends DBSchema {
  files: { key: string; value: FileRecord };
  /** Blobs (disk-backed where the browser can), or ArrayBuffers where it loses Blobs. */
  chunks: { key: [string, number]; value: Blob | ArrayBuffer };
  /** Blobs, or plain bytes where the browser refuses or loses Blobs (as chunks). */
  partials: { key: string; value: Blob | ArrayBuffer };
}

const db = new Database<MediaSchema>({
  name: 'offline-player-media',
  version: 2,
  owner: 'offline-player',
  upgrade(database) {
    if (!database.objectStoreNames.contains('files')) database.createObjectStore('files', { keyPath: 'key' });
    if (!database.objectStoreNames.contains('chunks')) database.createObjectStore('chunks');
    if (!database.objectStoreNames.contains('partials')) database.createObjectStore('partials');
  },
});

/** Whether this browser keeps Blobs in IndexedDB (null: not known yet). */
let blobsKept: boolean | null = null;

/**
 * Writes bytes as a Blob where the browser keeps Blobs, else as an ArrayBuffer.
 * WebKit refuses them in some sessions ("Error preparing Blob/File data to be
 * stored in object store", an UnknownError): a refused Blob write is retried
 * once with plain bytes, and if that succeeds, plain bytes are written from then
 * on. A quota failure is not a refusal and is passed on as it is.
 */
async function writeBytes(blobs: Blob[], write: (values: Array<Blob | ArrayBuffer>) => Promise<unknown>): Promise<Array<Blob | ArrayBuffer>> {
  // Bytes are read before the transaction: IndexedDB commits one that waits.
  const asBytes = () => Promise.all(blobs.map((blob) => blob.arrayBuffer()));
  if (blobsKept === false) {
    const bytes = await asBytes();
    await write(bytes);
    return bytes;
  }
  try {
    await write(blobs);
    return blobs;
  } catch (e) {
    if (e instanceof OfflineError && e.code === ErrorCode.QUOTA_EXCEEDED) throw e;
    const bytes = await asBytes();
    try {
      await write(bytes);
    } catch {
      throw e; // not a Blob refusal: the first failure is the one to report
    }
    blobsKept = false;
    return bytes;
  }
}

const chunksOf = (key: string) => IDBKeyRange.bound([key, 0], [key, Infinity]);
const partialsOf = (mediaKey: string) => IDBKeyRange.bound(`${mediaKey}|`, `${mediaKey}|\uffff`);

export const ProgressiveStore = {
  async getFile(key: string): Promise<FileRecord | null> {
    return (await db.use('reading a file record', (d) => d.get('files', key))) ?? null;
  },

  async putFile(file: FileRecord): Promise<void> {
    await db.transaction('saving a file record', ['files'], 'readwrite', (tx) => tx.objectStore('files').put(file));
  },

  /** Appends one chunk and saves the record, atomically. */
  async appendChunk(file: FileRecord, chunk: Blob): Promise<void> {
    const next = { ...file, chunks: file.chunks + 1, storedBytes: file.storedBytes + chunk.size };
    const [value] = await writeBytes([chunk], ([v]) =>
      db.transaction('storing downloaded bytes', ['files', 'chunks'], 'readwrite', (tx) =>
        Promise.all([tx.objectStore('chunks').put(v, [file.key, file.chunks]), tx.objectStore('files').put(next)]),
      ),
    );
    if (blobsKept === null && value instanceof Blob) {
      // Some browsers (WebKit in an ephemeral session) accept a Blob and keep nothing of it:
      // check the first one, and store plain bytes from then on if it was lost.
      const stored = await db.use('checking stored bytes', (d) => d.get('chunks', [file.key, file.chunks]));
      blobsKept = stored instanceof Blob ? stored.size === chunk.size : true;
      if (!blobsKept) {
        const bytes = await chunk.arrayBuffer();
        await db.transaction('storing downloaded bytes', ['chunks'], 'readwrite', (tx) => tx.objectStore('chunks').put(bytes, [file.key, file.chunks]));
      }
    }
    Object.assign(file, next);
  },

  /** The stored bytes as one Blob (backed by the database, not memory). */
  async blob(key: string, type: string): Promise<Blob> {
    return new Blob((await db.use('reading a stored file', (d) => d.getAll('chunks', chunksOf(key)))) as BlobPart[], { type });
  },

  /** Removes the file, every chunk and every partial segment of a media key; resolves with the bytes freed. */
  remove(key: string): Promise<number> {
    return db.freeing(
      () =>
        db.transaction('removing a stored file', ['files', 'chunks', 'partials'], 'readwrite', async (tx) => {
          const file = await tx.objectStore('files').get(key);
          await Promise.all([tx.objectStore('chunks').delete(chunksOf(key)), tx.objectStore('files').delete(key), tx.objectStore('partials').delete(partialsOf(key))]);
          return file?.storedBytes ?? 0;
        }),
      // The storage is full: the record first (its chunks are then unowned: the cleanup takes what is left), then one chunk at a time.
      async () => {
        const file = await db.use('reading a stored file', (d) => d.get('files', key));
        const chunks = await db.use('listing the chunks of a stored file', (d) => d.getAllKeys('chunks', chunksOf(key)));
        const partials = await db.use('listing partial segments', (d) => d.getAllKeys('partials', partialsOf(key)));
        await db.deleteEach('removing a stored file', 'files', [key]);
        await db.deleteEach('removing the chunks of a stored file', 'chunks', chunks);
        await db.deleteEach('deleting partial segments', 'partials', partials);
        return file?.storedBytes ?? 0;
      },
    );
  },

  /** Drops stored chunks, keeping nothing (restart from byte 0). */
  async reset(file: FileRecord): Promise<void> {
    const next = { ...file, storedBytes: 0, chunks: 0, complete: false };
    await db.transaction('resetting a stored file', ['files', 'chunks'], 'readwrite', (tx) =>
      Promise.all([tx.objectStore('chunks').delete(chunksOf(file.key)), tx.objectStore('files').put(next)]),
    );
    Object.assign(file, next);
  },

  listFiles(): Promise<FileRecord[]> {
    return db.use('listing stored files', (d) => d.getAll('files'));
  },
};

/** Partial segments: `<media key>|<reference id>` -> the bytes received so far. */
export const PartialStore = {
  async get(key: string): Promise<Uint8Array | null> {
    const value = await db.use('reading a partial segment', (d) => d.get('partials', key));
    if (!value) return null;
    return new Uint8Array(value instanceof Blob ? await value.arrayBuffer() : value);
  },

  /** The keys of the partials of a media key (one read: the transfer looks up partials without a read per segment). */
  async keysOf(mediaKey: string): Promise<Set<string>> {
    return new Set(await db.use('listing partial segments', (d) => d.getAllKeys('partials', partialsOf(mediaKey))));
  },

  /** Saves several partials at once. */
  async putAll(entries: Array<[string, Uint8Array]>): Promise<void> {
    if (entries.length === 0) return;
    await writeBytes(
      entries.map(([, data]) => new Blob([data as BlobPart])),
      (values) => db.transaction('saving partial segments', ['partials'], 'readwrite', (tx) => Promise.all(entries.map(([key], i) => tx.objectStore('partials').put(values[i], key)))),
    );
  },

  async deleteAll(keys: string[]): Promise<void> {
    await db.freeing(
      async () => void (await db.transaction('deleting partial segments', ['partials'], 'readwrite', (tx) => Promise.all(keys.map((key) => tx.objectStore('partials').delete(key))))),
      () => db.deleteEach('deleting partial segments', 'partials', keys),
    );
  },

  /** Deletes every partial of a media key (its download completed). */
  async deletePrefix(mediaKey: string): Promise<void> {
    await db.freeing(
      () => db.transaction('deleting partial segments', ['partials'], 'readwrite', (tx) => tx.objectStore('partials').delete(partialsOf(mediaKey))),
      async () => db.deleteEach('deleting partial segments', 'partials', await db.use('listing partial segments', (d) => d.getAllKeys('partials', partialsOf(mediaKey)))),
    );
  },

  /** Every partial's key (for the cleanup). */
  keys(): Promise<string[]> {
    return db.use('listing partial segments', (d) => d.getAllKeys('partials'));
  },
};
