// The `stripQueryParameters` option: named query parameters (signed-URL
// tokens, CDN signatures) are removed from every URL the manager stores with
// a registration (the entry's content, licence, certificate and thumbnail
// URLs, the URL the entry came from, the licence record's server, Shaka's
// stored manifest URI and licence server, a progressive file's URL). The
// running download keeps the full URLs in memory only.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { MediaEntry, MediaSource } from './media-entry.js';

const MAX_NAMES = 64;
const MAX_NAME_LENGTH = 256;

/** The option, checked: an array of distinct non-empty strings (INVALID_ARGUMENT otherwise). */
export function checkStripParameters(value: unknown): readonly string[] {
  if (value === undefined) return [];
  const problem = (why: string) =>
    new OfflineError(ErrorCode.INVALID_ARGUMENT, `stripQueryParameters ${why}`, { details: { stripQueryParameters: Array.isArray(value) ? [...value] : String(value) } });
  if (!Array.isArray(value)) throw problem('must be an array of query parameter names');
  if (value.length > MAX_NAMES) throw problem(`names at most ${MAX_NAMES} parameters`);
  for (const name of value) {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) throw problem(`must name each parameter with a string of 1 to ${MAX_NAME_LENGTH} characters`);
  }
  if (new Set(value).size !== value.length) throw problem('names a parameter twice');
  return Object.freeze([...value] as string[]);
}

/** `url` without the named query parameters; unchanged (same string) when it has none of them or is not a URL. */
export function stripUrl(url: string, names: readonly string[]): string {
  if (names.length === 0 || !url.includes('?')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (!names.some((name) => parsed.searchParams.has(name))) return url;
  for (const name of names) parsed.searchParams.delete(name);
  return parsed.href;
}

export function stripSource(source: MediaSource, names: readonly string[]): MediaSource {
  return {
    ...source,
    contentUrl: stripUrl(source.contentUrl, names),
    drmData: source.drmData.map((drm) => ({
      ...drm,
      licenseUri: stripUrl(drm.licenseUri, names),
      ...(drm.certificateUri === undefined ? {} : { certificateUri: stripUrl(drm.certificateUri, names) }),
    })),
  };
}

export function stripEntry(entry: MediaEntry, names: readonly string[]): MediaEntry {
  return {
    ...entry,
    sources: entry.sources.map((source) => stripSource(source, names)),
    ...(entry.thumbnailUrl === undefined ? {} : { thumbnailUrl: stripUrl(entry.thumbnailUrl, names) }),
  };
}
