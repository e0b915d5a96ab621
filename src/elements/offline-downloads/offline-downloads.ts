// Registers <offline-downloads> (guarded, so two builds can meet on one page).
import { OfflineDownloadsElement } from './offline-downloads.component.js';

export { OfflineDownloadsElement };

if (!customElements.get('offline-downloads')) customElements.define('offline-downloads', OfflineDownloadsElement);

declare global {
  interface HTMLElementTagNameMap {
    'offline-downloads': OfflineDownloadsElement;
  }
}
