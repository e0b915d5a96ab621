/** Detail of `download-progress`: bytes kept so far and the best estimate of the total. */
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
