// Validating parser: plain JSON (or a JSON string) in, a MediaEntry out, or an
// OfflineError INVALID_ENTRY whose details list every problem with its path.
import { ErrorCode, OfflineError } from '../../errors.js';
import {
  type DrmParams,
  type MediaEntry,
  type MediaSource,
  type MediaType,
  DRM_SCHEMES,
  MEDIA_FORMATS,
  inferMediaFormat,
  normalizeDrmScheme,
} from './media-entry.js';

export interface ParseOptions {
  /** Relative URLs resolve against this (the entry JSON's URL, or the page). */
  baseUrl?: string;
}

type Json = Record<string, unknown>;

/**
 * What a media entry may hold (documented in the README). A real entry is a
 * few KB; the limits keep a broken or hostile one from stalling the page.
 */
export const ENTRY_LIMITS = {
  /** Characters of entry JSON (from `src` or inline). */
  jsonLength: 1024 * 1024,
  sources: 32,
  /** DRM systems per source. */
  drmPerSource: 16,
  metadataKeys: 100,
  /** Characters of an id. */
  idLength: 256,
  /** Characters of a URL (signed URLs can be long). */
  urlLength: 8192,
  /** Characters of any other string (name, metadata values, MIME type). */
  textLength: 4096,
  /** Nesting depth of the JSON. */
  depth: 8,
} as const;

/** Keys that would reach an object's prototype: refused anywhere in an entry. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MEDIA_TYPES: readonly MediaType[] = ['vod', 'live', 'dvrLive'];
const URL_SCHEMES = ['http:', 'https:', 'blob:', 'data:', 'offline:', 'offline-stream:'];
const HEX = /^[0-9a-f]+$/i;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(path ? `${path}: ${message}` : message);
  }
}

function defaultBase(): string {
  return typeof document !== 'undefined' ? document.baseURI : 'http://localhost/';
}

function url(value: unknown, path: string, base: string, problems: Problems, required: boolean): string | undefined {
  if (value === undefined || value === null || value === '') {
    if (required) problems.add(path, 'is required (a URL)');
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.add(path, `must be a URL string, not ${typeof value}`);
    return undefined;
  }
  if (value.length > ENTRY_LIMITS.urlLength) {
    problems.add(path, `is longer than ${ENTRY_LIMITS.urlLength} characters`);
    return undefined;
  }
  try {
    const resolved = new URL(value, base);
    if (!URL_SCHEMES.includes(resolved.protocol)) {
      problems.add(path, `has an unsupported scheme "${resolved.protocol}"`);
      return undefined;
    }
    return resolved.href;
  } catch {
    problems.add(path, `is not a valid URL ("${value}")`);
    return undefined;
  }
}

function id(value: unknown, path: string, problems: Problems): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length > ENTRY_LIMITS.idLength) {
    problems.add(path, `is longer than ${ENTRY_LIMITS.idLength} characters`);
    return undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') return value;
  problems.add(path, 'must be a non-empty string');
  return undefined;
}

function drmParams(value: unknown, path: string, base: string, problems: Problems): DrmParams | undefined {
  if (!isObject(value)) {
    problems.add(path, 'must be an object');
    return undefined;
  }
  const scheme = typeof value.scheme === 'string' ? normalizeDrmScheme(value.scheme) : null;
  if (!scheme) problems.add(`${path}.scheme`, `must be one of ${DRM_SCHEMES.join(', ')} (got ${JSON.stringify(value.scheme)})`);
  const licenseUri = url(value.licenseUri, `${path}.licenseUri`, base, problems, value.clearKeys === undefined);
  const result: DrmParams = { scheme: scheme ?? 'clearkey', licenseUri: licenseUri ?? '' };
  if (value.certificateUri !== undefined) result.certificateUri = url(value.certificateUri, `${path}.certificateUri`, base, problems, true);
  if (value.contentId !== undefined) {
    if (typeof value.contentId === 'string') result.contentId = value.contentId;
    else problems.add(`${path}.contentId`, 'must be a string');
  }
  if (value.licenseDurationSeconds !== undefined) {
    const d = value.licenseDurationSeconds;
    if (typeof d === 'number' && Number.isFinite(d) && d > 0) result.licenseDurationSeconds = d;
    else problems.add(`${path}.licenseDurationSeconds`, 'must be a positive number of seconds');
  }
  if (value.clearKeys !== undefined) {
    const keys = value.clearKeys;
    if (isObject(keys) && Object.entries(keys).every(([k, v]) => HEX.test(k) && k.length === 32 && typeof v === 'string' && HEX.test(v) && v.length === 32)) {
      result.clearKeys = Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), (v as string).toLowerCase()]));
    } else {
      problems.add(`${path}.clearKeys`, 'must map 32-hex-digit key ids to 32-hex-digit keys');
    }
  }
  return scheme ? result : undefined;
}

function mediaSource(value: unknown, path: string, fallbackId: string, base: string, problems: Problems): MediaSource | undefined {
  if (!isObject(value)) {
    problems.add(path, 'must be an object');
    return undefined;
  }
  const sourceId = value.id === undefined ? fallbackId : id(value.id, `${path}.id`, problems);
  const contentUrl = url(value.contentUrl, `${path}.contentUrl`, base, problems, true);
  let mimeType: string | undefined;
  if (value.mimeType !== undefined && value.mimeType !== null) {
    if (typeof value.mimeType !== 'string') problems.add(`${path}.mimeType`, 'must be a string');
    else if (value.mimeType.length > ENTRY_LIMITS.textLength) problems.add(`${path}.mimeType`, `is longer than ${ENTRY_LIMITS.textLength} characters`);
    else mimeType = value.mimeType;
  }
  let mediaFormat = value.mediaFormat ?? null;
  if (mediaFormat !== null && !MEDIA_FORMATS.includes(mediaFormat as never)) {
    problems.add(`${path}.mediaFormat`, `must be one of ${MEDIA_FORMATS.join(', ')} (got ${JSON.stringify(mediaFormat)})`);
    mediaFormat = null;
  } else if (mediaFormat === null && contentUrl) {
    mediaFormat = inferMediaFormat(contentUrl, mimeType);
    if (!mediaFormat) problems.add(`${path}.mediaFormat`, 'is missing and cannot be inferred from the MIME type or the URL');
  }
  const drmData: DrmParams[] = [];
  if (value.drmData !== undefined && value.drmData !== null) {
    if (Array.isArray(value.drmData) && value.drmData.length > ENTRY_LIMITS.drmPerSource) {
      problems.add(`${path}.drmData`, `has ${value.drmData.length} items (at most ${ENTRY_LIMITS.drmPerSource})`);
    } else if (Array.isArray(value.drmData)) {
      value.drmData.forEach((d, i) => {
        const parsed = drmParams(d, `${path}.drmData[${i}]`, base, problems);
        if (parsed) drmData.push(parsed);
      });
    } else {
      problems.add(`${path}.drmData`, 'must be an array');
    }
  }
  if (!sourceId || !contentUrl || !mediaFormat) return undefined;
  const source: MediaSource = { id: sourceId, contentUrl, mediaFormat: mediaFormat as MediaSource['mediaFormat'], drmData };
  if (mimeType) source.mimeType = mimeType;
  return source;
}

/**
 * Parses and validates a MediaEntry from JSON data. Relative URLs are
 * resolved against `baseUrl`. Throws OfflineError(INVALID_ENTRY) listing every
 * problem (`error.details.problems`).
 */
export function parseMediaEntry(input: unknown, options: ParseOptions = {}): MediaEntry {
  const base = options.baseUrl ?? defaultBase();
  let data = input;
  if (typeof input === 'string') {
    if (input.length > ENTRY_LIMITS.jsonLength) {
      throw new OfflineError(ErrorCode.INVALID_ENTRY, `The media entry is too large (${input.length} characters; at most ${ENTRY_LIMITS.jsonLength})`, {
        details: { problems: ['too large'] },
      });
    }
    try {
      data = JSON.parse(input);
    } catch (e) {
      throw new OfflineError(ErrorCode.INVALID_ENTRY, `The media entry is not valid JSON: ${(e as Error).message}`, {
        details: { problems: ['not valid JSON'] },
        cause: e,
      });
    }
  }
  const problems = new Problems();
  if (!isObject(data)) {
    problems.add('', `a media entry must be an object, not ${Array.isArray(data) ? 'an array' : data === null ? 'null' : typeof data}`);
    throw invalid(problems);
  }
  // Refuse what cannot be a real entry before looking at any of it.
  if (Array.isArray(data.sources) && data.sources.length > ENTRY_LIMITS.sources) {
    problems.add('sources', `has ${data.sources.length} sources (at most ${ENTRY_LIMITS.sources})`);
    throw invalid(problems);
  }
  checkShape(data, '', 0, problems);
  if (problems.list.length > 0) throw invalid(problems);
  const entryId = id(data.id, 'id', problems);
  const sources: MediaSource[] = [];
  if (!Array.isArray(data.sources) || data.sources.length === 0) {
    problems.add('sources', 'must be a non-empty array of sources');
  } else {
    data.sources.forEach((s, i) => {
      const parsed = mediaSource(s, `sources[${i}]`, `${entryId ?? 'source'}-${i}`, base, problems);
      if (parsed) sources.push(parsed);
    });
    const ids = sources.map((s) => s.id);
    const duplicate = ids.find((sid, i) => ids.indexOf(sid) !== i);
    if (duplicate) problems.add('sources', `source id "${duplicate}" is used twice`);
  }
  if (data.name !== undefined && data.name !== null && (typeof data.name !== 'string' || data.name.length > ENTRY_LIMITS.textLength)) {
    problems.add('name', `must be a string of at most ${ENTRY_LIMITS.textLength} characters`);
  }
  if (data.duration !== undefined && data.duration !== null) {
    if (typeof data.duration !== 'number' || !Number.isFinite(data.duration) || data.duration < 0) {
      problems.add('duration', 'must be a non-negative number of seconds');
    }
  }
  const mediaType = (data.mediaType ?? 'vod') as MediaType;
  if (!MEDIA_TYPES.includes(mediaType)) problems.add('mediaType', `must be one of ${MEDIA_TYPES.join(', ')}`);
  const metadata: MediaEntry['metadata'] = {};
  if (data.metadata !== undefined && data.metadata !== null) {
    if (!isObject(data.metadata)) problems.add('metadata', 'must be an object');
    else if (Object.keys(data.metadata).length > ENTRY_LIMITS.metadataKeys) problems.add('metadata', `has more than ${ENTRY_LIMITS.metadataKeys} keys`);
    else {
      for (const [key, value] of Object.entries(data.metadata)) {
        if (typeof value === 'string' && value.length > ENTRY_LIMITS.textLength) problems.add(`metadata.${key}`, `is longer than ${ENTRY_LIMITS.textLength} characters`);
        else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) metadata[key] = value as string;
        else problems.add(`metadata.${key}`, 'must be a string, number, boolean or null');
      }
    }
  }
  const thumbnailUrl = url(data.thumbnailUrl, 'thumbnailUrl', base, problems, false);
  if (problems.list.length > 0 || !entryId) throw invalid(problems);
  const entry: MediaEntry = { id: entryId, sources, mediaType, metadata };
  if (typeof data.name === 'string') entry.name = data.name;
  if (typeof data.duration === 'number') entry.duration = data.duration;
  if (thumbnailUrl) entry.thumbnailUrl = thumbnailUrl;
  return entry;
}

/**
 * Walks the whole input once: no key that reaches a prototype, no string
 * beyond its limit, no nesting deeper than an entry has.
 */
function checkShape(value: unknown, path: string, depth: number, problems: Problems): void {
  if (typeof value === 'string') {
    if (value.length > ENTRY_LIMITS.urlLength) problems.add(path, `is longer than ${ENTRY_LIMITS.urlLength} characters`);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= ENTRY_LIMITS.depth) {
    problems.add(path, `is nested deeper than ${ENTRY_LIMITS.depth} levels`);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > ENTRY_LIMITS.metadataKeys) problems.add(path, `has ${value.length} items (at most ${ENTRY_LIMITS.metadataKeys})`);
    else value.forEach((item, i) => checkShape(item, `${path}[${i}]`, depth + 1, problems));
    return;
  }
  const keys = Object.keys(value);
  if (keys.length > ENTRY_LIMITS.metadataKeys) {
    problems.add(path, `has ${keys.length} keys (at most ${ENTRY_LIMITS.metadataKeys})`);
    return;
  }
  for (const key of keys) {
    const at = path ? `${path}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) problems.add(at, 'is not allowed (it would reach an object prototype)');
    else checkShape((value as Json)[key], at, depth + 1, problems);
  }
}

function invalid(problems: Problems): OfflineError {
  const count = problems.list.length;
  return new OfflineError(
    ErrorCode.INVALID_ENTRY,
    `The media entry is not valid (${count} problem${count === 1 ? '' : 's'}): ${problems.list.join('; ')}`,
    { details: { problems: [...problems.list] } },
  );
}

/**
 * Entry URLs this page fetched, for the offline shell worker to keep
 * (registerOfflineShell sends them when it starts controlling the page).
 */
export const fetchedEntryUrls = new Set<string>();

/** Entries fetchMediaEntry made, and the URL each came from. */
const entryUrls = new WeakMap<object, string>();

/** The URL `entry` was fetched from by fetchMediaEntry (null for entries made otherwise). */
export function entryUrlOf(entry: unknown): string | null {
  return typeof entry === 'object' && entry !== null ? (entryUrls.get(entry) ?? null) : null;
}

/**
 * Fetches entry JSON from a URL and parses it (relative URLs resolve against
 * it). The request says `Accept: application/json`: that is how the offline
 * shell worker recognises entry JSON (kept for a cold start offline).
 */
export async function fetchMediaEntry(src: string, init?: RequestInit): Promise<MediaEntry> {
  if (typeof src !== 'string' || src.trim() === '') {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'fetchMediaEntry needs the URL of the entry JSON');
  }
  let href: string;
  try {
    href = new URL(src, defaultBase()).href;
  } catch (e) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `"${src}" is not a URL`, { cause: e });
  }
  if (!/^(https?|blob|data):/.test(href)) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `The entry URL must be http(s), blob: or data: (got "${href.slice(0, 40)}")`);
  }
  const headers = new Headers(init?.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  let response: Response;
  try {
    response = await fetch(href, { ...init, headers });
  } catch (e) {
    throw new OfflineError(ErrorCode.NETWORK_ERROR, `Could not fetch the media entry ${href}`, { cause: e, details: { url: href } });
  }
  if (!response.ok) {
    throw new OfflineError(ErrorCode.NETWORK_ERROR, `Could not fetch the media entry ${href}: HTTP ${response.status}`, {
      details: { url: href, status: response.status },
    });
  }
  const entry = parseMediaEntry(await response.text(), { baseUrl: href });
  if (fetchedEntryUrls.size < 200) fetchedEntryUrls.add(href);
  entryUrls.set(entry, href);
  return entry;
}

/**
 * fetchMediaEntry, with a way out when the entry cannot be fetched (offline,
 * or gone from the server): `stored(url)` is the entry kept with a download
 * made from that URL. Offline with none: NOT_AVAILABLE_OFFLINE.
 */
export async function fetchMediaEntryOrStored(src: string, stored: (url: string) => MediaEntry | null): Promise<MediaEntry> {
  try {
    return await fetchMediaEntry(src);
  } catch (e) {
    if (!OfflineError.is(e, ErrorCode.NETWORK_ERROR)) throw e;
    const kept = stored(new URL(src, defaultBase()).href);
    if (kept) return kept;
    const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
    if (offline) throw new OfflineError(ErrorCode.NOT_AVAILABLE_OFFLINE, 'You are offline and this video is not downloaded', { details: { url: src }, cause: e });
    throw e;
  }
}
