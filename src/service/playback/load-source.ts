// Loads a MediaSource (online, or local from createLocalMediaEntry) into a
// Shaka player: DRM servers or kept ClearKey keys, and the right MIME type.
import { FORMAT_MIME_TYPES, KEY_SYSTEMS, type MediaSource } from '../model/media-entry.js';
import { parseMediaEntry } from '../model/parse-entry.js';
import type { ShakaPlayer } from '../shaka/shaka.js';

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
  await player.load(source.contentUrl, startTime, source.mimeType ?? FORMAT_MIME_TYPES[source.mediaFormat]);
}
