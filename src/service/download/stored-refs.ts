// Which stored segment holds which planned resource. Shaka's manifest forgets
// a segment's reference id (its URIs and byte range) once the segment is
// stored, so a player that streams the network manifest of an asset still
// downloading could not tell which of its requests storage can answer. We
// keep that link in the manifest's appMetadata (`offlinePlayer.stored`),
// written in the same transaction as the segments (segment-transfer.ts).
import type { ManifestDB } from '../databases/shaka-db.js';
import { resourceId } from './manifest-facts.js';
import { parseRefId } from './work.js';

interface WithStored {
  offlinePlayer?: { stored?: Record<string, number> };
}

/** The refId -> segment key map of a manifest (created when missing, if the manifest is ours). */
export function storedRefs(manifest: ManifestDB): Record<string, number> | null {
  const meta = (manifest.appMetadata as WithStored | null)?.offlinePlayer;
  if (!meta) return null;
  meta.stored ??= {};
  return meta.stored;
}

/**
 * The ids (resourceId(): URL and byte range, the way the planner names
 * them) of every URI of a reference id; inline data has none.
 */
export function resourceIdsOf(refId: string): string[] {
  const request = parseRefId(refId);
  return request.inline ? [] : request.uris.map((uri) => resourceId(uri, request.start, request.end));
}

/** resourceId -> segment key of what a manifest has stored (as far as it kept the link). */
export function storedIndex(manifest: ManifestDB): Map<string, number> {
  const index = new Map<string, number>();
  const stored = (manifest.appMetadata as WithStored | null)?.offlinePlayer?.stored ?? {};
  for (const [refId, key] of Object.entries(stored)) for (const id of resourceIdsOf(refId)) index.set(id, key);
  return index;
}
