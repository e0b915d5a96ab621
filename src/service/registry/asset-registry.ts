// The registrations and licences, kept through the LocalDataStore, with a
// mirror in memory (listing 1,000 assets costs no I/O). It stores and reads;
// what to write, and when, is decided by the asset lifecycles, under their
// locks (lifecycle/). The keys: store-keys.ts. A record that cannot be read
// is `corrupt`: reported, listed and removable, while every other asset
// keeps working.
import { type LocalDataStore, loadJson, saveJson } from '../../storage/local-data-store.js';
import type { LicenceRecord } from '../drm/licence.js';
import { withLock } from '../util/locks.js';
import type { AssetRecord } from './asset-record.js';
import { stripEntry, stripSource, stripUrl } from '../model/strip-query.js';
import { ASSET, INDEX, LICENCE, NAMESPACE, PREFIX, QUEUE, RELEASES, assetKey, licenceKey, releaseKey } from './store-keys.js';

const decoder = new TextDecoder();

/** A licence to release, under its own id (never the asset's: the asset id may be downloaded again meanwhile). */
export interface PendingRelease {
  id: string;
  licence: LicenceRecord;
}

/** The store's own stable id, when it has one (LocalDataStore.id). */
const storeId = (store: LocalDataStore): string | null => (typeof store.id === 'string' && store.id !== '' ? store.id : null);

/** Why a stored record is unusable. */
class Unreadable extends Error {}

/** A freshly parsed value as an asset record (completed in place: it is nobody else's). */
function checkRecord(id: string, value: unknown): AssetRecord {
  const r = value as Partial<AssetRecord> | null;
  if (!r || typeof r !== 'object' || r.assetId !== id || typeof r.state !== 'string' || !r.entry || !r.source || typeof r.mediaKey !== 'string') {
    throw new Unreadable('the record is not an asset registration');
  }
  r.pending ??= null;
  return r as AssetRecord;
}

/** Bytes of JSON, parsed; bytes that are not JSON are an Unreadable error. */
function parseJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes) return null;
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch (e) {
    throw new Unreadable(`not JSON (${(e as Error).message})`);
  }
}

export class AssetRegistry {
  private readonly records = new Map<string, AssetRecord>();
  private readonly unreadable = new Map<string, string>();
  private readonly licences = new Map<string, LicenceRecord>();
  private storeNamespace = '';
  /** Whether the namespace is in the store (a store with an `id` writes it with its first record). */
  private namespaceKept = false;
  /** What the start-up read found under keys other owners keep (the queue's order, licences to release), taken once. */
  private readonly startupValues = new Map<string, unknown>();
  /** Called when the namespace changes (another library version wrote another one first). */
  onNamespaceChange: ((namespace: string) => void) | null = null;
  readonly ready: Promise<void>;

  /** `strip`: the query parameters removed from every URL stored (the `stripQueryParameters` option). */
  constructor(
    private readonly store: LocalDataStore,
    private readonly strip: readonly string[] = [],
  ) {
    this.ready = this.loadAll();
  }

  /** What is stored of a record: its URLs without the named query parameters. */
  private stripped(record: AssetRecord): AssetRecord {
    if (this.strip.length === 0) return record;
    const source = stripSource(record.source, this.strip);
    // What a run needs again after a reload: the source's own URLs.
    const urlsStripped = record.urlsStripped === true || JSON.stringify(source) !== JSON.stringify(record.source);
    return {
      ...record,
      entry: stripEntry(record.entry, this.strip),
      source,
      entryUrl: record.entryUrl ? stripUrl(record.entryUrl, this.strip) : record.entryUrl,
      ...(urlsStripped ? { urlsStripped } : {}),
    };
  }

  private strippedLicence(licence: LicenceRecord): LicenceRecord {
    return this.strip.length === 0 ? licence : { ...licence, licenseUri: stripUrl(licence.licenseUri, this.strip) };
  }

  /** A URL as it is stored (the named query parameters removed). */
  storedUrl(url: string): string {
    return stripUrl(url, this.strip);
  }

  private async loadAll(): Promise<void> {
    if (this.store.loadAll) return this.loadInOnePass(this.store.loadAll.bind(this.store));
    await this.useNamespace(await this.readJson<string>(NAMESPACE));
    const ids = (await this.readJson<string[]>(INDEX).catch(() => null)) ?? [];
    await Promise.all([...new Set(ids)].map((id) => this.read(id)));
  }

  /**
   * The stored namespace; else the store's own `id` (kept with the first
   * record, so a page view that downloads nothing writes nothing); else a new
   * random one, stored now.
   */
  private async useNamespace(stored: unknown): Promise<void> {
    const id = storeId(this.store);
    if (typeof stored === 'string' && stored !== '') {
      this.storeNamespace = stored;
      this.namespaceKept = true;
    } else if (id) {
      this.storeNamespace = id;
    } else {
      this.storeNamespace = await this.createNamespace();
      this.namespaceKept = true;
    }
  }

  /** A store that lists its keys: every record and licence in one read (10,000 assets: one read, not 20,000). */
  private async loadInOnePass(loadAll: NonNullable<LocalDataStore['loadAll']>): Promise<void> {
    const entries = await loadAll(PREFIX);
    let stored: unknown = null;
    try {
      stored = parseJson(entries.get(NAMESPACE));
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
    }
    await this.useNamespace(stored);
    for (const key of [QUEUE, RELEASES]) {
      try {
        this.startupValues.set(key, parseJson(entries.get(key)));
      } catch (e) {
        if (!(e instanceof Unreadable)) throw e; // unreadable: its owner reads it again
      }
    }
    for (const [key, bytes] of entries) {
      if (key.startsWith(ASSET)) {
        const id = key.slice(ASSET.length);
        try {
          this.records.set(id, checkRecord(id, parseJson(bytes)));
        } catch (e) {
          if (!(e instanceof Unreadable)) throw e;
          this.unreadable.set(id, e.message);
        }
      } else if (key.startsWith(LICENCE)) {
        try {
          const licence = parseJson(bytes) as LicenceRecord | null;
          if (licence) this.licences.set(key.slice(LICENCE.length), licence);
        } catch (e) {
          if (!(e instanceof Unreadable)) throw e; // an unreadable licence is as good as none
        }
      }
    }
  }

  /** JSON under `key`; a value that is not JSON is an Unreadable error. */
  private async readJson<T>(key: string): Promise<T | null> {
    try {
      return await loadJson<T>(this.store, key);
    } catch (e) {
      if (e instanceof SyntaxError) throw new Unreadable(`not JSON (${e.message})`);
      throw e;
    }
  }

  /**
   * Two tabs opening a new store at once must agree on one namespace (it names
   * their shared locks and channel): create it under a lock, re-reading first.
   */
  private createNamespace(): Promise<string> {
    return withLock('offline-player:namespace', async () => {
      const existing = await loadJson<string>(this.store, NAMESPACE);
      if (existing) return existing;
      const fresh = crypto.randomUUID();
      await saveJson(this.store, NAMESPACE, fresh);
      return fresh;
    });
  }

  /**
   * What the start-up read found under `key` (the queue's order, the licences
   * still to release: read with everything else, in the same pass), once;
   * undefined when the store has no one-pass read or it was taken.
   */
  takeStartupValue(key: typeof QUEUE | typeof RELEASES): unknown {
    const value = this.startupValues.get(key);
    this.startupValues.delete(key);
    return value;
  }

  /**
   * Writes the namespace before the first record (a store with an `id`
   * starts without it): called before an asset's first operation takes its
   * locks or names its media, and by every write. Another library version
   * may have written a random one meanwhile: that one is used from then on.
   */
  async keepNamespace(): Promise<void> {
    if (this.namespaceKept) return;
    await withLock('offline-player:namespace', async () => {
      const existing = await loadJson<string>(this.store, NAMESPACE).catch(() => null);
      if (typeof existing === 'string' && existing !== '' && existing !== this.storeNamespace) {
        this.storeNamespace = existing;
        this.onNamespaceChange?.(existing);
      } else if (existing !== this.storeNamespace) {
        await saveJson(this.store, NAMESPACE, this.storeNamespace);
      }
    });
    this.namespaceKept = true;
  }

  /** This store's id (names its media, locks and cross-tab channel). */
  get namespace(): string {
    return this.storeNamespace;
  }

  /** The media key of an asset of this store. */
  mediaKey(assetId: string): string {
    return `${this.storeNamespace}:${assetId}`;
  }

  // --- The mirror (no I/O) -----------------------------------------------------

  get(id: string): AssetRecord | undefined {
    return this.records.get(id);
  }

  all(): AssetRecord[] {
    return [...this.records.values()];
  }

  licence(id: string): LicenceRecord | undefined {
    return this.licences.get(id);
  }

  /**
   * The asset downloaded from the entry at `url`: `assetId`'s (only) when
   * given, else a completed one, else the newest.
   */
  findByEntryUrl(url: string, assetId?: string | null): AssetRecord | null {
    const stored = this.storedUrl(url);
    const matches = this.all().filter((r) => r.entryUrl === stored).sort((a, b) => b.createdAt - a.createdAt);
    if (assetId) return matches.find((r) => r.assetId === assetId) ?? null;
    return matches.find((r) => r.state === 'completed') ?? matches[0] ?? null;
  }

  /** Why the record of `id` cannot be read, or null. */
  corruption(id: string): string | null {
    return this.unreadable.get(id) ?? null;
  }

  corruptIds(): string[] {
    return [...this.unreadable.keys()];
  }

  /** Another tab wrote (or removed) an asset: mirror it without reading the store. */
  mirror(id: string, record: AssetRecord | null, licence: LicenceRecord | null): void {
    this.unreadable.delete(id);
    if (record) this.records.set(id, this.stripped(record));
    else this.records.delete(id);
    if (licence) this.licences.set(id, this.strippedLicence(licence));
    else this.licences.delete(id);
  }

  // --- Reads and writes of the store (by a lifecycle, under its lock) -------------

  /** Reads an asset's record and licence from the store (fresh); null when there is none or it is corrupt. */
  async read(id: string): Promise<AssetRecord | null> {
    let record: AssetRecord | null = null;
    try {
      const value = await this.readJson<unknown>(assetKey(id));
      record = value === null ? null : checkRecord(id, value);
      this.unreadable.delete(id);
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      this.unreadable.set(id, e.message);
    }
    let licence: LicenceRecord | null = null;
    try {
      licence = await this.readJson<LicenceRecord>(licenceKey(id));
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
    }
    if (record) this.records.set(id, record);
    else this.records.delete(id);
    if (licence) this.licences.set(id, licence);
    else this.licences.delete(id);
    return record;
  }

  /** Writes a record (a new one is added to the index first, so a crash never leaves a record no index names). */
  async write(record: AssetRecord): Promise<void> {
    await this.keepNamespace();
    const next = { ...this.stripped(record), updatedAt: Date.now() };
    if (!this.records.has(record.assetId)) await this.updateIndex((ids) => ids.add(record.assetId));
    await saveJson(this.store, assetKey(record.assetId), next);
    this.unreadable.delete(record.assetId);
    this.records.set(record.assetId, next);
  }

  async writeLicence(given: LicenceRecord): Promise<void> {
    await this.keepNamespace();
    const licence = this.strippedLicence(given);
    await saveJson(this.store, licenceKey(licence.assetId), licence);
    this.licences.set(licence.assetId, licence);
  }

  /** Deletes an asset's record and licence, then its index entry. */
  async delete(id: string): Promise<void> {
    await this.store.remove(assetKey(id));
    await this.store.remove(licenceKey(id));
    this.records.delete(id);
    this.licences.delete(id);
    this.unreadable.delete(id);
    // A full quota may refuse the index write even while space is freed: an
    // index naming a removed asset is harmless (its record is gone) and the
    // next write corrects it.
    await this.updateIndex((ids) => ids.delete(id)).catch(() => undefined);
  }

  /** Read-modify-write of the index, under a lock shared by every tab of the store. */
  private updateIndex(change: (ids: Set<string>) => void): Promise<void> {
    return withLock(`offline-player:${this.storeNamespace}:index`, async () => {
      const ids = new Set((await this.readJson<string[]>(INDEX).catch(() => null)) ?? []);
      const before = ids.size;
      change(ids);
      if (ids.size !== before) await saveJson(this.store, INDEX, [...ids]);
    });
  }

  // --- Licences still to release -------------------------------------------------

  /** Keeps a licence whose release failed, to try again later; resolves with its release id. */
  async addRelease(licence: LicenceRecord): Promise<string> {
    await this.keepNamespace();
    const id = crypto.randomUUID();
    await saveJson(this.store, releaseKey(id), this.strippedLicence(licence));
    await withLock(`offline-player:${this.storeNamespace}:releases`, async () => {
      const ids = (await this.readJson<string[]>(RELEASES).catch(() => null)) ?? [];
      await saveJson(this.store, RELEASES, [...ids, id]);
    });
    return id;
  }

  async pendingReleases(): Promise<PendingRelease[]> {
    const atStart = this.takeStartupValue(RELEASES);
    const ids = (atStart !== undefined ? (atStart as string[] | null) : await this.readJson<string[]>(RELEASES).catch(() => null)) ?? [];
    if (!Array.isArray(ids)) return [];
    const out: PendingRelease[] = [];
    for (const id of ids) {
      const licence = await this.readJson<LicenceRecord>(releaseKey(id)).catch(() => null);
      if (licence) out.push({ id, licence });
    }
    return out;
  }

  async releaseDone(id: string): Promise<void> {
    await withLock(`offline-player:${this.storeNamespace}:releases`, async () => {
      const ids = (await this.readJson<string[]>(RELEASES).catch(() => null)) ?? [];
      await saveJson(this.store, RELEASES, ids.filter((x) => x !== id));
    });
    await this.store.remove(releaseKey(id));
  }
}
