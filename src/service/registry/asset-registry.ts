// The registrations and licences, kept through the LocalDataStore and cached
// in memory (so listing 1,000 assets costs no I/O):
//   offline-player/assets             JSON array of asset ids (the index)
//   offline-player/asset/<assetId>    AssetRecord JSON
//   offline-player/licence/<assetId>  LicenceRecord JSON
// Writes to one key are applied in order.
import { type LocalDataStore, loadJson, saveJson } from '../../storage/local-data-store.js';
import type { LicenceRecord } from '../drm/licence.js';
import type { AssetRecord } from './asset-record.js';

const PREFIX = 'offline-player/';
const INDEX = `${PREFIX}assets`;
/** Ids of removed assets whose licence release failed (their licence records stay). */
const PENDING = `${PREFIX}pending-releases`;
/** A random id of this store, so media of two stores with the same asset ids never meet. */
const NAMESPACE = `${PREFIX}namespace`;
const assetKey = (id: string) => `${PREFIX}asset/${id}`;
const licenceKey = (id: string) => `${PREFIX}licence/${id}`;

export class AssetRegistry {
  private readonly records = new Map<string, AssetRecord>();
  private readonly licences = new Map<string, LicenceRecord>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly pending = new Set<string>();
  private storeNamespace = '';
  readonly ready: Promise<void>;

  constructor(private readonly store: LocalDataStore) {
    this.ready = this.loadAll();
  }

  private async loadAll(): Promise<void> {
    const [ids, pending, namespace] = await Promise.all([
      loadJson<string[]>(this.store, INDEX),
      loadJson<string[]>(this.store, PENDING),
      loadJson<string>(this.store, NAMESPACE),
    ]);
    this.storeNamespace = namespace ?? (await this.createNamespace());
    for (const id of pending ?? []) this.pending.add(id);
    await Promise.all([...(ids ?? []), ...this.pending].map((id) => this.reload(id)));
  }

  /**
   * Two tabs opening a new store at once must agree on one namespace (it names
   * their shared locks and channel): create it under a lock, re-reading first.
   */
  private async createNamespace(): Promise<string> {
    const create = async () => {
      const existing = await loadJson<string>(this.store, NAMESPACE);
      if (existing) return existing;
      const fresh = crypto.randomUUID();
      await saveJson(this.store, NAMESPACE, fresh);
      return fresh;
    };
    return typeof navigator !== 'undefined' && navigator.locks ? ((await navigator.locks.request('offline-player:namespace', create)) as string) : create();
  }

  /** Re-reads one asset from the store (another tab changed it). */
  async reload(id: string): Promise<AssetRecord | null> {
    const [record, licence] = await Promise.all([
      loadJson<AssetRecord>(this.store, assetKey(id)),
      loadJson<LicenceRecord>(this.store, licenceKey(id)),
    ]);
    if (record) this.records.set(id, record);
    else this.records.delete(id);
    if (licence) this.licences.set(id, licence);
    else this.licences.delete(id);
    return record;
  }

  /** This store's random id (names its media and its cross-tab channel). */
  get namespace(): string {
    return this.storeNamespace;
  }

  /** Drops an asset from memory only (another tab removed it). */
  forget(id: string): void {
    this.records.delete(id);
    this.licences.delete(id);
  }

  /** The media key of an asset of this store. */
  mediaKey(assetId: string): string {
    return `${this.storeNamespace}:${assetId}`;
  }

  get(id: string): AssetRecord | undefined {
    return this.records.get(id);
  }

  all(): AssetRecord[] {
    return [...this.records.values()];
  }

  /**
   * The asset downloaded from the entry at `url`: `assetId`'s when it was,
   * else a completed one, else the newest.
   */
  findByEntryUrl(url: string, assetId?: string | null): AssetRecord | null {
    const matches = this.all().filter((r) => r.entryUrl === url);
    const preferred = assetId ? matches.find((r) => r.assetId === assetId) : undefined;
    if (assetId && !preferred && matches.length > 0) return null;
    const byAge = matches.sort((a, b) => b.createdAt - a.createdAt);
    return preferred ?? byAge.find((r) => r.state === 'completed') ?? byAge[0] ?? null;
  }

  licence(id: string): LicenceRecord | undefined {
    return this.licences.get(id);
  }

  /** Runs writes to one key in order. */
  private queue<T>(key: string, write: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(write);
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    }).catch(() => {});
    return next;
  }

  private saveIndex(): Promise<void> {
    return this.queue(INDEX, () => saveJson(this.store, INDEX, [...this.records.keys()]));
  }

  async put(record: AssetRecord): Promise<void> {
    const isNew = !this.records.has(record.assetId);
    record.updatedAt = Date.now();
    this.records.set(record.assetId, record);
    const snapshot = structuredClone(record);
    try {
      await this.queue(assetKey(record.assetId), () => saveJson(this.store, assetKey(record.assetId), snapshot));
      if (isNew) await this.saveIndex();
    } catch (e) {
      // A registration that could not be written does not exist.
      if (isNew) this.records.delete(record.assetId);
      throw e;
    }
  }

  async putLicence(licence: LicenceRecord): Promise<void> {
    this.licences.set(licence.assetId, licence);
    const snapshot = structuredClone(licence);
    await this.queue(licenceKey(licence.assetId), () => saveJson(this.store, licenceKey(licence.assetId), snapshot));
  }

  async removeLicence(id: string): Promise<void> {
    this.licences.delete(id);
    await this.queue(licenceKey(id), () => this.store.remove(licenceKey(id)));
  }

  /** Removes the registration but keeps the licence record: its release failed and is retried later. */
  async removeAssetOnly(id: string): Promise<void> {
    this.records.delete(id);
    this.pending.add(id);
    await Promise.all([
      this.queue(assetKey(id), () => this.store.remove(assetKey(id))),
      this.saveIndex(),
      this.queue(PENDING, () => saveJson(this.store, PENDING, [...this.pending])),
    ]);
  }

  /** Licences whose release failed, for a retry at start-up. */
  pendingReleases(): LicenceRecord[] {
    return [...this.pending].map((id) => this.licences.get(id)).filter((l): l is LicenceRecord => !!l);
  }

  /** The pending release of `id` succeeded: forget its licence. */
  async releaseDone(id: string): Promise<void> {
    this.pending.delete(id);
    await Promise.all([this.removeLicence(id), this.queue(PENDING, () => saveJson(this.store, PENDING, [...this.pending]))]);
  }

  async remove(id: string): Promise<void> {
    this.records.delete(id);
    await Promise.all([
      this.queue(assetKey(id), () => this.store.remove(assetKey(id))),
      this.removeLicence(id),
      // The index is rewritten (a write) and a full quota may refuse writes
      // even while space is being freed; an index naming a removed asset is
      // harmless (its record is gone) and the next write corrects it.
      this.saveIndex().catch(() => {}),
    ]);
  }
}
