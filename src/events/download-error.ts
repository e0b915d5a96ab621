import type { OfflineError } from '../errors.js';

/** Detail of `download-error`: a download failed (its state becomes `failed`). */
export interface DownloadErrorDetail {
  assetId: string;
  error: OfflineError;
}

export type DownloadErrorEvent = CustomEvent<DownloadErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'download-error': DownloadErrorEvent;
  }
}
