// The texts of <offline-downloads>: a `label-<name>` attribute, then the
// `labels` property, then the built-in table for the element's language, then
// these English defaults.
import { kebab } from '../shared/i18n.js';

export interface OfflineDownloadsLabels {
  /** The list's accessible name. */
  list: string;
  empty: string;
  emptyHint: string;
  play: string;
  pause: string;
  resume: string;
  retry: string;
  renew: string;
  remove: string;
  cancel: string;
  preparing: string;
  downloading: string;
  paused: string;
  interrupted: string;
  waiting: string;
  /** Paused until the network is not metered (`downloadOn: 'unmetered'`). */
  waitingWifi: string;
  /** Waiting in the download queue; `{position}` is its place ("2nd"). */
  queued: string;
  /** Moves a queued download to the front of the queue. */
  next: string;
  storageFull: string;
  failed: string;
  completed: string;
  expired: string;
  corrupt: string;
  /** The accessible name of each progress bar. */
  progressName: string;
  /** `{percent}` is replaced. */
  progress: string;
  /** `{used}` and `{quota}` are sizes. */
  storageUsed: string;
  persistent: string;
  notPersistent: string;
  /** Shown while the browser has no network. */
  offline: string;
  /** Subtitles in the summary of what was downloaded; `{languages}` is replaced. */
  subtitlesIn: string;
  unknownLanguage: string;
  confirmRemove: string;
  confirmCancel: string;
  /** `{title}` is the video's name. */
  confirmText: string;
  keep: string;
}

export const DOWNLOADS_LABELS: OfflineDownloadsLabels = {
  list: 'Downloads',
  empty: 'No downloads yet',
  emptyHint: 'Videos you download appear here and play without a network.',
  play: 'Play',
  pause: 'Pause',
  resume: 'Resume',
  retry: 'Retry',
  renew: 'Renew licence',
  remove: 'Remove',
  cancel: 'Cancel',
  preparing: 'Preparing',
  downloading: 'Downloading',
  paused: 'Paused',
  interrupted: 'Interrupted',
  waiting: 'Waiting for network',
  waitingWifi: 'Waiting for Wi-Fi',
  queued: 'Queued ({position})',
  next: 'Download next',
  storageFull: 'Storage full',
  failed: 'Download failed',
  completed: 'Downloaded',
  expired: 'Licence expired',
  corrupt: 'Damaged: remove it',
  progressName: 'Download progress',
  progress: '{percent}% downloaded',
  storageUsed: '{used} of {quota} used',
  persistent: 'Kept until you remove them',
  notPersistent: 'The browser may delete them when space runs low',
  offline: 'You are offline: downloaded videos still play.',
  subtitlesIn: 'subtitles: {languages}',
  unknownLanguage: 'Unknown language',
  confirmRemove: 'Remove this download?',
  confirmCancel: 'Cancel this download?',
  confirmText: '“{title}” will be deleted from this device.',
  keep: 'Keep',
};

export const DOWNLOADS_LABEL_ATTRIBUTES = Object.keys(DOWNLOADS_LABELS).map((name) => `label-${kebab(name)}`);
