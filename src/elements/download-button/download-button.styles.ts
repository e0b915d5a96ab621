import { css } from 'lit';
import { srOnly } from '../shared/styles.js';

// The edge of each control is the text colour at 60 %: at least 3:1 against
// the page in light and dark schemes (WCAG 1.4.11), whatever the theme.
const control = css`
  :host {
    display: inline-block;
    max-width: 100%;
    color: var(--download-button-color, currentColor);
    font: var(--download-button-font, 500 0.9rem/1.2 system-ui, sans-serif);
    vertical-align: middle;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: inline-flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 0.375rem;
    max-width: 100%;
  }
  .controls {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    max-width: 100%;
    min-width: 0;
  }
  .group {
    display: inline-flex;
    align-items: stretch;
    min-width: 0;
    border: 1px solid var(--download-button-border, color-mix(in srgb, currentColor 60%, transparent));
    border-radius: var(--download-button-radius, 999px);
    background: var(--download-button-background, transparent);
  }
  .tip-anchor {
    position: relative;
    display: inline-flex;
    min-width: 0;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border: 0;
    margin: 0;
    background: transparent;
    border-radius: var(--download-button-radius, 999px);
  }
  button:focus-visible {
    outline: var(--download-button-focus-ring, 2px solid var(--download-button-accent, #2563eb));
    outline-offset: 2px;
  }
  button[aria-disabled='true'] {
    cursor: default;
  }
  button:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }
  .primary {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-width: 0;
    min-height: 2.5rem;
    padding: 0.1875rem 1rem 0.1875rem 0.25rem;
    text-align: start;
  }
  .split .primary {
    padding-right: 0.75rem;
  }
  .text {
    display: inline-flex;
    flex-direction: column;
    min-width: 0;
  }
  .label,
  .size {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .size {
    font-size: 0.8em;
    font-weight: 400;
    font-variant-numeric: tabular-nums;
    opacity: 0.85;
  }
  .trigger {
    display: inline-grid;
    place-items: center;
    width: 2.25rem;
    padding: 0;
    border-left: 1px solid var(--download-button-border, color-mix(in srgb, currentColor 60%, transparent));
    border-radius: 0 var(--download-button-radius, 999px) var(--download-button-radius, 999px) 0;
  }
  .chevron,
  .secondary-icon {
    display: inline-grid;
    width: 1.25rem;
    height: 1.25rem;
  }
  .chevron svg,
  .secondary-icon svg {
    width: 100%;
    height: 100%;
  }
  .secondary {
    display: inline-grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    padding: 0;
    flex: none;
    border: 1px solid var(--download-button-border, color-mix(in srgb, currentColor 60%, transparent));
    background: var(--download-button-background, transparent);
  }
  .ring-box {
    position: relative;
    display: inline-grid;
    place-items: center;
    width: var(--download-button-size, 2rem);
    height: var(--download-button-size, 2rem);
    flex: none;
  }
  .ring {
    position: absolute;
    inset: 0;
    transform: rotate(-90deg);
  }
  .ring circle {
    fill: none;
    stroke-width: 3;
  }
  .ring .track {
    stroke: var(--download-button-track, color-mix(in srgb, currentColor 25%, transparent));
  }
  .ring .bar {
    stroke: var(--download-button-accent, #2563eb);
    stroke-linecap: round;
    transition: stroke-dashoffset 0.2s linear;
  }
  .state-completed .ring .track {
    stroke: var(--download-button-accent, #2563eb);
  }
  .icon {
    display: inline-grid;
    width: 60%;
    height: 60%;
    color: var(--download-button-accent, #2563eb);
  }
  .icon svg {
    width: 100%;
    height: 100%;
    fill: currentColor;
  }
  .state-failed .icon {
    color: var(--download-button-error-color, light-dark(#b91c1c, #fca5a5));
  }
  .message {
    font-size: 0.85em;
    color: var(--download-button-error-color, light-dark(#b91c1c, #fca5a5));
    max-width: 28ch;
  }
  /* Compact: the ring alone, a round target of 2.75rem. */
  .compact .primary {
    padding: 0.25rem;
    min-height: 0;
  }
  .compact .group:not(.split) .primary {
    border-radius: 50%;
  }
  .compact .group:not(.split) {
    border-radius: 50%;
  }
  .compact .trigger {
    width: 1.75rem;
  }
  .tip {
    position: absolute;
    top: calc(100% + 0.375rem);
    right: 0;
    z-index: 1;
    display: none;
    width: max-content;
    max-width: 14rem;
    padding: 0.25rem 0.5rem;
    border-radius: 0.375rem;
    font: 500 0.8rem/1.3 system-ui, sans-serif;
    white-space: normal;
    color: #fff;
    background: rgb(17 24 39 / 0.94);
    pointer-events: none;
  }
  .tip-anchor:hover > .tip,
  .tip-anchor:has(> button:focus-visible) > .tip {
    display: block;
  }
`;

export const styles = [control, srOnly];
