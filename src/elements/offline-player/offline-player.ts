// Registers <offline-player> (guarded, so two builds can meet on one page).
import { OfflinePlayerElement } from './offline-player.component.js';

export { OfflinePlayerElement };

if (!customElements.get('offline-player')) customElements.define('offline-player', OfflinePlayerElement);

declare global {
  interface HTMLElementTagNameMap {
    'offline-player': OfflinePlayerElement;
  }
}
