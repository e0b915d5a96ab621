// Shaka's errors (shaka.util.Error: numeric category and code, data array)
// turned into OfflineErrors with our stable codes.
import { type ErrorCode as Code, ErrorCode, OfflineError, isQuotaError, storageError } from '../../errors.js';

interface ShakaErrorLike {
  category: number;
  code: number;
  data?: unknown[];
  message?: string;
}

const isShakaError = (e: unknown): e is ShakaErrorLike =>
  typeof e === 'object' && e !== null && typeof (e as ShakaErrorLike).code === 'number' && typeof (e as ShakaErrorLike).category === 'number';

// Categories (shaka.util.Error.Category).
const NETWORK = 1;
const MANIFEST = 4;
const DRM = 6;
const STORAGE = 9;

export function fromShakaError(e: unknown, doing: string, fallback: Code = ErrorCode.MANIFEST_ERROR): OfflineError {
  if (e instanceof OfflineError) return e;
  if (isQuotaError(e)) return storageError(doing, e);
  if (!isShakaError(e)) {
    return new OfflineError(fallback, `${capitalize(doing)} failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
  const details: Record<string, unknown> = { shakaCode: e.code, shakaCategory: e.category };
  const data = e.data ?? [];
  if (e.category === NETWORK) {
    // BAD_HTTP_STATUS (1001): [uri, status, responseText, headers, requestType, responseURI]
    if (e.code === 1001) Object.assign(details, { url: data[0], status: data[1] });
    else if (typeof data[0] === 'string') details.url = data[0];
    // A failing request (1006) or response (1007) filter carries our own error.
    if ((e.code === 1006 || e.code === 1007) && data[0] instanceof OfflineError) return data[0];
    // A scheme of ours (offline-stream:) carries it in an HTTP_ERROR: [uri, cause, requestType].
    if (e.code === 1002 && data[1] instanceof OfflineError) return data[1];
    const what = details.status ? `HTTP ${details.status}` : 'a network error';
    return new OfflineError(fallback, `${capitalize(doing)} failed: ${what}${details.url ? ` (${details.url})` : ''}`, { details, cause: e });
  }
  let code: Code = fallback;
  let reason = `Shaka error ${e.code}`;
  if (e.category === MANIFEST && e.code === 4040) {
    code = ErrorCode.UNSUPPORTED_CONTENT;
    reason = 'SAMPLE-AES encryption in MPEG-2 TS cannot be decrypted by Media Source Extensions in this browser';
    details.reason = 'hls-sample-aes-ts';
  } else if (e.category === MANIFEST) {
    code = ErrorCode.MANIFEST_ERROR;
    reason = e.code === 4032 || e.code === 4012 ? 'no stream of it can be played in this browser' : `the manifest is not valid (Shaka error ${e.code})`;
  } else if (e.category === DRM) {
    code = e.code === 6007 || e.code === 6008 ? ErrorCode.LICENSE_REQUEST_FAILED : ErrorCode.UNSUPPORTED_DRM;
    reason = `DRM failed (Shaka error ${e.code})`;
  } else if (e.category === STORAGE && e.code === 9005) {
    code = ErrorCode.LIVE_NOT_SUPPORTED;
    reason = 'this is a live stream: only on-demand videos can be downloaded';
  } else if (e.category === STORAGE && e.code === 9014) {
    code = ErrorCode.QUOTA_EXCEEDED;
    reason = 'the storage quota is too small';
  }
  return new OfflineError(code, `${capitalize(doing)} failed: ${reason}`, { details, cause: e });
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
