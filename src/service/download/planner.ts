// Plans a DASH/HLS download with Shaka's own offline storage: Shaka parses the
// manifest, filters it by what this browser can play (MediaCapabilities, EME),
// sets up DRM info and writes its "incomplete" manifest, the one it would fill
// in while downloading. We take that manifest (every track, every segment's
// URI and byte range) at the moment Shaka asks for its first segment, and stop
// Shaka there: no media byte has moved. The download itself is ours (see
// segment-transfer.ts) because Shaka's cannot pause, resume or survive a reload.
//
// The manifests Shaka fetches are read as they arrive (manifest-facts.ts):
// live content and encryption that cannot play back offline are refused at
// the manifest, before the parser's first segment request; HLS AES-128 keys
// and IVs, which Shaka's stored manifest cannot hold, become the plan's `aes`.
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { ErrorCode, OfflineError } from '../../errors.js';
import type { MediaSource } from '../model/media-entry.js';
import { FORMAT_MIME_TYPES } from '../model/media-entry.js';
import { loadShaka } from '../shaka/shaka.js';
import { type ManifestDB, ShakaDb } from '../databases/shaka-db.js';
import { fromShakaError } from '../shaka/shaka-errors.js';
import { base64UrlToHex } from '../util/encoding.js';
import { type LicenceFilterContext, installLicenceFilter, textOf } from '../shaka/licence-filter.js';
import { type SegmentKey, readManifest, resourceId } from './manifest-facts.js';
import { parseRefId } from './work.js';

export interface PlanOptions {
  /** EME key system and licence server for an encrypted source. */
  keySystem?: string | null;
  licenseUri?: string | null;
  /** Attempts for manifest and key requests. */
  maxAttempts?: number;
  /** The licence request adapter and what it is told, for Shaka's LICENSE/KEY requests. */
  licence?: LicenceFilterContext;
}

/** HLS AES-128: the key URIs, and per pending reference id the key's index and the IV (hex). */
export interface AesPlan {
  keys: string[];
  segments: Record<string, [number, string]>;
}

export interface DownloadPlan {
  manifestUri: string;
  /** Shaka's manifest with every stream and every segment still pending. */
  manifest: ManifestDB;
  tracks: shaka.extern.Track[];
  /** Bits per second of each stream, from the manifest. */
  bandwidth: Map<number, number>;
  /** Keys Shaka obtained while parsing (HLS `KEYFORMAT="identity"`), key id hex -> key hex. */
  inlineKeys: Record<string, string>;
  /** Segments to decrypt as they arrive (HLS METHOD=AES-128), or null. */
  aes: AesPlan | null;
}

const PLAN_TOKEN = 'offlinePlayerPlan';

class PlanReady extends Error {}

export async function planDownload(source: MediaSource, options: PlanOptions = {}): Promise<DownloadPlan> {
  // Shaka would report a database it cannot open as a manifest error: open it ourselves first.
  await ShakaDb.check();
  const shakaLib = await loadShaka();
  const storage = new shakaLib.offline.Storage();
  const token = crypto.randomUUID();
  let tracks: shaka.extern.Track[] = [];
  const retryParameters = { maxAttempts: options.maxAttempts ?? 4, baseDelay: 300, backoffFactor: 2, fuzzFactor: 0.3, timeout: 30000, stallTimeout: 15000, connectionTimeout: 15000 };
  const config: Record<string, unknown> = {
    offline: {
      usePersistentLicense: false,
      numberOfParallelDownloads: 1,
      trackSelectionCallback: async (all: shaka.extern.Track[]) => {
        tracks = all;
        return all;
      },
      downloadSizeCallback: async (_size: number) => true,
    },
    manifest: { retryParameters },
    streaming: { retryParameters },
    drm: { retryParameters, servers: options.keySystem && options.licenseUri ? { [options.keySystem]: options.licenseUri } : {} },
  };
  storage.configure(config);
  const net = storage.getNetworkingEngine()!;
  const types = shakaLib.net.NetworkingEngine.RequestType;
  const found: { plan: { key: number; manifest: ManifestDB } | null } = { plan: null };
  const refused: { error: OfflineError | null } = { error: null };
  /** The AES-128 resources of each playlist read. */
  const aes: Array<Map<string, SegmentKey>> = [];
  // Every manifest Shaka reads: refused at once when it is live or cannot play offline (no segment request follows).
  net.registerResponseFilter((type, response) => {
    if (type !== types.MANIFEST || !response.data) return;
    const facts = readManifest(textOf(response.data), response.uri);
    if (facts.aes.size > 0) aes.push(facts.aes);
    refused.error ??= facts.refusal;
    if (refused.error) throw refused.error;
  });
  if (options.licence) installLicenceFilter(shakaLib, net, () => options.licence!);
  net.registerRequestFilter(async (type) => {
    if (type !== types.SEGMENT) return;
    if (refused.error) throw refused.error;
    // Segment requests made while parsing (to probe codecs) come before Shaka
    // has written its manifest: let those through.
    found.plan ??= await ShakaDb.findManifest((m) => (m.appMetadata as Record<string, unknown> | null)?.[PLAN_TOKEN] === token);
    if (found.plan) throw new PlanReady();
  });
  try {
    await storage.store(source.contentUrl, { [PLAN_TOKEN]: token }, source.mimeType ?? FORMAT_MIME_TYPES[source.mediaFormat]).promise;
  } catch (e) {
    if (refused.error) throw refused.error;
    if (!found.plan) throw fromShakaError(e, `reading the manifest ${source.contentUrl}`);
  } finally {
    await storage.destroy().catch(() => {});
  }
  const plan = found.plan;
  if (!plan) {
    // Shaka stored everything from inline data without one request: nothing
    // we can resume or account for; refuse rather than keep a stray copy.
    await removeByToken(token);
    throw new OfflineError(ErrorCode.MANIFEST_ERROR, 'The manifest has no segment to download', {
      details: { url: source.contentUrl },
    });
  }
  // Shaka deleted its copy when we stopped it; ours is the one in memory.
  const manifest = plan.manifest;
  manifest.appMetadata = {};
  const inlineKeys = takeInlineKeys(manifest);
  return { manifestUri: source.contentUrl, manifest, tracks, bandwidth: streamBandwidths(tracks), inlineKeys, aes: aesPlan(manifest, aes) };
}

/**
 * The AES-128 key of each pending reference, matched by URI and byte range.
 * Every encrypted resource of a playlist the plan uses must be a pending
 * reference, or one Shaka already holds (the parser's probe segment, which it
 * decrypted): anything else would be stored still encrypted, so the plan is
 * refused. (A playlist Shaka read but the plan does not use, a rendition it
 * filtered out, does not count, unless nothing matched at all.)
 * @internal
 */
export function aesPlan(manifest: ManifestDB, playlists: Array<Map<string, SegmentKey>>): AesPlan | null {
  if (playlists.length === 0) return null;
  const keys = new Map(playlists.flatMap((p) => [...p]));
  const plan: AesPlan = { keys: [], segments: {} };
  const matched = new Set<string>();
  let inline = 0;
  for (const stream of manifest.streams) {
    for (const segment of stream.segments) {
      for (const refId of [segment.pendingInitSegmentRefId, segment.pendingSegmentRefId]) {
        if (refId === undefined || plan.segments[refId]) continue;
        const request = parseRefId(refId);
        if (request.inline) {
          inline += 1;
          continue;
        }
        const id = resourceId(request.uris[0], request.start, request.end);
        const key = keys.get(id);
        if (!key) continue;
        matched.add(id);
        let index = plan.keys.indexOf(key.keyUri);
        if (index < 0) index = plan.keys.push(key.keyUri) - 1;
        plan.segments[refId] = [index, key.iv];
      }
    }
  }
  const used = playlists.filter((p) => [...p.keys()].some((id) => matched.has(id)));
  const unmatched = used.reduce((sum, p) => sum + [...p.keys()].filter((id) => !matched.has(id)).length, 0);
  if (unmatched > inline || (matched.size === 0 && keys.size > inline)) {
    throw new OfflineError(ErrorCode.UNSUPPORTED_CONTENT, 'The AES-128 keys of this HLS stream could not be matched with its segments: it would be stored still encrypted', {
      details: { reason: 'hls-aes-128-unmatched', encrypted: keys.size, matched: matched.size },
    });
  }
  return matched.size > 0 ? plan : null;
}

async function removeByToken(token: string): Promise<void> {
  const found = await ShakaDb.findManifest((m) => (m.appMetadata as Record<string, unknown> | null)?.[PLAN_TOKEN] === token);
  if (found) await ShakaDb.removeManifest(found.key);
}

function streamBandwidths(tracks: shaka.extern.Track[]): Map<number, number> {
  const result = new Map<number, number>();
  for (const t of tracks) {
    if (t.type !== 'variant') continue;
    const audio = t.audioBandwidth ?? (t.videoBandwidth != null ? t.bandwidth - t.videoBandwidth : null);
    const video = t.videoBandwidth ?? (audio != null ? t.bandwidth - audio : t.bandwidth);
    if (t.videoId != null) result.set(t.videoId, Math.max(result.get(t.videoId) ?? 0, video));
    if (t.audioId != null && audio != null) result.set(t.audioId, Math.max(result.get(t.audioId) ?? 0, audio));
  }
  return result;
}

/**
 * HLS identity keys arrive as a `data:` licence URI holding a JSON Web Key
 * set. Keys belong in the LocalDataStore (with the other licences), not in
 * Shaka's database: take them out of the manifest.
 */
function takeInlineKeys(manifest: ManifestDB): Record<string, string> {
  const keys: Record<string, string> = {};
  const drm = manifest.drmInfo;
  const prefix = 'data:application/json;base64,';
  if (drm?.licenseServerUri?.startsWith(prefix)) {
    try {
      const set = JSON.parse(atob(drm.licenseServerUri.slice(prefix.length))) as { keys?: Array<{ kid: string; k: string }> };
      for (const { kid, k } of set.keys ?? []) keys[base64UrlToHex(kid)] = base64UrlToHex(k);
      drm.licenseServerUri = '';
    } catch {
      // Not a key set: leave it.
    }
  }
  return keys;
}
