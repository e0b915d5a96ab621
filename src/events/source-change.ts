import type { MediaSource } from '../service/model/media-entry.js';

/** Detail of `source-change` (from `<offline-player>`): what is playing now. */
export interface SourceChangeDetail {
  /** True when the local (downloaded) copy plays. */
  local: boolean;
  /**
   * True when an asset still downloading (or paused) plays: its stored
   * segments from storage, the rest from the network (`local` is false).
   */
  partial: boolean;
  mediaSource: MediaSource;
}

export type SourceChangeEvent = CustomEvent<SourceChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'source-change': SourceChangeEvent;
  }
}
