// The seed's "renew": a fresh licence for a downloaded asset, fetched while
// online and stored in place of the old one.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { AssetRecord } from '../registry/asset-record.js';
import { ShakaDb } from '../databases/shaka-db.js';
import { requestClearKeys } from './clearkey.js';
import { type LicenceRecord, type LicenceRequestAdapter, licenceExpiry } from './licence.js';
import { acquirePersistentLicence, releasePersistentLicence } from './persistent.js';

export async function renewLicence(record: AssetRecord, licence: LicenceRecord, adapter?: LicenceRequestAdapter): Promise<LicenceRecord> {
  const drm = record.source.drmData.find((d) => d.scheme === licence.scheme);
  const durationSeconds = drm?.licenseDurationSeconds;
  const context = { assetId: record.assetId, purpose: 'renew' as const, adapter };
  if (licence.keys) {
    const fresh = await requestClearKeys(licence.licenseUri, Object.keys(licence.keys), context);
    return { ...licence, keys: fresh.keys, acquiredAt: Date.now(), ...licenceExpiry(fresh.expiration, durationSeconds) };
  }
  if (licence.sessionIds && record.manifestKey !== null) {
    const manifest = await ShakaDb.getManifest(record.manifestKey);
    const initData = (manifest?.drmInfo?.initData ?? []).map((d) => ({ initData: d.initData, initDataType: d.initDataType }));
    const base = { keySystem: licence.keySystem, scheme: licence.scheme, licenseUri: licence.licenseUri, assetId: record.assetId, adapter };
    const { sessionIds, expiration } = await acquirePersistentLicence(initData, { ...base, purpose: 'renew' });
    manifest!.sessionIds = sessionIds;
    await ShakaDb.putManifest(record.manifestKey, manifest!);
    await releasePersistentLicence(licence.sessionIds, base);
    const expiry = expiration !== null ? { expiresAt: expiration, expirySource: 'key-system' as const } : licenceExpiry(null, durationSeconds);
    return { ...licence, sessionIds, acquiredAt: Date.now(), ...expiry };
  }
  throw new OfflineError(ErrorCode.INVALID_STATE, `"${record.assetId}" has no licence to renew`);
}
