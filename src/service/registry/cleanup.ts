// Start-up cleanup: storage that no registration or download owns is found
// and removed, and reported. Shaka's own interrupted stores leave an
// "incomplete" manifest and segments nothing points at (its issues #2420,
// #1275); a registration lost with its store leaves media behind.
import { PartialStore, ProgressiveStore } from '../databases/media-db.js';
import type { StoredAppMetadata } from '../download/download-job.js';
import { type ManifestDB, ShakaDb } from '../databases/shaka-db.js';
import type { AssetRecord } from './asset-record.js';
import type { AssetRegistry } from './asset-registry.js';

export interface CleanupReport {
  /** Manifests removed (with every segment they pointed to). */
  manifests: Array<{ key: number; reason: 'unregistered' | 'abandoned-shaka-download' | 'abandoned-plan'; assetId: string | null; bytes: number }>;
  /** Segments nothing pointed at. */
  segments: number;
  /** Progressive files of this store with no registration. */
  files: Array<{ key: string; bytes: number }>;
  /** Partial segments of this store's assets that are gone or complete. */
  partials: number;
  /** Bytes freed, as far as known (unreferenced segments are counted, not measured). */
  bytesFreed: number;
  /** Why unreferenced segments were left alone this time, if they were. */
  segmentsSkipped: string | null;
}

export interface CleanupOptions {
  /** An incomplete manifest that is not ours counts as abandoned after this long (ms). */
  orphanAgeMs: number;
  /** Whether a download of this asset runs in some tab (then it is not an orphan). */
  isRunning(assetId: string): Promise<boolean>;
}

const ours = (m: ManifestDB) => (m.appMetadata as StoredAppMetadata | null)?.offlinePlayer ?? null;
const isPlan = (m: ManifestDB) => !!(m.appMetadata as Record<string, unknown> | null)?.offlinePlayerPlan;

export async function cleanupOrphans(registry: AssetRegistry, options: CleanupOptions): Promise<CleanupReport> {
  const report: CleanupReport = { manifests: [], segments: 0, files: [], partials: 0, bytesFreed: 0, segmentsSkipped: null };
  const prefix = `${registry.namespace}:`;
  const now = Date.now();
  // What another tab registered a moment ago may not be in our memory yet:
  // read the record again before calling anything an orphan.
  const unowned = async (assetId: string, owns: (record: AssetRecord | null) => boolean) =>
    !(await options.isRunning(assetId)) && !owns(registry.get(assetId) ?? null) && !owns(await registry.read(assetId));
  const manifests = await ShakaDb.listManifests();
  let youngForeignDownload = false;
  for (const { key, manifest } of manifests) {
    const meta = ours(manifest);
    const old = now - (manifest.creationTime ?? 0) >= options.orphanAgeMs;
    let reason: CleanupReport['manifests'][number]['reason'] | null = null;
    if (meta) {
      if (meta.mediaKey?.startsWith(prefix) && (await unowned(meta.assetId, (r) => r?.manifestKey === key))) reason = 'unregistered';
    } else if (isPlan(manifest)) {
      if (old) reason = 'abandoned-plan';
      else youngForeignDownload = true;
    } else if (manifest.isIncomplete) {
      if (old) reason = 'abandoned-shaka-download';
      else youngForeignDownload = true; // Shaka may be storing it right now in another tab
    }
    if (reason) {
      const removed = await ShakaDb.removeManifest(key);
      report.manifests.push({ key, reason, assetId: meta?.assetId ?? null, bytes: removed.bytes });
      report.bytesFreed += removed.bytes;
    }
  }
  if (youngForeignDownload) {
    report.segmentsSkipped = 'a recent incomplete download that is not ours may still be running';
  } else {
    report.segments = await ShakaDb.deleteUnreferencedSegments();
  }
  for (const file of await ProgressiveStore.listFiles()) {
    if (!file.key.startsWith(prefix)) continue;
    const assetId = file.key.slice(prefix.length);
    if (!(await unowned(assetId, (r) => r?.mediaKey === file.key))) continue;
    const bytes = await ProgressiveStore.remove(file.key);
    report.files.push({ key: file.key, bytes });
    report.bytesFreed += bytes;
  }
  const stale: string[] = [];
  for (const key of await PartialStore.keys()) {
    if (!key.startsWith(prefix)) continue;
    const assetId = key.slice(prefix.length, key.indexOf('|'));
    const record = registry.get(assetId);
    if ((!record || record.state === 'completed') && !(await options.isRunning(assetId))) stale.push(key);
  }
  if (stale.length > 0) await PartialStore.deleteAll(stale);
  report.partials = stale.length;
  return report;
}
