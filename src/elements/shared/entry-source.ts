// Where an element's MediaEntry comes from: the `entry` property, a `src`
// URL to entry JSON, or an inline <script type="application/json"> child
// (so plain HTML with no script of its own works).
import { ErrorCode, OfflineError } from '../../errors.js';
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
  if (e instanceof OfflineError) return e;
  return new OfflineError(code, (e as Error)?.message ?? String(e), { cause: e });
}
