/**
 * Detail of `remove-request` (from `<download-button>`, cancelable): fired
 * before a completed download is removed or one in progress is cancelled.
 * `preventDefault()` keeps it.
 */
export interface RemoveRequestDetail {
  assetId: string;
  /** True when cancelling a download in progress (or paused/failed). */
  cancel: boolean;
}

export type RemoveRequestEvent = CustomEvent<RemoveRequestDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'remove-request': RemoveRequestEvent;
  }
}
