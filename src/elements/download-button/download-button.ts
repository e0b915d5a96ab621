// Registers <download-button> (guarded, so two builds can meet on one page).
import { DownloadButtonElement } from './download-button.component.js';

export { DownloadButtonElement };

if (!customElements.get('download-button')) customElements.define('download-button', DownloadButtonElement);

declare global {
  interface HTMLElementTagNameMap {
    'download-button': DownloadButtonElement;
  }
}
