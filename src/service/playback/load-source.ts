// Loads a MediaSource (online, or local from createLocalMediaEntry) into a
// Shaka player: DRM servers or kept ClearKey keys, and the right MIME type.
import { ErrorCode, OfflineError } from '../../errors.js';
import { FORMAT_MIME_TYPES, KEY_SYSTEMS, type MediaSource } from '../model/media-entry.js';
import { parseMediaEntry } from '../model/parse-entry.js';
import { type ShakaPlayer, loadShaka } from '../shaka/shaka.js';
import { parseStreamUri } from './stream-uri.js';

/** Per player: what undoes the routing of its segments to a stream and its restriction to the stored renditions (play while downloading). */
const routes = new WeakMap<ShakaPlayer, () => void>();

export function drmConfig(source: MediaSource): { servers: Record<string, string>; clearKeys: Record<string, string> } {
  const servers: Record<string, string> = {};
  const clearKeys: Record<string, string> = {};
  for (const drm of source.drmData) {
    if (drm.clearKeys) Object.assign(clearKeys, drm.clearKeys);
    else if (drm.licenseUri && drm.scheme !== 'fairplay') servers[KEY_SYSTEMS[drm.scheme]] = drm.licenseUri;
  }
  return { servers, clearKeys };
}

/**
 * Loads a source into a Shaka player. `source` may be plain JSON: it is
 * validated (INVALID_ENTRY) and relative URLs resolve against the page.
 */
export async function loadSource(player: ShakaPlayer, input: MediaSource, startTime: number | null = null): Promise<void> {
  const source = parseMediaEntry({ id: 'source', sources: [input] }).sources[0];
  // Reset the key maps first: Shaka merges map-valued settings.
  player.configure({ drm: { servers: undefined, clearKeys: undefined } });
  player.configure({ drm: drmConfig(source) });
  // An asset still downloading (createLocalMediaEntry): this player's segment requests, and only its, go to the stream.
  routes.get(player)?.();
  routes.delete(player);
  const stream = parseStreamUri(source.contentUrl);
  if (stream) {
    const [shaka, { ensureStreamScheme, routeSegments }, { findStream }] = await Promise.all([loadShaka(), import('../shaka/stream-scheme.js'), import('./partial-stream.js')]);
    if (!findStream(stream.key)) {
      throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, 'This stream of a download is not open in this page: ask createLocalMediaEntry for the asset again', { details: { key: stream.key } });
    }
    ensureStreamScheme(shaka, findStream);
    const unroute = routeSegments(shaka, player.getNetworkingEngine()!, stream.key);
    const restore = restrictToStored(player, findStream(stream.key)!.videoHeights);
    routes.set(player, () => {
      unroute();
      restore();
    });
  }
  await player.load(source.contentUrl, startTime, source.mimeType ?? FORMAT_MIME_TYPES[source.mediaFormat]);
}

/**
 * Only the video renditions the download keeps: another rendition would come
 * all from the network (nothing of it is stored), however slow the network
 * makes the player's estimate. Undone at the next load, to what it was.
 */
function restrictToStored(player: ShakaPlayer, heights: number[]): () => void {
  if (heights.length === 0) return () => undefined;
  const { minHeight, maxHeight } = player.getConfiguration().restrictions;
  player.configure({ restrictions: { minHeight: Math.min(...heights), maxHeight: Math.max(...heights) } });
  return () => player.configure({ restrictions: { minHeight, maxHeight } });
}
