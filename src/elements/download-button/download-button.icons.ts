import { html, type TemplateResult } from 'lit';
import type { DownloadButtonState } from './download-button.view.js';

const arrow = html`<svg viewBox="0 0 24 24"><path d="M12 5v9m0 0-4-4m4 4 4-4M6 19h12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** The icon inside the ring for a state. */
export function icon(state: DownloadButtonState): TemplateResult {
  switch (state) {
    case 'downloading':
      return html`<svg viewBox="0 0 24 24"><rect x="7" y="6" width="3.5" height="12" rx="1"/><rect x="13.5" y="6" width="3.5" height="12" rx="1"/></svg>`;
    case 'completed':
      return html`<svg viewBox="0 0 24 24"><path d="m6 12.5 4 4 8-9" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
    case 'preparing':
      return html`<svg viewBox="0 0 24 24"><circle cx="6" cy="12" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="18" cy="12" r="1.6"/></svg>`;
    default:
      return arrow;
  }
}
