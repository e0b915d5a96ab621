// HLS METHOD=AES-128: whole segments encrypted with AES-128-CBC (PKCS#7
// padding). Shaka's offline playback expects the stored bytes to be clear (it
// decrypts while storing), so a segment is decrypted once all its bytes are
// in, after any ranged resume: partials keep the bytes as served. Each key is
// fetched once per run, through the licence request adapter and the one retry
// policy, and held only in memory as a non-extractable CryptoKey: no key is
// ever stored.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { LicenceRequestAdapter } from '../drm/licence.js';
import type { AesPlan } from './planner.js';
import { fetchRange } from './fetch-resource.js';
import type { FetchPolicy } from './retry.js';
import { hexToBytes } from '../util/encoding.js';

export class Aes128Decryptor {
  private readonly keys = new Map<number, Promise<CryptoKey>>();

  constructor(
    private readonly plan: AesPlan,
    private readonly context: { assetId: string; policy: FetchPolicy; adapter?: LicenceRequestAdapter },
  ) {}

  /** The clear bytes of the resource `refId` (the bytes as they are when it is not AES-128). */
  async decrypt(refId: string, data: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
    const entry = this.plan.segments[refId];
    if (!entry) return data;
    const [index, ivHex] = entry;
    const key = await this.key(index, signal);
    try {
      return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: hexToBytes(ivHex) as BufferSource }, key, data as BufferSource));
    } catch (e) {
      // WebCrypto checks the padding: a wrong key or IV, or bytes that are not what was encrypted.
      throw new OfflineError(ErrorCode.MANIFEST_ERROR, `A segment could not be decrypted with its AES-128 key (${this.plan.keys[index]}): the key or the IV does not fit its data`, {
        details: { refId, keyUri: this.plan.keys[index] },
        cause: e,
      });
    }
  }

  private key(index: number, signal: AbortSignal): Promise<CryptoKey> {
    let key = this.keys.get(index);
    if (!key) {
      key = this.fetchKey(this.plan.keys[index], signal);
      this.keys.set(index, key);
      key.catch(() => this.keys.delete(index));
    }
    return key;
  }

  private async fetchKey(keyUri: string, signal: AbortSignal): Promise<CryptoKey> {
    const { assetId, policy, adapter } = this.context;
    let request = { url: keyUri, method: 'GET' as const, headers: {} as Record<string, string> };
    if (adapter) {
      try {
        const adapted = await adapter({ ...request, body: null, purpose: 'acquire', scheme: 'aes-128', assetId });
        if (adapted) request = { url: adapted.url, method: 'GET', headers: { ...adapted.headers } };
      } catch (e) {
        throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The licence request adapter threw: ${(e as Error)?.message ?? e}`, { cause: e });
      }
    }
    let bytes: Uint8Array;
    try {
      bytes = await fetchRange([request.url], 0, null, { ...policy, requestInit: () => ({ headers: request.headers }) }, signal);
    } catch (e) {
      if (OfflineError.is(e, ErrorCode.NETWORK_ERROR) && typeof e.details.status === 'number') {
        throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The key server refused the AES-128 key: HTTP ${e.details.status}`, { details: { url: keyUri, status: e.details.status }, cause: e });
      }
      throw e;
    }
    if (bytes.byteLength !== 16) {
      throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The AES-128 key at ${keyUri} is ${bytes.byteLength} bytes long, not 16`, { details: { url: keyUri } });
    }
    return crypto.subtle.importKey('raw', bytes as BufferSource, { name: 'AES-CBC' }, false, ['decrypt']);
  }
}
