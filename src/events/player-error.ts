import type { OfflineError } from '../errors.js';

/** Detail of `player-error` (from `<offline-player>`): playback failed or was refused. */
export interface PlayerErrorDetail {
  /** PLAYBACK_ERROR, LICENSE_EXPIRED, NO_DOWNLOADABLE_SOURCE, INVALID_ENTRY, NETWORK_ERROR... */
  error: OfflineError;
}

export type PlayerErrorEvent = CustomEvent<PlayerErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'player-error': PlayerErrorEvent;
  }
}
