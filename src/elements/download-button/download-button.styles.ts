import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    color: var(--download-button-color, currentColor);
    font: var(--download-button-font, 500 0.9rem/1.2 system-ui, sans-serif);
    vertical-align: middle;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
    border: 1px solid transparent;
    border-radius: var(--download-button-radius, 999px);
    background: var(--download-button-background, transparent);
    padding: 0.25rem 0.75rem 0.25rem 0.25rem;
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
  }
  .secondary {
    padding: 0.25rem 0.75rem;
    border-color: var(--download-button-track, #d1d5db);
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
    stroke: var(--download-button-track, #d1d5db);
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
  .progress {
    font-variant-numeric: tabular-nums;
    min-width: 3ch;
  }
  .state-failed .icon {
    color: #b91c1c;
  }
  .message {
    font-size: 0.85em;
    color: var(--download-button-error-color, #b91c1c);
    max-width: 28ch;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
