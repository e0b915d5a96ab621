// Direct access to Shaka Player's own offline database (IndexedDB
// `shaka_offline_db`, version 5, stores `manifest-v5` and `segment-v5`, the
// schema of shaka.offline.indexeddb.V5StorageCell). Our downloader writes
// here in Shaka's format, so what it stores is exactly what Shaka itself
// would store: Shaka's `list()`, `remove()` and `offline:` playback work on it.
//
// What we add over Shaka: segments are written in batches, and every batch
// updates the manifest in the same transaction, so a segment is never stored
// without the manifest pointing at it (no orphans, resumable after a reload).
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { ErrorCode, OfflineError } from '../../errors.js';

export type ManifestDB = shaka.extern.ManifestDB;
export type StreamDB = shaka.extern.StreamDB;
export type SegmentDB = shaka.extern.SegmentDB;

const DB_NAME = 'shaka_offline_db';
const DB_VERSION = 5;
const SEGMENTS = 'segment-v5';
const MANIFESTS = 'manifest-v5';
const SESSIONS = 'session-ids';

/** `offline:manifest/idb/v5/<key>`: what Shaka plays. */
export function offlineManifestUri(key: number): string {
  return `offline:manifest/idb/v5/${key}`;
}

export function manifestKeyOf(uri: string): number | null {
  const m = /^offline:manifest\/idb\/v5\/(\d+)$/.exec(uri);
  return m ? Number(m[1]) : null;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
    tx.onerror = (e) => e.preventDefault();
  });
}

/** Turns IndexedDB failures into OfflineErrors (QuotaExceededError -> QUOTA_EXCEEDED). */
export function storageError(what: string, e: unknown): OfflineError {
  if (e instanceof OfflineError) return e;
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    return new OfflineError(ErrorCode.QUOTA_EXCEEDED, `The storage quota ran out while ${what}`, { cause: e });
  }
  return new OfflineError(ErrorCode.STORAGE_ERROR, `IndexedDB failed while ${what}: ${(e as Error)?.message ?? e}`, { cause: e });
}

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      // The same stores Shaka creates (StorageMechanism.createStores_).
      for (const name of [SEGMENTS, MANIFESTS, SESSIONS]) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { autoIncrement: true });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      db.onclose = () => {
        opening = undefined;
      };
      resolve(db);
    };
    req.onerror = () => {
      opening = undefined;
      reject(storageError('opening Shaka’s offline database', req.error));
    };
    req.onblocked = () => {
      // Another connection (an older tab) holds an older version; wait.
    };
  });
  return opening;
}

async function transaction<T>(
  stores: string[],
  mode: IDBTransactionMode,
  what: string,
  body: (tx: IDBTransaction) => Promise<T> | T,
): Promise<T> {
  try {
    const db = await open();
    const tx = db.transaction(stores, mode, { durability: 'relaxed' });
    const finished = done(tx);
    const result = await body(tx);
    await finished;
    return result;
  } catch (e) {
    throw storageError(what, e);
  }
}

export const ShakaDb = {
  async addManifest(manifest: ManifestDB): Promise<number> {
    return transaction([MANIFESTS], 'readwrite', 'saving a manifest', (tx) =>
      request(tx.objectStore(MANIFESTS).add(manifest)).then(Number),
    );
  },

  async getManifest(key: number): Promise<ManifestDB | null> {
    return transaction([MANIFESTS], 'readonly', 'reading a manifest', async (tx) => {
      const value = await request(tx.objectStore(MANIFESTS).get(key));
      return (value as ManifestDB | undefined) ?? null;
    });
  },

  async putManifest(key: number, manifest: ManifestDB): Promise<void> {
    await transaction([MANIFESTS], 'readwrite', 'updating a manifest', (tx) => request(tx.objectStore(MANIFESTS).put(manifest, key)));
  },

  /** Every manifest with its key (used by cleanup and tests). */
  async listManifests(): Promise<Array<{ key: number; manifest: ManifestDB }>> {
    return transaction([MANIFESTS], 'readonly', 'listing manifests', async (tx) => {
      const store = tx.objectStore(MANIFESTS);
      const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
      return keys.map((key, i) => ({ key: Number(key), manifest: values[i] as ManifestDB }));
    });
  },

  /**
   * Stores `segments` and, in the same transaction, the manifest as changed by
   * `assign(keys)` (which receives the new segment keys, in order).
   */
  async commitSegments(
    manifestKey: number,
    segments: ArrayBuffer[],
    assign: (keys: number[]) => ManifestDB,
  ): Promise<number[]> {
    return transaction([SEGMENTS, MANIFESTS], 'readwrite', 'storing segments', async (tx) => {
      const store = tx.objectStore(SEGMENTS);
      const keys = await Promise.all(segments.map((data) => request(store.add({ data })).then(Number)));
      tx.objectStore(MANIFESTS).put(assign(keys), manifestKey);
      return keys;
    });
  },

  /** The newest manifest matching `test` (a reverse cursor: stops at the first hit). */
  async findManifest(test: (manifest: ManifestDB) => boolean): Promise<{ key: number; manifest: ManifestDB } | null> {
    return transaction([MANIFESTS], 'readonly', 'searching manifests', (tx) => {
      return new Promise((resolve, reject) => {
        const cursor = tx.objectStore(MANIFESTS).openCursor(null, 'prev');
        cursor.onerror = () => reject(cursor.error);
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return resolve(null);
          if (test(c.value as ManifestDB)) return resolve({ key: Number(c.key), manifest: c.value as ManifestDB });
          c.continue();
        };
      });
    });
  },

  async getSegment(key: number): Promise<ArrayBuffer | null> {
    return transaction([SEGMENTS], 'readonly', 'reading a segment', async (tx) => {
      const value = (await request(tx.objectStore(SEGMENTS).get(key))) as { data: ArrayBuffer } | undefined;
      return value?.data ?? null;
    });
  },

  async segmentKeys(): Promise<number[]> {
    return transaction([SEGMENTS], 'readonly', 'listing segments', async (tx) =>
      (await request(tx.objectStore(SEGMENTS).getAllKeys())).map(Number),
    );
  },

  /** Deletes a manifest and every segment it points to, in one transaction. */
  async removeManifest(key: number): Promise<{ segments: number; bytes: number }> {
    return transaction([SEGMENTS, MANIFESTS], 'readwrite', 'removing a manifest', async (tx) => {
      const manifests = tx.objectStore(MANIFESTS);
      const manifest = (await request(manifests.get(key))) as ManifestDB | undefined;
      if (!manifest) return { segments: 0, bytes: 0 };
      const keys = segmentKeysOf(manifest);
      const segments = tx.objectStore(SEGMENTS);
      for (const segmentKey of keys) segments.delete(segmentKey);
      manifests.delete(key);
      return { segments: keys.size, bytes: manifest.size };
    });
  },

  /**
   * Deletes every segment no manifest points at, in one transaction over
   * both stores: a consistent snapshot, so a batch a download commits at the
   * same time (segments and manifest together) is never taken for orphans.
   */
  async deleteUnreferencedSegments(): Promise<number> {
    return transaction([SEGMENTS, MANIFESTS], 'readwrite', 'removing unreferenced segments', async (tx) => {
      const [manifests, keys] = await Promise.all([
        request(tx.objectStore(MANIFESTS).getAll()) as Promise<ManifestDB[]>,
        request(tx.objectStore(SEGMENTS).getAllKeys()),
      ]);
      const referenced = new Set<number>();
      for (const manifest of manifests) for (const k of segmentKeysOf(manifest)) referenced.add(k);
      const segments = tx.objectStore(SEGMENTS);
      let removed = 0;
      for (const key of keys) {
        if (referenced.has(Number(key))) continue;
        segments.delete(key);
        removed += 1;
      }
      return removed;
    });
  },

};

/** Keys of the segments a manifest points to (assigned ones only). */
export function segmentKeysOf(manifest: ManifestDB): Set<number> {
  const keys = new Set<number>();
  for (const stream of manifest.streams) {
    for (const segment of stream.segments) {
      if (segment.pendingSegmentRefId === undefined && segment.dataKey != null) keys.add(segment.dataKey);
      if (segment.pendingInitSegmentRefId === undefined && segment.initSegmentKey != null) keys.add(segment.initSegmentKey);
    }
  }
  return keys;
}
