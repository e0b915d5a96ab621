import type { LicenceRecord, LicenceRequestAdapter } from './licence.js';
import { releasePersistentLicence } from './persistent.js';

/**
 * Releases what a licence holds outside our records: persistent EME sessions.
 * ClearKey keys live only in the LocalDataStore, so there is nothing to
 * release. Resolves false when a release failed (retried at start-up).
 */
export async function releaseLicence(licence: LicenceRecord, adapter?: LicenceRequestAdapter): Promise<boolean> {
  if (!licence.sessionIds?.length) return true;
  return releasePersistentLicence(licence.sessionIds, {
    keySystem: licence.keySystem,
    scheme: licence.scheme,
    licenseUri: licence.licenseUri,
    assetId: licence.assetId,
    adapter,
  });
}
