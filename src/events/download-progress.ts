/** Detail of `download-progress`: bytes stored so far (never more than is stored) and the best estimate of the total. */
export interface DownloadProgressDetail {
  assetId: string;
  bytesDownloaded: number;
  estimatedTotalBytes: number;
  /** 0..1, never decreasing during a download; 1 only once every byte is stored. */
  fraction: number;
}

export type DownloadProgressEvent = CustomEvent<DownloadProgressDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'download-progress': DownloadProgressEvent;
  }
}
