// Every text <download-button> shows or announces, and how a page changes
// them: a `label-<name>` attribute (label-storage-full for storageFull), then
// the `labels` property, then the built-in table for the element's language
// (shared/locales/), then these English defaults. The words for errors and
// sizes (shared/common.labels.ts) change through the `labels` property.
import { kebab } from '../shared/i18n.js';

export interface DownloadButtonLabels {
  download: string;
  pause: string;
  resume: string;
  retry: string;
  remove: string;
  cancel: string;
  preparing: string;
  completed: string;
  /** Progress text; `{percent}` is replaced by the number. */
  progress: string;
  /** Paused because the page closed mid-download. */
  interrupted: string;
  /** Paused because the network went away (it resumes by itself). */
  waiting: string;
  /** Paused because the network is metered and the manager downloads on unmetered ones only (`downloadOn`). */
  waitingWifi: string;
  /** Waiting in the download queue; `{position}` is its place ("2nd"). */
  queued: string;
  /** Stopped because the storage quota is full. */
  storageFull: string;
  /** Downloaded, but its licence expired. */
  expired: string;
  /** Nothing can be downloaded: the entry is not valid, or offline and not downloaded. */
  unavailable: string;
  /** The accessible name of the progress bar. */
  progressName: string;
  /** The menu and its button: the qualities and languages to download. */
  options: string;
  /** In the menu while the choices are worked out. */
  loading: string;
  quality: string;
  audio: string;
  subtitles: string;
  /** A track whose language is not known. */
  unknownLanguage: string;
  /** The confirmation before a download is removed, or cancelled while in progress. */
  confirmRemove: string;
  confirmCancel: string;
  /** Under the question; `{title}` is the video's name. */
  confirmText: string;
  /** The button that keeps the download. */
  keep: string;
}

export const DEFAULT_LABELS: DownloadButtonLabels = {
  download: 'Download',
  pause: 'Pause download',
  resume: 'Resume download',
  retry: 'Retry download',
  remove: 'Remove download',
  cancel: 'Cancel download',
  preparing: 'Preparing download',
  completed: 'Downloaded',
  progress: '{percent}% downloaded',
  interrupted: 'Interrupted: resume',
  waiting: 'Waiting for network',
  waitingWifi: 'Waiting for Wi-Fi',
  queued: 'Queued ({position})',
  storageFull: 'Storage full',
  expired: 'Licence expired: renew',
  unavailable: 'Cannot download',
  progressName: 'Download progress',
  options: 'Download options',
  loading: 'Loading choices…',
  quality: 'Quality',
  audio: 'Audio',
  subtitles: 'Subtitles',
  unknownLanguage: 'Unknown language',
  confirmRemove: 'Remove this download?',
  confirmCancel: 'Cancel this download?',
  confirmText: '“{title}” will be deleted from this device.',
  keep: 'Keep',
};

/** The attributes that change a label: `label-download`, ..., `label-storage-full`. */
export const LABEL_ATTRIBUTES = Object.keys(DEFAULT_LABELS).map((name) => `label-${kebab(name)}`);
