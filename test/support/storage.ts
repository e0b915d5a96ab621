// What is really stored, read straight from the databases, and a real
// LocalDataStore made slow (to widen the windows in which operations race).
import { DefaultLocalDataStore, type LocalDataStore } from '../../src/index.js';
import { ProgressiveStore, PartialStore } from '../../src/service/databases/media-db.js';
import { ShakaDb, segmentKeysOf } from '../../src/service/databases/shaka-db.js';

/** The default store, with every `load` (or every call) delayed by `ms`. */
export class SlowStore implements LocalDataStore {
  readonly inner: DefaultLocalDataStore;
  constructor(
    name: string,
    private readonly ms: number,
    private readonly slowSaves = false,
  ) {
    this.inner = new DefaultLocalDataStore({ name });
  }
  private wait = () => new Promise((r) => setTimeout(r, this.ms));
  async load(key: string) {
    await this.wait();
    return this.inner.load(key);
  }
  async save(key: string, value: Uint8Array) {
    if (this.slowSaves) await this.wait();
    return this.inner.save(key, value);
  }
  remove(key: string) {
    return this.inner.remove(key);
  }
}

const metaOf = (m: { appMetadata: unknown }) => (m.appMetadata as { offlinePlayer?: { assetId: string; mediaKey: string } } | null)?.offlinePlayer ?? null;

/** Everything the databases hold of an asset (by its media key). */
export async function storedOf(mediaKey: string): Promise<{ manifests: number; bytes: number; file: number | null; partials: number }> {
  const manifests = (await ShakaDb.listManifests()).filter(({ manifest }) => metaOf(manifest)?.mediaKey === mediaKey);
  const file = await ProgressiveStore.getFile(mediaKey);
  const partials = (await PartialStore.keys()).filter((k) => k.startsWith(`${mediaKey}|`)).length;
  return { manifests: manifests.length, bytes: manifests.reduce((sum, m) => sum + m.manifest.size, 0) + (file?.storedBytes ?? 0), file: file?.storedBytes ?? null, partials };
}

/** Segments in Shaka's database that no manifest points at. */
export async function unreferencedSegments(): Promise<number> {
  const referenced = new Set<number>();
  for (const { manifest } of await ShakaDb.listManifests()) for (const k of segmentKeysOf(manifest)) referenced.add(k);
  return (await ShakaDb.segmentKeys()).filter((k) => !referenced.has(k)).length;
}

/** Resolves once no operation and no download of any asset runs in any tab. */
export async function quiet(timeoutMs = 30000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { held = [], pending = [] } = await navigator.locks.query();
    const busy = [...held, ...pending].filter((l) => /:(asset|run):/.test(l.name ?? ''));
    if (busy.length === 0) return;
    if (Date.now() > until) throw new Error(`still busy: ${busy.map((l) => l.name).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
