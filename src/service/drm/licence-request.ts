import { ErrorCode, OfflineError } from '../../errors.js';
import type { LicenceRequest, LicenceRequestAdapter } from './licence.js';

/** Sends a licence request through the app's adapter; resolves with the response bytes. */
export async function sendLicenceRequest(request: LicenceRequest, adapter?: LicenceRequestAdapter): Promise<Uint8Array> {
  let final = request;
  if (adapter) {
    try {
      final = (await adapter({ ...request, headers: { ...request.headers } })) ?? request;
    } catch (e) {
      throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The licence request adapter threw: ${(e as Error)?.message ?? e}`, { cause: e });
    }
  }
  let response: Response;
  try {
    response = await fetch(final.url, {
      method: final.method,
      headers: final.headers,
      body: final.method === 'GET' ? undefined : (final.body as BodyInit | null),
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (e) {
    throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The licence server ${final.url} could not be reached`, {
      details: { url: final.url },
      cause: e,
    });
  }
  if (!response.ok) {
    let reason = '';
    try {
      const body = await response.json();
      reason = body?.message ?? body?.error ?? '';
    } catch {
      // not JSON
    }
    throw new OfflineError(
      ErrorCode.LICENSE_REQUEST_FAILED,
      `The licence server refused the request: HTTP ${response.status}${reason ? ` (${reason})` : ''}`,
      { details: { url: final.url, status: response.status } },
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}
