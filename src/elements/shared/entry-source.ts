// Where an element's MediaEntry comes from: the `entry` property, a `src`
// URL to entry JSON, or an inline <script type="application/json"> child
// (so plain HTML with no script of its own works).
import { ErrorCode, type OfflineError, asOfflineError } from '../../errors.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import { fetchMediaEntry, parseMediaEntry } from '../../service/model/parse-entry.js';

export function inlineEntry(host: HTMLElement): MediaEntry | null {
  const script = host.querySelector(':scope > script[type="application/json"]');
  if (!script?.textContent?.trim()) return null;
  return parseMediaEntry(script.textContent, { baseUrl: document.baseURI });
}

export function loadEntryFrom(src: string): Promise<MediaEntry> {
  return fetchMediaEntry(src);
}

export function toOfflineError(e: unknown, code: ErrorCode = ErrorCode.PLAYBACK_ERROR): OfflineError {
  return asOfflineError(e, code, 'Loading');
}
