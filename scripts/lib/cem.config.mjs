// Options for `cem analyze` (scripts/custom-elements.mjs). The analyzer writes
// its output path into package.json's "customElements" by default, which made
// `--check` (output in .cache/) point the published field at a file that is not
// shipped: the field is kept by hand instead, and the package check verifies it.
// The `label-*` attributes come from each element's labels file (cem-labels-plugin.mjs).
import { labelAttributes } from './cem-labels-plugin.mjs';

export default {
  packagejson: false,
  plugins: [
    labelAttributes({
      'download-button': { file: 'src/elements/download-button/download-button.labels.ts', interfaceName: 'DownloadButtonLabels', constName: 'DEFAULT_LABELS' },
      'offline-downloads': { file: 'src/elements/offline-downloads/offline-downloads.labels.ts', interfaceName: 'OfflineDownloadsLabels', constName: 'DOWNLOADS_LABELS' },
    }),
  ],
};
