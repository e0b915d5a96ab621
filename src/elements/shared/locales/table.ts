// The shape of a built-in translation: every element's words, and the shared
// ones. A missing word falls back to English.
import type { DownloadButtonLabels } from '../../download-button/download-button.labels.js';
import type { OfflineDownloadsLabels } from '../../offline-downloads/offline-downloads.labels.js';
import type { OfflinePlayerLabels } from '../../offline-player/offline-player.labels.js';
import type { CommonLabels } from '../common.labels.js';

export interface LocaleTable {
  common: Partial<CommonLabels>;
  button: Partial<DownloadButtonLabels>;
  player: Partial<OfflinePlayerLabels>;
  downloads: Partial<OfflineDownloadsLabels>;
}
