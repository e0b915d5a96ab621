import type { MediaEntry } from '../service/model/media-entry.js';

/**
 * Detail of `download-request` (from `<download-button>`, cancelable): fired
 * before a download starts or resumes. `preventDefault()` stops it.
 */
export interface DownloadRequestDetail {
  assetId: string;
  entry: MediaEntry;
  /** 'start', 'resume' or 'retry'. */
  action: 'start' | 'resume' | 'retry';
}

export type DownloadRequestEvent = CustomEvent<DownloadRequestDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'download-request': DownloadRequestEvent;
  }
}
