// Checks of the manager's arguments: bad input is a typed error, thrown before
// anything is touched.
import { ErrorCode, OfflineError } from '../errors.js';
import type { LocalDataStore } from '../storage/local-data-store.js';
import type { MediaEntry, MediaSource } from './model/media-entry.js';
import { parseMediaEntry } from './model/parse-entry.js';

export function checkId(id: unknown, name: string): string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `${name} must be a non-empty string`, { details: { [name]: id } });
  }
  return id;
}

export function checkUrl(value: unknown, name: string): string {
  try {
    if (typeof value !== 'string' || value.trim() === '') throw new TypeError('not a string');
    return new URL(value, document.baseURI).href;
  } catch (e) {
    throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `${name} must be a URL`, { details: { [name]: value }, cause: e });
  }
}

/** A MediaEntry from whatever the app gave (validated: INVALID_ENTRY otherwise). */
export function toEntry(entry: unknown): MediaEntry {
  return parseMediaEntry(entry);
}

/** A MediaSource from whatever the app gave (validated). */
export function checkSource(source: unknown): MediaSource {
  return parseMediaEntry({ id: 'source-check', sources: [source] }).sources[0];
}

export function isStore(value: unknown): value is LocalDataStore {
  const s = value as LocalDataStore;
  return !!s && typeof s.save === 'function' && typeof s.load === 'function' && typeof s.remove === 'function';
}
