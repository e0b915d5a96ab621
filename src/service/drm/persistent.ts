// Persistent licences (Widevine, PlayReady) with plain EME: a
// `persistent-license` session is created and its licence fetched while
// online; its session id goes into the stored manifest (`sessionIds`), where
// Shaka's offline playback loads it with no network. Removal loads the
// session and releases it (the release message goes to the licence server).
import { ErrorCode, OfflineError } from '../../errors.js';
import type { DrmScheme } from '../model/media-entry.js';
import type { LicenceRequestAdapter } from './licence.js';
import { sendLicenceRequest } from './licence-request.js';
import { keySystemConfig } from '../capabilities/capabilities.js';


interface Context {
  keySystem: string;
  scheme: DrmScheme;
  licenseUri: string;
  assetId: string;
  adapter?: LicenceRequestAdapter;
}

async function mediaKeys(keySystem: string): Promise<MediaKeys> {
  try {
    const access = await navigator.requestMediaKeySystemAccess(keySystem, keySystemConfig(true));
    return await access.createMediaKeys();
  } catch (e) {
    throw new OfflineError(ErrorCode.UNSUPPORTED_DRM, `${keySystem} offers no persistent licences in this browser`, { cause: e });
  }
}

/** Answers every licence message of a session until `done` resolves. */
function answerMessages(session: MediaKeySession, context: Context, purpose: 'acquire' | 'renew' | 'release'): Promise<void> {
  return new Promise((resolve, reject) => {
    session.addEventListener('message', async (event) => {
      try {
        const response = await sendLicenceRequest(
          {
            url: context.licenseUri,
            method: 'POST',
            headers: { 'Content-Type': 'application/octet-stream' },
            body: new Uint8Array(event.message),
            purpose,
            scheme: context.scheme,
            assetId: context.assetId,
          },
          context.adapter,
        );
        await session.update(response as BufferSource);
        resolve();
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** Creates persistent sessions for each init data; resolves with their ids and expiry. */
export async function acquirePersistentLicence(
  initData: Array<{ initData: Uint8Array; initDataType: string }>,
  context: Context & { purpose?: 'acquire' | 'renew' },
): Promise<{ sessionIds: string[]; expiration: number | null }> {
  if (initData.length === 0) {
    throw new OfflineError(ErrorCode.UNSUPPORTED_DRM, 'The manifest carries no DRM init data (PSSH) to request a persistent licence with');
  }
  const keys = await mediaKeys(context.keySystem);
  const sessionIds: string[] = [];
  let expiration: number | null = null;
  for (const { initData: data, initDataType } of initData) {
    const session = keys.createSession('persistent-license');
    const answered = answerMessages(session, context, context.purpose ?? 'acquire');
    await session.generateRequest(initDataType, data as BufferSource);
    await answered;
    sessionIds.push(session.sessionId);
    if (Number.isFinite(session.expiration)) expiration = Math.min(expiration ?? Infinity, session.expiration);
    await session.close();
  }
  return { sessionIds, expiration };
}

/** Releases persistent sessions; resolves false when one could not be released. */
export async function releasePersistentLicence(sessionIds: string[], context: Context): Promise<boolean> {
  let keys: MediaKeys;
  try {
    keys = await mediaKeys(context.keySystem);
  } catch {
    return false;
  }
  let ok = true;
  for (const id of sessionIds) {
    try {
      const session = keys.createSession('persistent-license');
      if (!(await session.load(id))) continue;
      const released = answerMessages(session, context, 'release');
      await session.remove();
      await Promise.race([released, new Promise((r) => setTimeout(r, 10000))]);
      await session.close().catch(() => {});
    } catch {
      ok = false;
    }
  }
  return ok;
}
