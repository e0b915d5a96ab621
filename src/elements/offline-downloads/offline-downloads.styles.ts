import { css } from 'lit';
import { confirmStyles } from '../shared/confirm.js';
import { srOnly } from '../shared/styles.js';

// Cards that stack on a narrow container (a phone), with the actions under
// the text; colours from the text colour, so light and dark pages both work.
const list = css`
  :host {
    display: block;
    container-type: inline-size;
    color: inherit;
    font: 400 0.95rem/1.4 system-ui, sans-serif;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: grid;
    gap: 0.75rem;
  }
  p {
    margin: 0;
  }
  .offline {
    padding: 0.5rem 0.75rem;
    border-radius: 0.5rem;
    border: 1px solid color-mix(in srgb, currentColor 35%, transparent);
    background: color-mix(in srgb, #f59e0b 14%, transparent);
  }
  .storage {
    display: grid;
    gap: 0.375rem;
  }
  .storage-text {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.25rem 1rem;
    font-size: 0.875rem;
  }
  .used {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .persistence {
    opacity: 0.85;
  }
  .meter {
    height: 0.375rem;
    border-radius: 999px;
    overflow: hidden;
    background: color-mix(in srgb, currentColor 18%, transparent);
  }
  .meter span {
    display: block;
    height: 100%;
    background: var(--offline-downloads-accent, #2563eb);
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.625rem;
  }
  .item {
    display: grid;
    grid-template-columns: var(--offline-downloads-thumbnail-width, 8rem) minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.75rem 1rem;
    padding: 0.625rem;
    border: 1px solid color-mix(in srgb, currentColor 22%, transparent);
    border-radius: 0.75rem;
  }
  .thumb {
    position: relative;
    aspect-ratio: 16 / 9;
    border-radius: 0.5rem;
    overflow: hidden;
    display: grid;
    place-items: center;
    background: #1f2937;
    color: #9ca3af;
  }
  .thumb img {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  .placeholder {
    width: 40%;
    max-width: 2.5rem;
  }
  .placeholder svg,
  .icon svg,
  .empty-icon svg {
    display: block;
    width: 100%;
    height: 100%;
    fill: currentColor;
  }
  .info {
    display: grid;
    gap: 0.2rem;
    min-width: 0;
  }
  .title {
    font-weight: 650;
    overflow-wrap: anywhere;
  }
  .kept,
  .status {
    font-size: 0.85rem;
    opacity: 0.85;
  }
  .status {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5rem;
    font-variant-numeric: tabular-nums;
  }
  .tone-done .state::before,
  .tone-problem .state::before {
    content: '';
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    margin-right: 0.375rem;
    border-radius: 50%;
    background: #16a34a;
  }
  .tone-problem .state::before {
    background: #dc2626;
  }
  .tone-problem .state {
    font-weight: 600;
  }
  .bar {
    height: 0.375rem;
    margin-top: 0.2rem;
    border-radius: 999px;
    overflow: hidden;
    background: color-mix(in srgb, currentColor 18%, transparent);
  }
  .bar span {
    display: block;
    height: 100%;
    background: var(--offline-downloads-accent, #2563eb);
    transition: width 0.2s linear;
  }
  .tone-stopped .bar span,
  .tone-problem .bar span {
    background: color-mix(in srgb, currentColor 55%, transparent);
  }
  .message {
    font-size: 0.85rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    justify-content: flex-end;
  }
  .action {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    min-height: 2.5rem;
    padding: 0.375rem 0.875rem 0.375rem 0.625rem;
    font: 600 0.875rem/1.2 system-ui, sans-serif;
    color: inherit;
    background: transparent;
    border: 1px solid color-mix(in srgb, currentColor 60%, transparent);
    border-radius: 999px;
    cursor: pointer;
    white-space: nowrap;
  }
  .action.main {
    color: #fff;
    background: var(--offline-downloads-accent, #2563eb);
    border-color: var(--offline-downloads-accent, #2563eb);
  }
  .action:focus-visible,
  .empty:focus-visible {
    outline: 2px solid var(--offline-downloads-accent, #2563eb);
    outline-offset: 2px;
  }
  .icon {
    display: inline-block;
    width: 1.125rem;
    height: 1.125rem;
  }
  .empty {
    display: grid;
    justify-items: center;
    gap: 0.375rem;
    padding: 2rem 1rem;
    text-align: center;
    border: 1px dashed color-mix(in srgb, currentColor 35%, transparent);
    border-radius: 0.75rem;
  }
  .empty-icon {
    width: 2.5rem;
    height: 2.5rem;
    opacity: 0.8;
  }
  .empty-title {
    font-weight: 650;
    font-size: 1.05rem;
  }
  .empty-hint {
    max-width: 28rem;
    opacity: 0.85;
  }
  /* A phone: poster and text side by side, the actions under them. */
  @container (max-width: 34rem) {
    .item {
      grid-template-columns: 5.5rem minmax(0, 1fr);
      align-items: start;
    }
    .actions {
      grid-column: 1 / -1;
      justify-content: stretch;
    }
    .action {
      flex: 1;
      justify-content: center;
    }
  }
`;

export const styles = [list, confirmStyles, srOnly];
