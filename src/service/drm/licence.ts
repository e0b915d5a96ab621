// What the manager keeps about a licence (in the LocalDataStore, under
// `offline-player/licence/<assetId>`), and the hook through which an app
// shapes licence requests (Kaltura's licence request adapter).
import type { DrmScheme } from '../model/media-entry.js';

export interface LicenceRecord {
  assetId: string;
  scheme: DrmScheme;
  keySystem: string;
  licenseUri: string;
  /** ClearKey: key id hex -> key hex. */
  keys?: Record<string, string>;
  /** Persistent EME sessions (Widevine, PlayReady). */
  sessionIds?: string[];
  acquiredAt: number;
  /** Epoch ms, or null when the licence does not expire. */
  expiresAt: number | null;
  /** Where expiresAt came from. */
  expirySource: 'key-system' | 'license-response' | 'drm-params' | null;
}

/** A licence request about to be sent. */
export interface LicenceRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body: Uint8Array | string | null;
  /** Why it is sent. */
  purpose: 'acquire' | 'renew' | 'release';
  scheme: DrmScheme;
  assetId: string;
}

/**
 * Called before every licence request (download, renewal, release): add
 * headers or tokens, wrap the body, change the URL. What it adds is used for
 * that request only and never stored.
 */
export type LicenceRequestAdapter = (request: LicenceRequest) => LicenceRequest | void | Promise<LicenceRequest | void>;

/** Remaining validity, in seconds (null: no expiry). */
export function remainingSeconds(record: Pick<LicenceRecord, 'expiresAt'>, now = Date.now()): number | null {
  return record.expiresAt === null ? null : Math.max(0, Math.floor((record.expiresAt - now) / 1000));
}

export function isExpired(record: Pick<LicenceRecord, 'expiresAt'>, now = Date.now()): boolean {
  return record.expiresAt !== null && record.expiresAt <= now;
}

/** Licence expiry: the licence response's, else the entry's DRM params', else none. */
export function licenceExpiry(
  responseExpiration: number | null,
  durationSeconds: number | undefined,
  now = Date.now(),
): Pick<LicenceRecord, 'expiresAt' | 'expirySource'> {
  if (responseExpiration !== null) return { expiresAt: responseExpiration, expirySource: 'license-response' };
  if (durationSeconds !== undefined) return { expiresAt: now + durationSeconds * 1000, expirySource: 'drm-params' };
  return { expiresAt: null, expirySource: null };
}
