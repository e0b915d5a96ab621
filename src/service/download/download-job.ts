// One asset's download, from the licence to the last byte, in this page. It
// moves bytes and says what happened; it never writes the asset's record:
// the asset's lifecycle does that with what the job reports (planned,
// downloading, progress, and the outcome). It can be stopped at any point and
// started again later from what is stored (Shaka's manifest and the media
// database say what remains).
import { ErrorCode, OfflineError } from '../../errors.js';
import type { HandoverInput } from '../background/handover.js';
import { PartialStore, ProgressiveStore } from '../databases/media-db.js';
import { type ManifestDB, ShakaDb } from '../databases/shaka-db.js';
import { stripUrl } from '../model/strip-query.js';
import { initSegmentKeyIds, manifestKeyIds, requestClearKeys } from '../drm/clearkey.js';
import { type LicenceRecord, licenceExpiry } from '../drm/licence.js';
import { acquirePersistentLicence } from '../drm/persistent.js';
import { FORMAT_MIME_TYPES, KEY_SYSTEMS } from '../model/media-entry.js';
import type { ResolvedOptions } from '../options.js';
import type { PreparedDownload } from '../prepared-download.js';
import type { AssetRecord } from '../registry/asset-record.js';
import { Aes128Decryptor } from './aes-128.js';
import type { AesPlan, DownloadPlan } from './planner.js';
import { transferFile } from './progressive-transfer.js';
import { TransferStopped } from './retry.js';
import { SegmentExchange } from './segment-exchange.js';
import { SegmentTransfer } from './segment-transfer.js';
import { pendingWork } from './work.js';

/** What we keep in the manifest's appMetadata (Shaka shows it in `list()`). */
export interface StoredAppMetadata {
  offlinePlayer: {
    assetId: string;
    mediaKey: string;
    bandwidth: Record<number, number>;
    sizes: Record<string, number>;
    /** HLS AES-128: key URIs and IVs of the segments to decrypt (never the keys). */
    aes?: AesPlan | null;
    /** Reference id -> key of each stored segment (stored-refs.ts): what play-while-downloading reads. */
    stored?: Record<string, number>;
  };
}

/** How a job ended; `bytes` are what is stored. */
export type JobOutcome =
  | { kind: 'completed'; bytes: number; licence: LicenceRecord | null }
  | { kind: 'stopped'; reason: TransferStopped['reason']; bytes: number }
  | { kind: 'failed'; error: OfflineError; bytes: number }
  /** The rest was handed to a Background Fetch (`id`): the offline shell worker settles it. */
  | { kind: 'background'; id: string; bytes: number };

/** What a job tells its asset's lifecycle, which writes it down. */
export interface JobHost {
  readonly options: ResolvedOptions;
  /** Whether the asset already has its licence (kept by an earlier run). */
  readonly licenceKept: boolean;
  /** Plans again an asset interrupted before its manifest was stored. */
  prepareAgain(): Promise<PreparedDownload>;
  /** The manifest is stored in Shaka's database and its licence obtained (rejects: stop, the asset is going). */
  planned(update: { manifestKey: number; estimatedTotalBytes: number; licence: LicenceRecord | null }): Promise<void>;
  /** Bytes start to move. */
  downloading(): Promise<void>;
  /** Bytes stored so far, and the estimated total. */
  progress(bytesStored: number, estimatedTotal: number): void;
  /**
   * Hands what remains to the browser (Background Fetch): resolves with its
   * id, or null when the download stays here. Absent: it always stays here.
   */
  handOver?(input: Omit<HandoverInput, 'record'>): Promise<string | null>;
}

/** Thrown inside the job once the rest is the browser's to download. */
class HandedOver {
  constructor(readonly id: string) {}
}

export class DownloadJob {
  private readonly controller = new AbortController();
  /** Settles with the outcome when the job stops (never rejects). */
  readonly done: Promise<JobOutcome>;
  /** Resolves once bytes are moving (or the job ended before that). */
  readonly started: Promise<void>;
  private markStarted!: () => void;
  private storedBytes = 0;

  constructor(
    private readonly host: JobHost,
    /** The asset's record when the job started (read-only). */
    private readonly record: AssetRecord,
    private readonly prepared: PreparedDownload | null,
  ) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.done = this.run().finally(() => this.markStarted());
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Stops the transfer, keeping what is stored; resolves when it has stopped. */
  stop(reason: TransferStopped['reason']): Promise<JobOutcome> {
    if (!this.controller.signal.aborted) this.controller.abort(new TransferStopped(reason));
    return this.done;
  }

  private async run(): Promise<JobOutcome> {
    try {
      const licence = this.record.storage === 'shaka' ? await this.runShaka() : await this.runProgressive();
      this.throwIfStopped();
      return { kind: 'completed', bytes: this.storedBytes, licence };
    } catch (e) {
      if (e instanceof HandedOver) return { kind: 'background', id: e.id, bytes: this.storedBytes };
      const stop = this.signal.aborted ? this.signal.reason : e;
      if (stop instanceof TransferStopped) return { kind: 'stopped', reason: stop.reason, bytes: this.storedBytes };
      const error =
        e instanceof OfflineError ? e : new OfflineError(ErrorCode.STORAGE_ERROR, `The download failed: ${(e as Error)?.message ?? e}`, { cause: e });
      return { kind: 'failed', error, bytes: this.storedBytes };
    }
  }

  private throwIfStopped(): void {
    if (this.signal.aborted) throw this.signal.reason;
  }

  // --- DASH / HLS -----------------------------------------------------------

  /** Resolves with the licence obtained at the end (ClearKey ids found in init segments), if any. */
  private async runShaka(): Promise<LicenceRecord | null> {
    const { record } = this;
    let manifestKey = record.manifestKey;
    let manifest: ManifestDB;
    let licence: LicenceRecord | null = null;
    if (manifestKey === null) {
      const prepared = this.prepared ?? (await this.host.prepareAgain());
      this.throwIfStopped();
      manifest = prepared.manifest();
      const plan = prepared.parts.plan!;
      licence = await this.acquireLicence(manifest, plan);
      this.throwIfStopped();
      manifest.appMetadata = metadata(record, plan, prepared.parts.knownSizes);
      stripManifestUrls(manifest, this.host.options.stripQueryParameters);
      manifestKey = await ShakaDb.addManifest(manifest);
      try {
        await this.host.planned({ manifestKey, estimatedTotalBytes: prepared.estimatedSize, licence });
      } catch (e) {
        // The asset is going (removed meanwhile): the manifest it never owned goes too.
        await ShakaDb.removeManifest(manifestKey).catch(() => undefined);
        throw e;
      }
    } else {
      const stored = await ShakaDb.getManifest(manifestKey);
      if (!stored) {
        throw new OfflineError(ErrorCode.STORAGE_ERROR, `The stored manifest of "${record.assetId}" is gone (storage was cleared?)`);
      }
      manifest = stored;
    }
    const meta = (manifest.appMetadata as StoredAppMetadata | null)?.offlinePlayer;
    const bandwidth = new Map(Object.entries(meta?.bandwidth ?? {}).map(([k, v]) => [Number(k), v]));
    const sizes = new Map(Object.entries(meta?.sizes ?? {}));
    const { options } = this.host;
    // HLS AES-128: keys fetched once per run, held in memory only; segments decrypted once complete.
    const aes = meta?.aes ? new Aes128Decryptor(meta.aes, { assetId: record.assetId, policy: options.fetchPolicy, adapter: options.licenceRequestAdapter }) : null;
    const work = pendingWork(manifest, bandwidth, sizes);
    const transfer = new SegmentTransfer(manifestKey, manifest, work, {
      parallel: options.parallelDownloads,
      maxBufferedBytes: options.maxBufferedBytes,
      mediaKey: record.mediaKey,
      policy: options.fetchPolicy,
      decrypt: aes ? (refId, data, signal) => aes.decrypt(refId, data, signal) : undefined,
      onProgress: (p) => {
        this.storedBytes = p.bytesDone;
        this.host.progress(p.bytesDone, p.estimatedTotal);
      },
    });
    const first = transfer.progress();
    this.storedBytes = first.bytesDone;
    this.host.progress(first.bytesDone, first.estimatedTotal);
    await this.host.downloading();
    this.throwIfStopped();
    const background = await this.host.handOver?.({
      work,
      aes: !!meta?.aes,
      licencePending: !!record.drmScheme && record.licenceMode !== 'online' && !licence && !this.host.licenceKept,
      requestInit: !!options.fetchPolicy.requestInit,
      remainingBytes: Math.max(0, first.estimatedTotal - first.bytesDone),
      exactSizes: work.every((item) => item.request.end !== null || sizes.has(item.refId)),
    });
    this.markStarted();
    if (background) throw new HandedOver(background);
    // A player of this asset in this page takes its segments from this transfer (segment-exchange.ts).
    SegmentExchange.open(record.mediaKey, transfer);
    try {
      await transfer.run(this.signal);
    } finally {
      SegmentExchange.close(record.mediaKey, transfer);
      this.storedBytes = manifest.size;
    }
    await PartialStore.deletePrefix(record.mediaKey).catch(() => undefined);
    if (meta?.aes) {
      // Every segment is clear now: the key URIs and IVs are of no more use.
      delete meta.aes;
      await ShakaDb.putManifest(manifestKey, manifest);
    }
    // ClearKey content whose manifest names no key ids: read them from the
    // stored init segments, then fetch the licence (still online).
    if (record.drmScheme && record.licenceMode !== 'online' && !licence && !this.host.licenceKept) return this.acquireLicence(manifest, null);
    return null;
  }

  private async acquireLicence(manifest: ManifestDB, plan: DownloadPlan | null): Promise<LicenceRecord | null> {
    const { record } = this;
    const drm = record.source.drmData.find((d) => d.scheme === record.drmScheme) ?? null;
    // licenceMode 'online': nothing is kept; each play asks for a licence.
    if (!drm || !record.drmScheme || record.licenceMode === 'online') return null;
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
      const fetched =
        keyIds.length > 0 ? await requestClearKeys(drm.licenseUri, keyIds, { assetId: record.assetId, purpose: 'acquire', adapter }) : { keys: {}, expiration: null };
      return { ...base, keys: { ...inline, ...fetched.keys }, ...licenceExpiry(fetched.expiration, drm.licenseDurationSeconds) };
    }
    // Widevine / PlayReady: persistent EME sessions, referenced by the manifest.
    const initData = (manifest.drmInfo?.initData ?? []).map((d) => ({ initData: d.initData, initDataType: d.initDataType }));
    const { sessionIds, expiration } = await acquirePersistentLicence(initData, { ...base, adapter });
    manifest.sessionIds = sessionIds;
    const expiry = expiration !== null ? { expiresAt: expiration, expirySource: 'key-system' as const } : licenceExpiry(null, drm.licenseDurationSeconds);
    return { ...base, sessionIds, ...expiry };
  }

  // --- MP4 / MP3 -------------------------------------------------------------

  private async runProgressive(): Promise<null> {
    const { record } = this;
    const file = (await ProgressiveStore.getFile(record.mediaKey)) ?? {
      key: record.mediaKey,
      // Stored without the signed parameters; the requests use the full URL (below).
      url: stripUrl(record.source.contentUrl, this.host.options.stripQueryParameters),
      mimeType: record.source.mimeType ?? FORMAT_MIME_TYPES[record.source.mediaFormat],
      size: this.prepared?.parts.fileSize ?? null,
      storedBytes: 0,
      chunks: 0,
      complete: false,
      validator: null,
    };
    if (file.storedBytes === 0) await ProgressiveStore.putFile(file);
    this.storedBytes = file.storedBytes;
    this.host.progress(file.storedBytes, file.size ?? record.estimatedTotalBytes);
    await this.host.downloading();
    this.throwIfStopped();
    this.markStarted();
    try {
      await transferFile(
        file,
        {
          url: record.source.contentUrl,
          policy: this.host.options.fetchPolicy,
          chunkBytes: this.host.options.chunkBytes,
          onProgress: (stored, total) => {
            this.storedBytes = stored;
            this.host.progress(stored, total ?? Math.max(stored, record.estimatedTotalBytes));
          },
        },
        this.signal,
      );
    } finally {
      this.storedBytes = file.storedBytes;
    }
    // What is stored reads back whole, or the download is not complete.
    const kept = (await ProgressiveStore.blob(record.mediaKey, file.mimeType)).size;
    if (kept !== file.storedBytes) {
      throw new OfflineError(ErrorCode.STORAGE_ERROR, `The browser kept ${kept} of the ${file.storedBytes} bytes stored for "${record.assetId}" (a private or ephemeral session?)`, {
        details: { assetId: record.assetId, kept, stored: file.storedBytes },
      });
    }
    return null;
  }
}

function metadata(record: AssetRecord, plan: DownloadPlan, sizes: Map<string, number>): StoredAppMetadata {
  const { assetId, mediaKey } = record;
  return { offlinePlayer: { assetId, mediaKey, bandwidth: Object.fromEntries(plan.bandwidth), sizes: Object.fromEntries(sizes), aes: plan.aes, stored: {} } };
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

/** Shaka's stored manifest keeps the manifest's URI and the licence server: without the signed parameters. */
function stripManifestUrls(manifest: ManifestDB, names: readonly string[]): void {
  if (names.length === 0) return;
  manifest.originalManifestUri = stripUrl(manifest.originalManifestUri, names);
  if (manifest.drmInfo?.licenseServerUri) manifest.drmInfo.licenseServerUri = stripUrl(manifest.drmInfo.licenseServerUri, names);
}
