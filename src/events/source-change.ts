import type { MediaSource } from '../service/model/media-entry.js';

/** Detail of `source-change` (from `<offline-player>`): what is playing now. */
export interface SourceChangeDetail {
  /** True when the local (downloaded) copy plays. */
  local: boolean;
  mediaSource: MediaSource;
}

export type SourceChangeEvent = CustomEvent<SourceChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'source-change': SourceChangeEvent;
  }
}
