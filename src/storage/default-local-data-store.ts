import { openDB } from 'idb';
import localforage from 'localforage';
import { ErrorCode, OfflineError, storageFailure } from '../errors.js';
import type { LocalDataStore } from './local-data-store.js';

export interface DefaultLocalDataStoreOptions {
  /** Database name (localforage `name`). */
  name?: string;
  /** Object store name (localforage `storeName`). */
  storeName?: string;
}

/**
 * The default LocalDataStore: localforage, which uses IndexedDB and falls back
 * to WebSQL or localStorage where IndexedDB is missing.
 */
export class DefaultLocalDataStore implements LocalDataStore {
  readonly name: string;
  readonly storeName: string;
  private readonly db: LocalForage;

  constructor(options: DefaultLocalDataStoreOptions = {}) {
    this.name = options.name ?? 'offline-player';
    this.storeName = options.storeName ?? 'local_data';
    this.db = localforage.createInstance({ name: this.name, storeName: this.storeName });
  }

  async save(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    if (!isBytes(value)) {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalDataStore.save: the value must be a Uint8Array');
    }
    await guard(`saving "${key}"`, () => this.db.setItem(key, value));
  }

  async load(key: string): Promise<Uint8Array | null> {
    checkKey(key);
    const value = await guard(`reading "${key}"`, () => this.db.getItem<Uint8Array | ArrayBuffer>(key));
    if (value == null) return null;
    return isBytes(value) ? value : new Uint8Array(value as ArrayBuffer);
  }

  async remove(key: string): Promise<void> {
    checkKey(key);
    await guard(`removing "${key}"`, () => this.db.removeItem(key));
  }

  /**
   * Every key under `prefix` with its bytes, in one read: where localforage
   * keeps its data in IndexedDB, one getAll over its own object store;
   * elsewhere (WebSQL, localStorage) localforage's own iteration.
   */
  async loadAll(prefix: string): Promise<Map<string, Uint8Array>> {
    if (typeof prefix !== 'string') throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalDataStore.loadAll: the prefix must be a string');
    return guard(`reading every "${prefix}" key`, async () => {
      await this.db.ready();
      const out = new Map<string, Uint8Array>();
      const keep = (key: string, value: unknown) => {
        if (key.startsWith(prefix) && value != null) out.set(key, isBytes(value) ? value : new Uint8Array(value as ArrayBuffer));
      };
      if (this.db.driver() !== localforage.INDEXEDDB) {
        await this.db.iterate((value, key) => void keep(key, value));
        return out;
      }
      const database = await openDB(this.name);
      try {
        const tx = database.transaction(this.storeName, 'readonly');
        const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
        const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range), tx.done]);
        keys.forEach((key, i) => keep(String(key), values[i]));
      } finally {
        database.close();
      }
      return out;
    });
  }

  /** Every key (used by tests and maintenance tools, not by the manager). */
  keys(): Promise<string[]> {
    return this.db.keys();
  }

  /** Removes everything this store holds. */
  clear(): Promise<void> {
    return this.db.clear();
  }
}

/** A Uint8Array from any realm (an iframe's is not `instanceof` this page's). */
const isBytes = (value: unknown): value is Uint8Array => Object.prototype.toString.call(value) === '[object Uint8Array]';

function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalDataStore: the key must be a non-empty string');
  }
}

async function guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (e) {
    throw await storageFailure(`${what} in the LocalDataStore`, e);
  }
}
