import { html, svg, type TemplateResult } from 'lit';

// The icons the elements draw (24 x 24, currentColor), each hidden from
// assistive technology by the element that shows it.
export type IconName = 'download' | 'pause' | 'done' | 'preparing' | 'alert' | 'renew' | 'remove' | 'cancel' | 'chevron' | 'play' | 'resume' | 'film';

const stroke = (d: string, width = 2) =>
  html`<svg viewBox="0 0 24 24"><path d=${d} fill="none" stroke="currentColor" stroke-width=${width} stroke-linecap="round" stroke-linejoin="round"/></svg>`;

const ICONS: Record<IconName, () => TemplateResult> = {
  download: () => stroke('M12 5v9m0 0-4-4m4 4 4-4M6 19h12'),
  pause: () => html`<svg viewBox="0 0 24 24">${svg`<rect x="7" y="6" width="3.5" height="12" rx="1"/><rect x="13.5" y="6" width="3.5" height="12" rx="1"/>`}</svg>`,
  done: () => stroke('m6 12.5 4 4 8-9', 2.4),
  preparing: () => html`<svg viewBox="0 0 24 24">${svg`<circle cx="6" cy="12" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="18" cy="12" r="1.6"/>`}</svg>`,
  alert: () => stroke('M12 7v6m0 4h.01', 2.6),
  renew: () => stroke('M19 12a7 7 0 1 1-2.05-4.95M19 5v4h-4'),
  remove: () => stroke('M5 7h14M10 7V5h4v2m-7 0 1 12h8l1-12m-7 4v5m4-5v5', 1.8),
  cancel: () => stroke('m7 7 10 10M17 7 7 17'),
  chevron: () => stroke('m7 10 5 5 5-5'),
  play: () => html`<svg viewBox="0 0 24 24">${svg`<path d="M8 5.5v13l10.5-6.5z"/>`}</svg>`,
  resume: () => stroke('M12 5v9m0 0-4-4m4 4 4-4M6 19h12'),
  film: () => stroke('M4 6h16v12H4zM8 6v12m8-12v12M4 10h4m-4 4h4m8-4h4m-4 4h4', 1.5),
};

export function icon(name: IconName): TemplateResult {
  return ICONS[name]();
}
