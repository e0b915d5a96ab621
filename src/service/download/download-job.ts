// One asset's download, from the licence to the last byte, in this page.
// It can be stopped (pause, network loss, cancel) at any point and started
// again later from what is stored: the asset's record and Shaka's manifest
// say what remains.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { LicenceRecord } from '../drm/licence.js';
import { initSegmentKeyIds, manifestKeyIds, requestClearKeys } from '../drm/clearkey.js';
import { acquirePersistentLicence } from '../drm/persistent.js';
import { KEY_SYSTEMS } from '../model/media-entry.js';
import type { PreparedDownload } from '../prepared-download.js';
import type { AssetRecord, AssetState, StateReason } from '../registry/asset-record.js';
import { type ManifestDB, ShakaDb } from '../shaka/shaka-db.js';
import { TransferStopped } from './fetch-resource.js';
import type { DownloadPlan } from './planner.js';
import { PartialStore, ProgressiveStore } from './progressive-store.js';
import { transferFile } from './progressive-transfer.js';
import { SegmentTransfer } from './segment-transfer.js';
import { pendingWork } from './work.js';
import type { JobHost } from './job-host.js';

/** What we keep in the manifest's appMetadata (Shaka shows it in `list()`). */
export interface StoredAppMetadata {
  offlinePlayer: { assetId: string; mediaKey: string; bandwidth: Record<number, number>; sizes: Record<string, number> };
}

export class DownloadJob {
  private readonly controller = new AbortController();
  /** Settles when the job stops, whatever the outcome (never rejects). */
  readonly done: Promise<void>;
  /** Resolves once bytes are moving (or the job ended before that). */
  readonly started: Promise<void>;
  private markStarted!: () => void;

  constructor(
    private readonly host: JobHost,
    readonly assetId: string,
    private readonly prepared: PreparedDownload | null,
  ) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.done = this.run().finally(() => this.markStarted());
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the transfer, keeping what is stored; resolves when it has stopped. */
  stop(reason: TransferStopped['reason']): Promise<void> {
    if (!this.controller.signal.aborted) this.controller.abort(new TransferStopped(reason));
    return this.done;
  }

  private record(): AssetRecord {
    const record = this.host.registry.get(this.assetId);
    if (!record) throw new TransferStopped('cancelled');
    return record;
  }

  private async run(): Promise<void> {
    try {
      const record = this.record();
      const size = record.storage === 'shaka' ? await this.runShaka(record) : await this.runProgressive(record);
      if (this.signal.aborted) throw this.signal.reason;
      await this.host.complete(this.record(), size);
    } catch (e) {
      await this.settle(e);
    }
  }

  private async settle(e: unknown): Promise<void> {
    const record = this.host.registry.get(this.assetId);
    if (!record) return; // removed meanwhile
    if (e instanceof TransferStopped) {
      if (e.reason === 'cancelled') return;
      await this.host.setState(record, 'paused', e.reason);
      return;
    }
    const error =
      e instanceof OfflineError
        ? e
        : new OfflineError(ErrorCode.STORAGE_ERROR, `The download failed: ${(e as Error)?.message ?? e}`, { cause: e });
    const reason: StateReason = error.code === ErrorCode.QUOTA_EXCEEDED ? 'quota' : 'error';
    await this.host.fail(record, error, reason);
  }

  private async enter(state: AssetState): Promise<void> {
    if (this.signal.aborted) throw this.signal.reason;
    const record = this.record();
    if (record.state !== state) await this.host.setState(record, state, null);
  }

  // --- DASH / HLS -----------------------------------------------------------

  /** Resolves with the bytes stored. */
  private async runShaka(record: AssetRecord): Promise<number> {
    let manifest: ManifestDB;
    if (record.manifestKey === null) {
      await this.enter('preparing');
      const prepared = this.prepared ?? (await this.host.prepareAgain(record));
      manifest = prepared.manifest();
      const plan = prepared.parts.plan!;
      const licence = await this.acquireLicence(record, manifest, plan);
      if (this.signal.aborted) throw this.signal.reason;
      if (licence) await this.host.registry.putLicence(licence);
      manifest.appMetadata = metadata(record, plan, prepared.parts.knownSizes);
      record.manifestKey = await ShakaDb.addManifest(manifest);
      record.estimatedTotalBytes = prepared.estimatedSize;
      await this.host.registry.put(record);
    } else {
      const stored = await ShakaDb.getManifest(record.manifestKey);
      if (!stored) {
        throw new OfflineError(ErrorCode.STORAGE_ERROR, `The stored manifest of "${record.assetId}" is gone (storage was cleared?)`);
      }
      manifest = stored;
    }
    const meta = (manifest.appMetadata as StoredAppMetadata | null)?.offlinePlayer;
    const bandwidth = new Map(Object.entries(meta?.bandwidth ?? {}).map(([k, v]) => [Number(k), v]));
    const sizes = new Map(Object.entries(meta?.sizes ?? {}));
    const work = pendingWork(manifest, bandwidth, sizes);
    const transfer = new SegmentTransfer(record.manifestKey!, manifest, work, {
      parallel: this.host.options.parallelDownloads,
      maxBufferedBytes: this.host.options.maxBufferedBytes,
      mediaKey: record.mediaKey,
      policy: this.host.options.fetchPolicy,
      onProgress: (p) => this.host.progress(this.assetId, p.bytesDone, p.estimatedTotal),
    });
    const first = transfer.progress();
    this.host.progress(this.assetId, first.bytesDone, first.estimatedTotal);
    await this.enter('downloading');
    this.markStarted();
    await transfer.run(this.signal);
    await PartialStore.deletePrefix(record.mediaKey).catch(() => {});
    // ClearKey content whose manifest names no key ids: read them from the
    // stored init segments, then fetch the licence (still online).
    if (record.source.drmData.length > 0 && !this.host.registry.licence(record.assetId)) {
      const licence = await this.acquireLicence(this.record(), manifest, null);
      if (licence) await this.host.registry.putLicence(licence);
    }
    return manifest.size;
  }

  private async acquireLicence(record: AssetRecord, manifest: ManifestDB, plan: DownloadPlan | null): Promise<LicenceRecord | null> {
    const drm = record.source.drmData.find((d) => d.scheme === record.drmScheme) ?? null;
    if (!drm || !record.drmScheme) return null;
    const keySystem = KEY_SYSTEMS[drm.scheme];
    const base = { assetId: record.assetId, scheme: drm.scheme, keySystem, licenseUri: drm.licenseUri, acquiredAt: Date.now() };
    const adapter = this.host.options.licenceRequestAdapter;
    if (drm.scheme === 'clearkey') {
      const inline = plan?.inlineKeys ?? {};
      let keyIds = manifestKeyIds(manifest).filter((kid) => !inline[kid]);
      if (keyIds.length === 0 && Object.keys(inline).length === 0) keyIds = await storedInitKeyIds(manifest);
      if (keyIds.length === 0 && Object.keys(inline).length === 0) {
        if (plan) return null; // try again once init segments are stored
        throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, 'No ClearKey key id found in the manifest or the init segments');
      }
      const fetched = keyIds.length > 0 ? await requestClearKeys(drm.licenseUri, keyIds, { assetId: record.assetId, purpose: 'acquire', adapter }) : { keys: {}, expiration: null };
      const expiry = licenceExpiry(fetched.expiration, drm.licenseDurationSeconds);
      return { ...base, keys: { ...inline, ...fetched.keys }, ...expiry };
    }
    // Widevine / PlayReady: persistent EME sessions, referenced by the manifest.
    const initData = (manifest.drmInfo?.initData ?? []).map((d) => ({ initData: d.initData, initDataType: d.initDataType }));
    const { sessionIds, expiration } = await acquirePersistentLicence(initData, { ...base, adapter });
    manifest.sessionIds = sessionIds;
    const expiry = expiration !== null ? { expiresAt: expiration, expirySource: 'key-system' as const } : licenceExpiry(null, drm.licenseDurationSeconds);
    return { ...base, sessionIds, ...expiry };
  }

  // --- MP4 / MP3 -------------------------------------------------------------

  /** Resolves with the bytes stored. */
  private async runProgressive(record: AssetRecord): Promise<number> {
    const file = (await ProgressiveStore.getFile(record.mediaKey)) ?? {
      key: record.mediaKey,
      url: record.source.contentUrl,
      mimeType: record.source.mimeType ?? (record.source.mediaFormat === 'mp3' ? 'audio/mpeg' : 'video/mp4'),
      size: this.prepared?.parts.fileSize ?? null,
      storedBytes: 0,
      chunks: 0,
      complete: false,
      validator: null,
    };
    if (file.storedBytes === 0) await ProgressiveStore.putFile(file);
    this.host.progress(this.assetId, file.storedBytes, file.size ?? record.estimatedTotalBytes);
    await this.enter('downloading');
    this.markStarted();
    await transferFile(
      file,
      {
        policy: this.host.options.fetchPolicy,
        chunkBytes: this.host.options.chunkBytes,
        onProgress: (done, total) => this.host.progress(this.assetId, done, total ?? Math.max(done, record.estimatedTotalBytes)),
      },
      this.signal,
    );
    return file.storedBytes;
  }
}

function metadata(record: AssetRecord, plan: DownloadPlan, sizes: Map<string, number>): StoredAppMetadata {
  return { offlinePlayer: { assetId: record.assetId, mediaKey: record.mediaKey, bandwidth: Object.fromEntries(plan.bandwidth), sizes: Object.fromEntries(sizes) } };
}

/** Licence expiry: the licence response's, else the entry's DRM params', else none. */
export function licenceExpiry(
  responseExpiration: number | null,
  durationSeconds: number | undefined,
  now = Date.now(),
): Pick<LicenceRecord, 'expiresAt' | 'expirySource'> {
  if (responseExpiration !== null) return { expiresAt: responseExpiration, expirySource: 'license-response' };
  if (durationSeconds !== undefined) return { expiresAt: now + durationSeconds * 1000, expirySource: 'drm-params' };
  return { expiresAt: null, expirySource: null };
}

async function storedInitKeyIds(manifest: ManifestDB): Promise<string[]> {
  const keys = new Set<number>();
  for (const stream of manifest.streams) {
    const first = stream.segments[0];
    if (stream.encrypted && first && first.pendingInitSegmentRefId === undefined && first.initSegmentKey != null) keys.add(first.initSegmentKey);
  }
  const ids = new Set<string>();
  for (const key of keys) {
    const data = await ShakaDb.getSegment(key);
    if (data) for (const id of initSegmentKeyIds(new Uint8Array(data))) ids.add(id);
  }
  return [...ids];
}
