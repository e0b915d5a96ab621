// Opening our IndexedDB databases, once per page, with `idb`. A database
// whose version is newer than the one this code knows (another version of
// the library, or of Shaka, upgraded it) is a typed STORAGE_ERROR saying so,
// not a failure further down.
import { type IDBPDatabase, type IDBPTransaction, type OpenDBCallbacks, type StoreKey, type StoreNames, openDB } from 'idb';
import { ErrorCode, OfflineError, storageError, storageFailure } from '../../errors.js';

export interface DatabaseSpec<Schema> {
  name: string;
  version: number;
  /** Who owns the schema (for the error message). */
  owner: string;
  upgrade: OpenDBCallbacks<Schema>['upgrade'];
}

export class Database<Schema = unknown> {
  private opening: Promise<IDBPDatabase<Schema>> | null = null;

  constructor(readonly spec: DatabaseSpec<Schema>) {}

  /** The open connection (opened on first use, again after the browser closed it). */
  open(): Promise<IDBPDatabase<Schema>> {
    this.opening ??= openDB<Schema>(this.spec.name, this.spec.version, {
      upgrade: this.spec.upgrade,
      // Another page (a newer library) wants to upgrade it: let go.
      blocking: () => this.close(),
      terminated: () => (this.opening = null),
    }).catch((e: unknown) => {
      this.opening = null;
      if ((e as { name?: string })?.name === 'VersionError') {
        throw new OfflineError(
          ErrorCode.STORAGE_ERROR,
          `${this.spec.owner}'s database "${this.spec.name}" has a newer version than ${this.spec.version}, the one this version of offline-player knows: it was upgraded by a newer library`,
          { cause: e, details: { database: this.spec.name, knownVersion: this.spec.version } },
        );
      }
      throw storageError(`opening the database "${this.spec.name}"`, e);
    });
    return this.opening;
  }

  close(): void {
    const opening = this.opening;
    this.opening = null;
    void opening?.then((db) => db.close(), () => undefined);
  }

  /** Runs `body` on the open database; any failure is an OfflineError saying what was being done. */
  async use<T>(what: string, body: (db: IDBPDatabase<Schema>) => Promise<T>): Promise<T> {
    try {
      return await body(await this.open());
    } catch (e) {
      throw await storageFailure(what, e);
    }
  }

  /**
   * Runs `body` in one transaction and resolves once it is committed
   * (`relaxed` durability for writes: segments are written a batch at a time,
   * and a batch lost to a power cut is downloaded again).
   */
  async transaction<T, Names extends StoreNames<Schema>[], Mode extends IDBTransactionMode>(
    what: string,
    stores: Names,
    mode: Mode,
    body: (tx: IDBPTransaction<Schema, Names, Mode>) => Promise<T>,
  ): Promise<T> {
    return this.use(what, async (db) => {
      const tx = db.transaction(stores, mode, { durability: 'relaxed' });
      const work = body(tx).catch((e: unknown) => {
        // Nothing of a failed body is committed.
        if (tx.error === null) {
          try {
            tx.abort();
          } catch {
            // already finished
          }
        }
        throw e;
      });
      const [result] = await Promise.all([work, tx.done]);
      return result;
    });
  }

  /**
   * Frees storage: `atOnce` (one transaction), or, when the storage is full,
   * `stepwise`. Firefox refuses even a delete now and then while the origin
   * is at its quota (measured: single-key deletes alternate between
   * QuotaExceededError and success), so a removal, the one thing that makes
   * room, must not fail on it: small steps, each retried, each making room for
   * the next.
   */
  async freeing<T>(atOnce: () => Promise<T>, stepwise: () => Promise<T>): Promise<T> {
    try {
      return await atOnce();
    } catch (e) {
      if (!(e instanceof OfflineError) || e.code !== ErrorCode.QUOTA_EXCEEDED) throw e;
      return stepwise();
    }
  }

  /** Deletes `keys` (keys or ranges) of `store`, one per transaction, each retried while the storage is full. */
  async deleteEach<Name extends StoreNames<Schema>>(what: string, store: Name, keys: Iterable<StoreKey<Schema, Name> | IDBKeyRange>): Promise<void> {
    for (const key of keys) {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.transaction(what, [store], 'readwrite', (tx) => tx.objectStore(store).delete(key));
          break;
        } catch (e) {
          if (!(e instanceof OfflineError) || e.code !== ErrorCode.QUOTA_EXCEEDED || attempt >= FREEING_ATTEMPTS) throw e;
          await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
        }
      }
    }
  }
}

/** Attempts of one delete while the storage is full (Firefox lets about every other one through). */
const FREEING_ATTEMPTS = 8;
