// What a shape test checks besides playback: every stored resource against
// the bytes the server serves for it (a whole file or a byte range), or, for
// HLS AES-128, against the clear segments the fixture script hashed before it
// encrypted them (media/shapes/hls-aes128/clear-sha256.json).
import type { ManifestDB } from '../../src/service/databases/shaka-db.js';
import { ShakaDb, segmentKeysOf } from '../../src/service/databases/shaka-db.js';
import { parseRefId } from '../../src/service/download/work.js';
import { sha256, storedManifest } from './integrity.js';
import { type LogEntry, serverState } from './media.js';

/** SHA-256 of every stored segment of the asset, sorted. */
export async function storedHashes(assetId: string): Promise<string[]> {
  const { manifest } = await storedManifest(assetId);
  const hashes: string[] = [];
  for (const key of segmentKeysOf(manifest)) {
    const data = await ShakaDb.getSegment(key);
    if (!data) throw new Error(`segment ${key} is missing`);
    hashes.push(await sha256(data));
  }
  return hashes.sort();
}

/**
 * SHA-256 of what the server serves for every resource the plan names (each
 * distinct reference once: a whole file, or its byte range), sorted. Inline
 * references are the bytes Shaka's parser already held.
 */
export async function servedHashes(planned: ManifestDB): Promise<string[]> {
  const refs = new Set<string>();
  for (const stream of planned.streams) {
    for (const segment of stream.segments) {
      if (segment.pendingInitSegmentRefId) refs.add(segment.pendingInitSegmentRefId);
      if (segment.pendingSegmentRefId) refs.add(segment.pendingSegmentRefId);
    }
  }
  const hashes: string[] = [];
  for (const ref of refs) {
    const request = parseRefId(ref);
    if (request.inline) {
      hashes.push(await sha256(request.inline));
      continue;
    }
    const headers: Record<string, string> = request.end === null && request.start === 0 ? {} : { Range: `bytes=${request.start}-${request.end ?? ''}` };
    const response = await fetch(request.uris[0], { headers, cache: 'no-store' });
    if (!response.ok) throw new Error(`${request.uris[0]}: HTTP ${response.status}`);
    hashes.push(await sha256(await response.arrayBuffer()));
  }
  return hashes.sort();
}

/** The hashes the fixture script recorded for the clear AES-128 segments, sorted. */
export async function clearAesHashes(): Promise<string[]> {
  const response = await fetch('/fixtures/media/shapes/hls-aes128/clear-sha256.json', { cache: 'no-store' });
  return Object.values((await response.json()) as Record<string, string>).sort();
}

/** The fixture's own checksum (fixtures/checksums.json) of a file under fixtures/. */
export async function fixtureChecksum(path: string): Promise<string> {
  const { files } = (await (await fetch('/fixtures/checksums.json', { cache: 'no-store' })).json()) as { files: Record<string, string> };
  if (!files[path]) throw new Error(`no checksum for ${path}`);
  return files[path];
}

const NOT_MEDIA = /(\/fixtures\/entries\/[^/]+\.json|\.m3u8|\.mpd)$/;

/** Requests of the scope that moved media: anything but entries and manifests (segments, files, keys, licences, HEAD probes). */
export async function mediaRequestsOf(scope: string): Promise<LogEntry[]> {
  return (await serverState(scope)).log.filter((e) => !NOT_MEDIA.test(e.path));
}
