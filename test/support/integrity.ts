// What is stored is exactly what the server sent: the SHA-256 of every
// segment in Shaka's database against fixtures/checksums.json.
import { type ManifestDB, ShakaDb, segmentKeysOf } from '../../src/service/databases/shaka-db.js';

export async function sha256(data: ArrayBuffer | ArrayBufferView | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes as ArrayBuffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The stored manifest of an asset (ours carry the asset id in appMetadata). */
export async function storedManifest(assetId: string): Promise<{ key: number; manifest: ManifestDB }> {
  const all = await ShakaDb.listManifests();
  const found = all.filter(({ manifest }) => (manifest.appMetadata as { offlinePlayer?: { assetId: string } } | null)?.offlinePlayer?.assetId === assetId);
  if (found.length !== 1) throw new Error(`expected one stored manifest for ${assetId}, found ${found.length}`);
  return found[0];
}

/**
 * Hashes of every stored segment of the asset, sorted, and the hashes of the
 * fixture files under the given folders (e.g. `media/clear/dash/video-360/`).
 */
export async function storedVersusFixtures(assetId: string, folders: string[]): Promise<{ stored: string[]; expected: string[] }> {
  const { manifest } = await storedManifest(assetId);
  const stored: string[] = [];
  for (const key of segmentKeysOf(manifest)) {
    const data = await ShakaDb.getSegment(key);
    if (!data) throw new Error(`segment ${key} is missing`);
    stored.push(await sha256(data));
  }
  const { files } = (await (await fetch('/fixtures/checksums.json', { cache: 'no-store' })).json()) as { files: Record<string, string> };
  const expected = Object.entries(files)
    .filter(([path]) => folders.some((f) => path.startsWith(f)))
    .map(([, hash]) => hash);
  return { stored: stored.sort(), expected: expected.sort() };
}
