// Shaka Player's own offline database (IndexedDB `shaka_offline_db`, version
// 5: stores `manifest-v5` and `segment-v5`, the schema of
// shaka.offline.indexeddb.V5StorageCell, and `session-ids`). Our downloader
// writes here in Shaka's format, so what it stores is exactly what Shaka
// itself would store: Shaka's `list()`, `remove()` and `offline:` playback
// work on it. shaka-player is pinned to the version whose schema this is, and
// a test checks the schema against Shaka itself (test/service/shaka-contract).
//
// What we add over Shaka: segments are written in batches, and every batch
// updates the manifest in the same transaction, so a segment is never stored
// without the manifest pointing at it (no orphans, resumable after a reload).
import type { DBSchema } from 'idb';
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { Database } from './database.js';

export type ManifestDB = shaka.extern.ManifestDB;
export type StreamDB = shaka.extern.StreamDB;
export type SegmentDB = shaka.extern.SegmentDB;

const MANIFESTS = 'manifest-v5';
const SEGMENTS = 'segment-v5';
const SESSIONS = 'session-ids';

interface ShakaSchema extends DBSchema {
  [MANIFESTS]: { key: number; value: ManifestDB };
  [SEGMENTS]: { key: number; value: { data: ArrayBuffer } };
  [SESSIONS]: { key: number; value: unknown };
}

/** Shaka's database, as Shaka 5.2 lays it out. */
export const SHAKA_DB = { name: 'shaka_offline_db', version: 5, stores: [SEGMENTS, MANIFESTS, SESSIONS] } as const;

const db = new Database<ShakaSchema>({
  name: SHAKA_DB.name,
  version: SHAKA_DB.version,
  owner: 'Shaka Player',
  upgrade(database) {
    // The same stores Shaka creates (StorageMechanism.createStores_).
    for (const name of SHAKA_DB.stores) {
      if (!database.objectStoreNames.contains(name)) database.createObjectStore(name, { autoIncrement: true });
    }
  },
});

/** `offline:manifest/idb/v5/<key>`: what Shaka plays. */
export function offlineManifestUri(key: number): string {
  return `offline:manifest/idb/v${SHAKA_DB.version}/${key}`;
}

export const ShakaDb = {
  /** Opens the database: a version newer than ours is a typed STORAGE_ERROR saying so. */
  async check(): Promise<void> {
    await db.open();
  },

  addManifest(manifest: ManifestDB): Promise<number> {
    return db.transaction('saving a manifest', [MANIFESTS], 'readwrite', (tx) => tx.objectStore(MANIFESTS).add(manifest));
  },

  async getManifest(key: number): Promise<ManifestDB | null> {
    return (await db.use('reading a manifest', (d) => d.get(MANIFESTS, key))) ?? null;
  },

  async putManifest(key: number, manifest: ManifestDB): Promise<void> {
    await db.transaction('updating a manifest', [MANIFESTS], 'readwrite', (tx) => tx.objectStore(MANIFESTS).put(manifest, key));
  },

  /** Every manifest with its key (cleanup and tests). */
  listManifests(): Promise<Array<{ key: number; manifest: ManifestDB }>> {
    return db.transaction('listing manifests', [MANIFESTS], 'readonly', async (tx) => {
      const store = tx.objectStore(MANIFESTS);
      const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
      return keys.map((key, i) => ({ key, manifest: values[i] }));
    });
  },

  /**
   * Stores `segments` and, in the same transaction, the manifest as changed by
   * `assign(keys)` (which receives the new segment keys, in order).
   */
  commitSegments(manifestKey: number, segments: ArrayBuffer[], assign: (keys: number[]) => ManifestDB): Promise<number[]> {
    return db.transaction('storing segments', [SEGMENTS, MANIFESTS], 'readwrite', async (tx) => {
      const store = tx.objectStore(SEGMENTS);
      const keys = await Promise.all(segments.map((data) => store.add({ data })));
      await tx.objectStore(MANIFESTS).put(assign(keys), manifestKey);
      return keys;
    });
  },

  /** The newest manifest matching `test` (a reverse cursor: stops at the first hit). */
  findManifest(test: (manifest: ManifestDB) => boolean): Promise<{ key: number; manifest: ManifestDB } | null> {
    return db.transaction('searching manifests', [MANIFESTS], 'readonly', async (tx) => {
      for (let cursor = await tx.objectStore(MANIFESTS).openCursor(null, 'prev'); cursor; cursor = await cursor.continue()) {
        if (test(cursor.value)) return { key: cursor.key, manifest: cursor.value };
      }
      return null;
    });
  },

  async getSegment(key: number): Promise<ArrayBuffer | null> {
    return (await db.use('reading a segment', (d) => d.get(SEGMENTS, key)))?.data ?? null;
  },

  segmentKeys(): Promise<number[]> {
    return db.use('listing segments', (d) => d.getAllKeys(SEGMENTS));
  },

  /**
   * Deletes a manifest and every segment it points to, in one transaction;
   * when the storage is full, the manifest first and then its segments one
   * at a time (interrupted, they are unreferenced: the cleanup takes them).
   */
  removeManifest(key: number): Promise<{ segments: number; bytes: number }> {
    return db.freeing(
      () =>
        db.transaction('removing a manifest', [SEGMENTS, MANIFESTS], 'readwrite', async (tx) => {
          const manifest = await tx.objectStore(MANIFESTS).get(key);
          if (!manifest) return { segments: 0, bytes: 0 };
          const keys = segmentKeysOf(manifest);
          await Promise.all([...[...keys].map((k) => tx.objectStore(SEGMENTS).delete(k)), tx.objectStore(MANIFESTS).delete(key)]);
          return { segments: keys.size, bytes: manifest.size };
        }),
      async () => {
        const manifest = await db.use('reading a manifest', (d) => d.get(MANIFESTS, key));
        if (!manifest) return { segments: 0, bytes: 0 };
        const keys = segmentKeysOf(manifest);
        await db.deleteEach('removing a manifest', MANIFESTS, [key]);
        await db.deleteEach('removing the segments of a manifest', SEGMENTS, keys);
        return { segments: keys.size, bytes: manifest.size };
      },
    );
  },

  /**
   * Deletes every segment no manifest points at, in one transaction over
   * both stores: a consistent snapshot, so a batch a download commits at the
   * same time (segments and manifest together) is never taken for orphans.
   */
  deleteUnreferencedSegments(): Promise<number> {
    return db.transaction('removing unreferenced segments', [SEGMENTS, MANIFESTS], 'readwrite', async (tx) => {
      const [manifests, keys] = await Promise.all([tx.objectStore(MANIFESTS).getAll(), tx.objectStore(SEGMENTS).getAllKeys()]);
      const referenced = new Set<number>();
      for (const manifest of manifests) for (const k of segmentKeysOf(manifest)) referenced.add(k);
      const orphans = keys.filter((k) => !referenced.has(k));
      await Promise.all(orphans.map((k) => tx.objectStore(SEGMENTS).delete(k)));
      return orphans.length;
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
