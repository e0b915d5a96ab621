// Progressive files (MP4, MP3) live in the manager's own IndexedDB database
// `offline-player-media`: the file's record and its bytes in chunks, each
// chunk written with the record in one transaction (a crash never leaves a
// chunk the record does not count). Chunks are Blobs, so playing a stored
// file assembles a Blob without reading it into memory.
import { storageError } from '../shaka/shaka-db.js';

const DB_NAME = 'offline-player-media';
const FILES = 'files';
const CHUNKS = 'chunks';

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
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      req.result.createObjectStore(FILES, { keyPath: 'key' });
      req.result.createObjectStore(CHUNKS);
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

async function run<T>(mode: IDBTransactionMode, what: string, body: (files: IDBObjectStore, chunks: IDBObjectStore) => Promise<T> | T): Promise<T> {
  try {
    const db = await open();
    const tx = db.transaction([FILES, CHUNKS], mode);
    const finished = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new DOMException('aborted', 'AbortError'));
      tx.onerror = (e) => e.preventDefault();
    });
    const result = await body(tx.objectStore(FILES), tx.objectStore(CHUNKS));
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

  /** Removes the file and every chunk; resolves with the bytes freed. */
  remove(key: string): Promise<number> {
    return run('readwrite', 'removing a stored file', async (files, chunks) => {
      const file = (await request(files.get(key))) as FileRecord | undefined;
      chunks.delete(range(key));
      files.delete(key);
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
