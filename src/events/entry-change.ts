import type { MediaEntry } from '../service/model/media-entry.js';

/** Detail of `entry-change` (from `<offline-player>`): its entry was set or loaded (null when cleared). */
export interface EntryChangeDetail {
  entry: MediaEntry | null;
}

export type EntryChangeEvent = CustomEvent<EntryChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'entry-change': EntryChangeEvent;
  }
}
