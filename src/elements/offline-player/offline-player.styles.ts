import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
    contain: content;
    border-radius: var(--offline-player-radius, 0);
    overflow: hidden;
    background: var(--offline-player-background, #000);
  }
  :host([hidden]) {
    display: none;
  }
  .frame {
    position: relative;
    aspect-ratio: var(--offline-player-aspect-ratio, 16 / 9);
  }
  video {
    display: block;
    width: 100%;
    height: 100%;
    object-fit: contain;
    background: var(--offline-player-background, #000);
  }
  .badge {
    position: absolute;
    top: 0.5rem;
    left: 0.5rem;
    padding: 0.15rem 0.5rem;
    border-radius: 999px;
    font: 600 0.75rem/1.4 system-ui, sans-serif;
    background: var(--offline-player-badge-background, rgb(0 0 0 / 0.7));
    color: var(--offline-player-badge-color, #fff);
  }
  .overlay {
    position: absolute;
    top: 0.5rem;
    right: 0.5rem;
  }
  .message {
    position: absolute;
    inset: auto 0 0 0;
    padding: 0.75rem 1rem;
    font: 0.9rem/1.4 system-ui, sans-serif;
    background: var(--offline-player-message-background, rgb(127 29 29 / 0.92));
    color: var(--offline-player-message-color, #fff);
  }
  [hidden] {
    display: none !important;
  }
`;
