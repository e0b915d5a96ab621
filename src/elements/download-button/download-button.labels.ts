// Every text <download-button> shows or announces, and how a page changes
// them: a `label-<name>` attribute (label-storage-full for storageFull), then
// the `labels` property, then the default.

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
  /** Stopped because the storage quota is full. */
  storageFull: string;
  /** Downloaded, but its licence expired. */
  expired: string;
  /** Nothing can be downloaded: the entry is not valid, or offline and not downloaded. */
  unavailable: string;
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
  storageFull: 'Storage full',
  expired: 'Licence expired: renew',
  unavailable: 'Cannot download',
};

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The attributes that change a label: `label-download`, ..., `label-storage-full`. */
export const LABEL_ATTRIBUTES = Object.keys(DEFAULT_LABELS).map((name) => `label-${kebab(name)}`);

export function labelOf(host: Element, labels: Partial<DownloadButtonLabels>, name: keyof DownloadButtonLabels): string {
  return host.getAttribute(`label-${kebab(name)}`) ?? labels[name] ?? DEFAULT_LABELS[name];
}
