// ClearKey for offline: the keys are fetched from the licence server while
// online (W3C ClearKey JSON format), kept in the LocalDataStore, and given to
// Shaka as `drm.clearKeys` when playing offline: no licence request then.
import { ErrorCode, OfflineError } from '../../errors.js';
import { base64UrlToHex, bytesToHex, hexToBase64Url } from '../util/encoding.js';
import type { ManifestDB } from '../databases/shaka-db.js';
import type { LicenceRequestAdapter } from './licence.js';
import { sendLicenceRequest } from './licence-request.js';

export interface ClearKeyLicence {
  keys: Record<string, string>;
  /** Epoch ms from the licence response's `expiration`, when present. */
  expiration: number | null;
}

export async function requestClearKeys(
  licenseUri: string,
  keyIds: string[],
  context: { assetId: string; purpose: 'acquire' | 'renew'; adapter?: LicenceRequestAdapter },
): Promise<ClearKeyLicence> {
  const body = JSON.stringify({ kids: keyIds.map(hexToBase64Url), type: 'temporary' });
  const bytes = await sendLicenceRequest(
    {
      url: licenseUri,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      purpose: context.purpose,
      scheme: 'clearkey',
      assetId: context.assetId,
    },
    context.adapter,
  );
  let parsed: { keys?: Array<{ kid?: string; k?: string }>; expiration?: unknown };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, 'The ClearKey licence is not JSON', { cause: e });
  }
  const keys: Record<string, string> = {};
  for (const { kid, k } of parsed.keys ?? []) if (kid && k) keys[base64UrlToHex(kid)] = base64UrlToHex(k);
  const missing = keyIds.filter((kid) => !keys[kid]);
  if (missing.length > 0) {
    throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The ClearKey licence lacks ${missing.length} key(s)`, { details: { missing } });
  }
  const expiration = typeof parsed.expiration === 'number' && Number.isFinite(parsed.expiration) ? parsed.expiration : null;
  return { keys, expiration };
}

/** Key ids (hex) the manifest declares (DASH `cenc:default_KID`, HLS KEYID). */
export function manifestKeyIds(manifest: ManifestDB): string[] {
  const ids = new Set<string>();
  for (const id of manifest.drmInfo?.keyIds ?? []) ids.add(id.toLowerCase());
  for (const stream of manifest.streams) for (const id of stream.keyIds ?? []) ids.add(id.toLowerCase());
  return [...ids];
}

/** Key ids from an init segment's `tenc` boxes (default_KID). */
export function initSegmentKeyIds(data: Uint8Array): string[] {
  const ids = new Set<string>();
  const tenc = [0x74, 0x65, 0x6e, 0x63];
  for (let i = 4; i + 28 <= data.length; i++) {
    if (data[i] === tenc[0] && data[i + 1] === tenc[1] && data[i + 2] === tenc[2] && data[i + 3] === tenc[3]) {
      // size(4) 'tenc'(4) version(1) flags(3) reserved(1) reserved|pattern(1) isProtected(1) ivSize(1) KID(16)
      const kid = data.subarray(i + 12, i + 28);
      ids.add(bytesToHex(kid));
    }
  }
  return [...ids];
}
