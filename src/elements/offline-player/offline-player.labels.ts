// The texts of <offline-player>: the `local-label` / `offline-label`
// attributes, then the `labels` property, then the built-in table for the
// element's language, then these English defaults. Error messages are the
// shared ones (shared/common.labels.ts), also changeable through `labels`.
export interface OfflinePlayerLabels {
  /** The badge while the downloaded copy plays. */
  downloaded: string;
  /** The badge while the browser has no network. */
  offline: string;
  /** The video's accessible name when the entry has no name. */
  video: string;
}

export const PLAYER_LABELS: OfflinePlayerLabels = {
  downloaded: 'Downloaded',
  offline: 'Offline',
  video: 'Video',
};
