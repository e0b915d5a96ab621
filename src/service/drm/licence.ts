// What the manager keeps about a licence (in the LocalDataStore, under
// `offline-player/licence/<assetId>`), and the hook through which an app
// shapes licence requests (Kaltura's licence request adapter).
import type { DrmScheme } from '../model/media-entry.js';

/**
 * How a download's licence is kept. 'offline' (the default): a licence that
 * plays with no network (ClearKey keys kept by the manager, or a persistent
 * EME licence). 'online': no licence is kept; each time the asset plays, a
 * temporary licence is requested, so it plays only while online. The only way
 * to store DRM media where the key system has no persistent licences (desktop
 * Chrome's Widevine), and a choice elsewhere (a licence policy that forbids
 * keeping keys; slow or metered networks that should not fetch the media twice).
 */
export type LicenceMode = 'offline' | 'online';

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
  /**
   * Why it is sent: `acquire` (a download's licence, or an HLS key fetched
   * while downloading), `renew`, `release`, or `play` (a licence or key for
   * the player: streaming online, or an asset kept with licenceMode 'online').
   */
  purpose: 'acquire' | 'renew' | 'release' | 'play';
  /** The DRM scheme, or `aes-128` for an HLS AES-128 key (a GET of the key's URI). */
  scheme: DrmScheme | 'aes-128';
  /** The asset the request is for (for the player: its asset id, or the entry's id). */
  assetId: string;
}

/**
 * Called before every licence request (download, renewal, release, the
 * player's own licence and key requests, online or local): add
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
