/**
 * Where the LocalAssetsManager keeps everything it persists (registrations,
 * licences, download state), as in Kaltura PlayKit's `LocalDataStore`: keys
 * to bytes. Apps with their own persistence pass their own implementation;
 * `DefaultLocalDataStore` keeps it in IndexedDB through localforage.
 *
 * Media bytes are not stored here: DASH/HLS segments live in Shaka Player's
 * offline database and progressive files in the manager's media database.
 */
export interface LocalDataStore {
  /** Stores `value` under `key`, replacing what was there. */
  save(key: string, value: Uint8Array): Promise<void>;
  /** The bytes stored under `key`, or null when there are none. */
  load(key: string): Promise<Uint8Array | null>;
  /** Removes `key` (no error when it is not there). */
  remove(key: string): Promise<void>;
  /**
   * Optional: every key starting with `prefix` and its bytes, in one pass. A
   * store that has it starts a manager with 10,000 assets in one read instead
   * of 20,000; without it the manager reads key by key.
   */
  loadAll?(prefix: string): Promise<Map<string, Uint8Array>>;
  /**
   * Optional: a stable name of this store, different from every other
   * store's in the origin. With it, the manager names its locks, cross-tab
   * channel and media after it and writes nothing until something is
   * downloaded; without it, the manager keeps a random id in the store at its
   * first start.
   */
  readonly id?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON helpers over a byte store. */
export async function saveJson(store: LocalDataStore, key: string, value: unknown): Promise<void> {
  await store.save(key, encoder.encode(JSON.stringify(value)));
}

export async function loadJson<T>(store: LocalDataStore, key: string): Promise<T | null> {
  const bytes = await store.load(key);
  return bytes ? (JSON.parse(decoder.decode(bytes)) as T) : null;
}
