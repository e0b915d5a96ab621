// The manager's own IndexedDB database `offline-player-media`:
// - progressive files (MP4, MP3): the file's record and its bytes in chunks,
//   each chunk written with the record in one transaction (a crash never
//   leaves a chunk the record does not count). Chunks are Blobs, so playing a
//   stored file assembles a Blob without reading it into memory;
// - partial segments: the bytes received of DASH/HLS segments that were in
//   flight when a download stopped (pause, closed page), so the next attempt
//   asks only for the rest.
import { storageError } from '../shaka/shaka-db.js';

const DB_NAME = 'offline-player-media';
const FILES = 'files';
const CHUNKS = 'chunks';
const PARTIALS = 'partials';

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

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 2);
    req.onupgradeneeded = () => {
      for (const [name, options] of [[FILES, { keyPath: 'key' }], [CHUNKS, {}], [PARTIALS, {}]] as const) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, options);
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    req.onerror = () => {
      opening = undefined;
      reject(storageError('opening the media database', req.error));
    };
  });
  return opening;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  what: string,
  body: (files: IDBObjectStore, chunks: IDBObjectStore, partials: IDBObjectStore) => Promise<T> | T,
): Promise<T> {
  try {
    const db = await open();
    const tx = db.transaction([FILES, CHUNKS, PARTIALS], mode);
    const finished = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('aborted', 'AbortError'));
      tx.onerror = (e) => e.preventDefault();
    });
    const result = await body(tx.objectStore(FILES), tx.objectStore(CHUNKS), tx.objectStore(PARTIALS));
    await finished;
    return result;
  } catch (e) {
    throw storageError(what, e);
  }
}

const range = (key: string) => IDBKeyRange.bound([key, 0], [key, Infinity]);

export const ProgressiveStore = {
  getFile(key: string): Promise<FileRecord | null> {
    return run('readonly', 'reading a file record', async (files) => ((await request(files.get(key))) as FileRecord | undefined) ?? null);
  },

  putFile(file: FileRecord): Promise<void> {
    return run('readwrite', 'saving a file record', async (files) => {
      await request(files.put(file));
    });
  },

  /** Appends one chunk and saves the record, atomically. */
  appendChunk(file: FileRecord, chunk: Blob): Promise<void> {
    return run('readwrite', 'storing downloaded bytes', async (files, chunks) => {
      chunks.put(chunk, [file.key, file.chunks]);
      const next = { ...file, chunks: file.chunks + 1, storedBytes: file.storedBytes + chunk.size };
      await request(files.put(next));
      Object.assign(file, next);
    });
  },

  /** The stored bytes as one Blob (backed by the database, not memory). */
  blob(key: string, type: string): Promise<Blob> {
    return run('readonly', 'reading a stored file', async (_files, chunks) => new Blob((await request(chunks.getAll(range(key)))) as Blob[], { type }));
  },

  /** Removes the file, every chunk and every partial segment of a media key; resolves with the bytes freed. */
  remove(key: string): Promise<number> {
    return run('readwrite', 'removing a stored file', async (files, chunks, partials) => {
      const file = (await request(files.get(key))) as FileRecord | undefined;
      chunks.delete(range(key));
      files.delete(key);
      partials.delete(IDBKeyRange.bound(`${key}|`, `${key}|\uffff`));
      return file?.storedBytes ?? 0;
    });
  },

  /** Drops stored chunks, keeping nothing (restart from byte 0). */
  reset(file: FileRecord): Promise<void> {
    return run('readwrite', 'resetting a stored file', async (files, chunks) => {
      chunks.delete(range(file.key));
      Object.assign(file, { storedBytes: 0, chunks: 0, complete: false });
      await request(files.put(file));
    });
  },

  listFiles(): Promise<FileRecord[]> {
    return run('readonly', 'listing stored files', async (files) => (await request(files.getAll())) as FileRecord[]);
  },
};

/** Partial segments: `<media key>|<reference id>` -> the bytes received so far. */
export const PartialStore = {
  get(key: string): Promise<Uint8Array | null> {
    return run('readonly', 'reading a partial segment', async (_f, _c, partials) => {
      const blob = (await request(partials.get(key))) as Blob | undefined;
      return blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    });
  },

  /** Saves several partials at once. */
  putAll(entries: Array<[string, Uint8Array]>): Promise<void> {
    return run('readwrite', 'saving partial segments', (_f, _c, partials) => {
      for (const [key, data] of entries) partials.put(new Blob([data as BlobPart]), key);
    });
  },

  deleteAll(keys: string[]): Promise<void> {
    return run('readwrite', 'deleting partial segments', (_f, _c, partials) => {
      for (const key of keys) partials.delete(key);
    });
  },

  /** Deletes every partial of a media key (its download completed). */
  deletePrefix(mediaKey: string): Promise<void> {
    return run('readwrite', 'deleting partial segments', (_f, _c, partials) => {
      partials.delete(IDBKeyRange.bound(`${mediaKey}|`, `${mediaKey}|\uffff`));
    });
  },

  /** Every partial's key (for the cleanup). */
  keys(): Promise<string[]> {
    return run('readonly', 'listing partial segments', async (_f, _c, partials) => (await request(partials.getAllKeys())).map(String));
  },
};
