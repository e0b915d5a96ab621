import { openDB } from 'idb';
import { ErrorCode, OfflineError, storageFailure } from '../errors.js';
import type { LocalDataStore } from './local-data-store.js';

export interface DefaultLocalDataStoreOptions {
  /** Database name (localforage `name`). */
  name?: string;
  /** Object store name (localforage `storeName`). */
  storeName?: string;
}

/** The database does not exist yet: nothing is stored (and reading must not create it). */
class NoDatabase extends Error {}

/**
 * The default LocalDataStore: localforage, which uses IndexedDB and falls back
 * to WebSQL or localStorage where IndexedDB is missing.
 *
 * localforage is loaded on first use, and reading everything at start-up
 * (`loadAll`) reads localforage's own IndexedDB object store with one getAll
 * (`idb`), without localforage: a page that only shows what is stored (or
 * nothing, on a first visit: no database is created by reading) does not load
 * localforage at all. Every write goes through localforage.
 */
export class DefaultLocalDataStore implements LocalDataStore {
  readonly name: string;
  readonly storeName: string;
  /** This store's stable name in the origin (LocalDataStore.id): its database and object store. */
  readonly id: string;
  private instance: Promise<LocalForage> | null = null;

  constructor(options: DefaultLocalDataStoreOptions = {}) {
    this.name = options.name ?? 'offline-player';
    this.storeName = options.storeName ?? 'local_data';
    this.id = `localforage/${encodeURIComponent(this.name)}/${encodeURIComponent(this.storeName)}`;
  }

  /** The localforage instance of this store (its module loaded on first use; a failed load is tried again next time). */
  private db(): Promise<LocalForage> {
    this.instance ??= import('localforage').then(
      ({ default: localforage }) => localforage.createInstance({ name: this.name, storeName: this.storeName }),
      (e: unknown) => {
        this.instance = null;
        throw e;
      },
    );
    return this.instance;
  }

  async save(key: string, value: Uint8Array): Promise<void> {
    checkKey(key);
    if (!isBytes(value)) {
      throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalDataStore.save: the value must be a Uint8Array');
    }
    await guard(`saving "${key}"`, async () => (await this.db()).setItem(key, value));
  }

  async load(key: string): Promise<Uint8Array | null> {
    checkKey(key);
    const value = await guard(`reading "${key}"`, async () => (await this.db()).getItem<Uint8Array | ArrayBuffer>(key));
    if (value == null) return null;
    return isBytes(value) ? value : new Uint8Array(value as ArrayBuffer);
  }

  async remove(key: string): Promise<void> {
    checkKey(key);
    await guard(`removing "${key}"`, async () => (await this.db()).removeItem(key));
  }

  /**
   * Every key under `prefix` with its bytes, in one read: where IndexedDB
   * works (where localforage keeps its data), one getAll over localforage's
   * object store; elsewhere (WebSQL, localStorage) localforage's own iteration.
   */
  async loadAll(prefix: string): Promise<Map<string, Uint8Array>> {
    if (typeof prefix !== 'string') throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'LocalDataStore.loadAll: the prefix must be a string');
    return guard(`reading every "${prefix}" key`, async () => {
      const out = new Map<string, Uint8Array>();
      const keep = (key: string, value: unknown) => {
        if (key.startsWith(prefix) && value != null) out.set(key, isBytes(value) ? value : new Uint8Array(value as ArrayBuffer));
      };
      const read = await this.readIndexedDb(prefix).catch((e: unknown) => (e instanceof NoDatabase ? [] : null));
      if (read) {
        for (const [key, value] of read) keep(key, value);
        return out;
      }
      const db = await this.db();
      await db.iterate((value, key) => void keep(key, value));
      return out;
    });
  }

  /**
   * localforage's object store read with idb: its keys and values under
   * `prefix`; [] when the store is not there yet; null when IndexedDB cannot
   * be used here (localforage then uses another driver). A database that does
   * not exist is not created: its creation is aborted (NoDatabase).
   */
  private async readIndexedDb(prefix: string): Promise<Array<[string, unknown]> | null> {
    if (typeof indexedDB === 'undefined') return null;
    let creating = false;
    const database = await openDB(this.name, undefined, {
      upgrade(_db, oldVersion, _newVersion, transaction) {
        creating = oldVersion === 0;
        if (!creating) return;
        transaction.done.catch(() => undefined); // its abort is what is wanted
        transaction.abort(); // the open then rejects (AbortError)
      },
    }).catch((e: unknown) => {
      throw creating ? new NoDatabase() : e;
    });
    try {
      if (!database.objectStoreNames.contains(this.storeName)) return [];
      const tx = database.transaction(this.storeName, 'readonly');
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
      // Keys and values in one request where the browser has it (Chromium 141+): a second request for the keys costs 20 to 50 ms with 10,000 assets.
      const store = tx.store as unknown as { getAllRecords?: (options: { query: IDBKeyRange }) => Promise<Array<{ key: IDBValidKey; value: unknown }>> };
      if (typeof store.getAllRecords === 'function') {
        const [records] = await Promise.all([store.getAllRecords({ query: range }), tx.done]);
        return records.map((record) => [String(record.key), record.value]);
      }
      const [keys, values] = await Promise.all([tx.store.getAllKeys(range), tx.store.getAll(range), tx.done]);
      return keys.map((key, i) => [String(key), values[i]]);
    } finally {
      database.close();
    }
  }

  /** Every key (used by tests and maintenance tools, not by the manager). */
  async keys(): Promise<string[]> {
    return (await this.db()).keys();
  }

  /** Removes everything this store holds. */
  async clear(): Promise<void> {
    await (await this.db()).clear();
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
