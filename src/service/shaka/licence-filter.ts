// The app's licence request adapter applied to Shaka's own licence and key
// requests: those of the planner (HLS identity and AES-128 keys read while
// parsing) and those of the player (streaming online, and a local copy kept
// with licenceMode 'online'). What the adapter adds goes into that request
// only: nothing here keeps it.
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { ErrorCode, OfflineError } from '../../errors.js';
import { readManifest } from '../download/manifest-facts.js';
import type { LicenceRequest, LicenceRequestAdapter } from '../drm/licence.js';
import { type DrmScheme, normalizeDrmScheme } from '../model/media-entry.js';
import type { Shaka } from './shaka.js';

export interface LicenceFilterContext {
  adapter: LicenceRequestAdapter | undefined;
  assetId: string;
  /** The source's DRM scheme (null: clear, or not known). */
  scheme: DrmScheme | null;
  purpose: LicenceRequest['purpose'];
}

type Net = shaka.net.NetworkingEngine;

/**
 * Registers the filters on a networking engine: every LICENSE and KEY request
 * goes through the adapter `context()` names (when there is one). AES-128 key
 * URIs are learnt from the playlists Shaka reads, so the adapter is told
 * `scheme: 'aes-128'` for those.
 */
export function installLicenceFilter(shakaLib: Shaka, net: Net, context: () => LicenceFilterContext | null): void {
  const types = shakaLib.net.NetworkingEngine.RequestType;
  const aesKeys = new Set<string>();
  net.registerResponseFilter((type, response) => {
    if (type !== types.MANIFEST || !response.data) return;
    for (const uri of readManifest(textOf(response.data), response.uri).aesKeyUris) aesKeys.add(uri);
  });
  net.registerRequestFilter(async (type, request) => {
    if (type !== types.LICENSE && type !== types.KEY) return;
    // Kept keys (drm.clearKeys) and inline keys are `data:` URIs: nothing leaves the browser, nothing to adapt.
    if (request.uris.every((uri) => uri.startsWith('data:'))) return;
    const ctx = context();
    if (!ctx?.adapter) return;
    const aes = type === types.KEY && request.uris.some((uri) => aesKeys.has(uri));
    // A licence request names its key system (Shaka's request.drmInfo); an HLS identity key is ClearKey.
    const keySystem = request.drmInfo?.keySystem;
    const scheme = aes ? 'aes-128' : ((keySystem ? normalizeDrmScheme(keySystem) : null) ?? ctx.scheme ?? 'clearkey');
    await adaptShakaRequest(request, ctx.adapter, { assetId: ctx.assetId, purpose: ctx.purpose, scheme });
  });
}

export function textOf(data: ArrayBuffer | ArrayBufferView): string {
  return new TextDecoder().decode(data);
}

/** Runs one Shaka request through the adapter, in place. */
async function adaptShakaRequest(
  request: shaka.extern.Request,
  adapter: LicenceRequestAdapter,
  about: Pick<LicenceRequest, 'assetId' | 'purpose' | 'scheme'>,
): Promise<void> {
  const body = request.body ? new Uint8Array(ArrayBuffer.isView(request.body) ? request.body.buffer.slice(request.body.byteOffset, request.body.byteOffset + request.body.byteLength) : request.body) : null;
  let adapted: LicenceRequest | void;
  try {
    adapted = await adapter({ url: request.uris[0], method: request.method === 'GET' ? 'GET' : 'POST', headers: { ...request.headers }, body, ...about });
  } catch (e) {
    throw new OfflineError(ErrorCode.LICENSE_REQUEST_FAILED, `The licence request adapter threw: ${(e as Error)?.message ?? e}`, { cause: e });
  }
  if (!adapted) return;
  request.uris = [adapted.url];
  request.method = adapted.method;
  request.headers = { ...adapted.headers };
  if (adapted.body !== null) {
    request.body = typeof adapted.body === 'string' ? new TextEncoder().encode(adapted.body).buffer : (adapted.body.slice().buffer as ArrayBuffer);
  }
}
