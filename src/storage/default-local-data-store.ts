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
