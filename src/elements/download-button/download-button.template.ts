// The markup of <download-button>, from a plain model (the component works
// the model out; this file only draws it). One control does the obvious
// thing (download, pause, resume, renew); beside it the menu's own trigger
// (aria-haspopup) and the remove / cancel control. The size and the percent
// are shown beside the words and given to assistive technology once, by the
// progress bar, not in the button's name (which would change every second).
import { html, nothing, svg, type TemplateResult } from 'lit';
import { type IconName, icon } from '../shared/icons.js';
import type { DownloadButtonReason, DownloadButtonState } from './download-button.view.js';

export interface ButtonModel {
  state: DownloadButtonState;
  reason: DownloadButtonReason | null;
  progress: number;
  compact: boolean;
  icon: IconName;
  label: string;
  /** "0.5 of 1.0 MB" while downloading or paused, else ''. */
  size: string;
  inactive: boolean;
  disabled: boolean;
  showRing: boolean;
  secondary: { kind: 'remove' | 'cancel'; label: string } | null;
  /** The menu's own trigger beside the main control, when there is one. */
  trigger: string | null;
  /** The main control opens the menu (the `menu="always"` attribute). */
  mainOpensMenu: boolean;
  menuOpen: boolean;
  message: string;
  messageVisible: boolean;
  progressName: string;
  progressText: string;
  tooltip: string;
}

export interface ButtonHandlers {
  primary: () => void;
  keydown: (event: KeyboardEvent) => void;
  secondary: (event: Event) => void;
  trigger: () => void;
}

const CIRCUMFERENCE = 2 * Math.PI * 16;

export function renderButton(m: ButtonModel, on: ButtonHandlers, extras: { menu: unknown; confirm: unknown }): TemplateResult {
  const ring = svg`<svg part="ring" class="ring" viewBox="0 0 36 36" aria-hidden="true">
      <circle class="track" cx="18" cy="18" r="16"></circle>
      ${m.showRing ? svg`<circle class="bar" cx="18" cy="18" r="16" stroke-dasharray=${CIRCUMFERENCE} stroke-dashoffset=${CIRCUMFERENCE * (1 - m.progress / 100)}></circle>` : nothing}
    </svg>`;
  const menuPopup = m.mainOpensMenu || m.trigger !== null;
  return html`
    <div part="base" class="base state-${m.state} ${m.compact ? 'compact' : 'full'}">
      <div class="controls">
        <span class="group ${m.trigger ? 'split' : ''}">
          <span class="tip-anchor">
            <button part="button" class="primary" type="button" aria-disabled=${m.inactive ? 'true' : 'false'} ?disabled=${m.disabled}
              aria-haspopup=${m.mainOpensMenu ? 'menu' : nothing} aria-expanded=${m.mainOpensMenu ? String(m.menuOpen) : nothing}
              aria-controls=${m.mainOpensMenu && m.menuOpen ? 'menu' : nothing} @click=${on.primary} @keydown=${on.keydown}>
              <span class="ring-box">${ring}<span part="icon" class="icon" aria-hidden="true">${icon(m.icon)}</span></span>
              <span class="text ${m.compact ? 'sr-only' : ''}">
                <span part="label" class="label">${m.label}</span>
                ${m.size ? html`<span part="size" class="size" aria-hidden="true">${m.size}</span>` : nothing}
              </span>
            </button>
            ${m.compact ? html`<span part="tooltip" class="tip" aria-hidden="true">${m.tooltip}</span>` : nothing}
          </span>
          ${m.trigger
            ? html`<span class="tip-anchor">
                <button part="menu-button" class="trigger" type="button" aria-haspopup="menu" aria-expanded=${String(m.menuOpen)}
                  aria-controls=${m.menuOpen ? 'menu' : nothing} aria-label=${m.trigger} ?disabled=${m.disabled} @click=${on.trigger} @keydown=${on.keydown}>
                  <span class="chevron" aria-hidden="true">${icon('chevron')}</span>
                </button>
                <span class="tip" aria-hidden="true">${m.trigger}</span>
              </span>`
            : nothing}
        </span>
        ${m.secondary
          ? html`<span class="tip-anchor">
              <button part="secondary" class="secondary" type="button" ?disabled=${m.disabled} @click=${on.secondary} @keydown=${on.keydown}>
                <span class="secondary-icon" aria-hidden="true">${icon(m.secondary.kind)}</span><span class="sr-only">${m.secondary.label}</span>
              </button>
              <span class="tip" aria-hidden="true">${m.secondary.label}</span>
            </span>`
          : nothing}
      </div>
      <span part="message" class=${m.messageVisible ? 'message' : 'sr-only'} role="status">${m.message}</span>
      ${m.showRing
        ? html`<span part="progress" class="sr-only" role="progressbar" aria-label=${m.progressName} aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=${m.progress} aria-valuetext=${m.progressText}></span>`
        : nothing}
      ${menuPopup ? extras.menu : nothing} ${extras.confirm}
    </div>
  `;
}
