// How an asset's lifecycle reads and writes its record: fresh reads, then a
// write and its announcement as one step. Only AssetLifecycle uses it (under
// the asset's lock): it is the one writer of the record.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { LicenceRecord } from '../drm/licence.js';
import type { AssetRecord } from '../registry/asset-record.js';
import type { AssetRegistry } from '../registry/asset-registry.js';
import type { Announcement, StatusHub } from './status-hub.js';

/** The asset is being removed: nothing else may happen to it. */
export const beingRemoved = (assetId: string) =>
  new OfflineError(ErrorCode.ASSET_NOT_FOUND, `"${assetId}" is being removed`, { details: { assetId } });

export class RecordWriter {
  constructor(
    private readonly assetId: string,
    private readonly ctx: { readonly registry: AssetRegistry; readonly hub: StatusHub },
  ) {}

  read(): Promise<AssetRecord | null> {
    return this.ctx.registry.read(this.assetId);
  }

  /** Why the record cannot be read, as an error; null when it can. */
  corrupt(): OfflineError | null {
    const corruption = this.ctx.registry.corruption(this.assetId);
    return corruption
      ? new OfflineError(ErrorCode.STORAGE_ERROR, `The registration of "${this.assetId}" cannot be read (${corruption}): remove it`, { details: { assetId: this.assetId } })
      : null;
  }

  /** The record, or ASSET_NOT_FOUND (also while it is being removed). */
  async readExisting(): Promise<AssetRecord> {
    const record = await this.read();
    if (!record) throw this.corrupt() ?? new OfflineError(ErrorCode.ASSET_NOT_FOUND, `No asset is registered as "${this.assetId}"`, { details: { assetId: this.assetId } });
    if (record.pending === 'remove') throw beingRemoved(this.assetId);
    return record;
  }

  /**
   * Writes the record (and licence, when given), then announces: the one way
   * an asset changes. With `keepUnsaved`, a write the store refuses (a full
   * quota) still holds in memory and is announced: a page must never keep
   * showing "downloading" for a download that stopped; start-up repairs the
   * stored record from what is really stored.
   */
  async commit(next: AssetRecord, announce: Announcement[], licence?: LicenceRecord, keepUnsaved = false): Promise<void> {
    try {
      if (licence) await this.ctx.registry.writeLicence(licence);
      await this.ctx.registry.write(next);
    } catch (e) {
      if (!keepUnsaved) throw e;
      this.ctx.registry.mirror(this.assetId, next, licence ?? this.ctx.registry.licence(this.assetId) ?? null);
    }
    this.ctx.hub.committed(this.assetId, announce);
  }

  /** A state change, written with what else changed, announced as download-state-change. */
  async moveTo(
    record: AssetRecord,
    change: Partial<AssetRecord> & Pick<AssetRecord, 'state'>,
    extra: Announcement[] = [],
    licence?: LicenceRecord,
    keepUnsaved = false,
  ): Promise<AssetRecord> {
    const next: AssetRecord = { ...record, reason: null, error: null, ...change };
    const events: Announcement[] = [];
    if (record.state !== next.state || record.reason !== next.reason) {
      events.push({ type: 'download-state-change', state: next.state, previousState: record.state, reason: next.reason });
    }
    await this.commit(next, [...events, ...extra], licence, keepUnsaved);
    return next;
  }
}
