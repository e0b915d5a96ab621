import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
    contain: content;
    border-radius: var(--offline-player-radius, 0);
    overflow: hidden;
    background: var(--offline-player-background, #000);
    color: #fff;
    font: 400 0.95rem/1.4 system-ui, sans-serif;
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
  /* The top bar: the title over a shade while the video is not playing, the badges, the overlay slot. */
  .top {
    position: absolute;
    inset: 0 0 auto 0;
    display: flex;
    align-items: flex-start;
    gap: 0.5rem;
    padding: 0.625rem 0.75rem 1.5rem;
    pointer-events: none;
    background: linear-gradient(rgb(0 0 0 / 0.72), rgb(0 0 0 / 0));
    transition: background 0.3s;
  }
  .playing .top {
    background: none;
  }
  .title {
    flex: 1;
    min-width: 0;
    font-weight: 600;
    font-size: 1.05em;
    line-height: 1.3;
    text-shadow: 0 1px 2px rgb(0 0 0 / 0.6);
    overflow: hidden;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow-wrap: anywhere;
    transition: opacity 0.3s;
  }
  .playing .title {
    opacity: 0;
  }
  .badges {
    display: inline-flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    gap: 0.375rem;
    margin-left: auto;
  }
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    padding: 0.2rem 0.55rem;
    border-radius: 999px;
    font: 600 0.75rem/1.3 system-ui, sans-serif;
    white-space: nowrap;
    background: var(--offline-player-badge-background, rgb(0 0 0 / 0.72));
    color: var(--offline-player-badge-color, #fff);
    border: 1px solid rgb(255 255 255 / 0.55);
  }
  .badge::before {
    content: '';
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: #4ade80;
  }
  .badge.offline::before {
    background: #fbbf24;
  }
  .overlay {
    pointer-events: auto;
    flex: none;
    /* A download button in the overlay: light on the dark shade. */
    --download-button-color: #fff;
    --download-button-accent: #fff;
    --download-button-border: rgb(255 255 255 / 0.7);
    --download-button-track: rgb(255 255 255 / 0.35);
    --download-button-background: rgb(0 0 0 / 0.55);
    --download-button-error-color: #fca5a5;
  }
  /* The error: clear of the native controls at the bottom (3.25rem). */
  /* The error: clear of the native controls and timeline at the bottom (4rem). */
  .error {
    position: absolute;
    inset: 2.5rem 0.75rem 4rem;
    display: grid;
    grid-template-rows: minmax(0, 1fr);
    place-items: center;
    pointer-events: none;
  }
  .card {
    pointer-events: auto;
    max-width: min(30rem, 100%);
    max-height: 100%;
    overflow: auto;
    box-sizing: border-box;
    padding: 0.5rem 0.75rem;
    font-size: 0.9rem;
    border-radius: 0.5rem;
    background: var(--offline-player-message-background, rgb(17 24 39 / 0.92));
    color: var(--offline-player-message-color, #fff);
    border-left: 4px solid #f87171;
  }
  .message {
    font-weight: 500;
  }
  .details {
    margin-top: 0.375rem;
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .details summary {
    cursor: pointer;
    text-decoration: underline;
  }
  .details summary:focus-visible {
    outline: 2px solid #fff;
    outline-offset: 2px;
  }
  .details code {
    font: 600 0.95em ui-monospace, monospace;
  }
  [hidden] {
    display: none !important;
  }
`;
