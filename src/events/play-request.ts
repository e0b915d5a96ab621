import type { MediaEntry } from '../service/model/media-entry.js';

/**
 * Detail of `play-request` (from `<offline-downloads>`, cancelable): a person
 * asked to play a download. Without `preventDefault()`, the list's linked
 * player (`for=`) plays it; a page with no linked player handles it itself
 * (opens the video's page, for example).
 */
export interface PlayRequestDetail {
  assetId: string;
  /** The entry kept with the download. */
  entry: MediaEntry | null;
}

export type PlayRequestEvent = CustomEvent<PlayRequestDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'play-request': PlayRequestEvent;
  }
}
