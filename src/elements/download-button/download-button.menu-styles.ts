// The menu's styles: a popover in the page's colour scheme (Canvas /
// CanvasText), radio and check marks drawn in CSS. They come with the menu,
// which loads on first use.
import { css } from 'lit';

export const menuStyles = css`
  .menu {
    position: fixed;
    inset: auto;
    margin: 0;
    box-sizing: border-box;
    min-width: 14rem;
    max-width: calc(100vw - 1rem);
    max-height: calc(100vh - 1rem);
    overflow: auto;
    padding: 0.375rem;
    border: 1px solid color-mix(in srgb, CanvasText 25%, transparent);
    border-radius: 0.75rem;
    background: var(--download-button-menu-background, Canvas);
    color: var(--download-button-menu-color, CanvasText);
    font: 400 0.95rem/1.3 system-ui, sans-serif;
    box-shadow: 0 10px 30px rgb(0 0 0 / 0.25);
  }
  .menu:not([popover]),
  .menu[popover]:not(:popover-open) {
    display: none;
  }
  .heading {
    padding: 0.5rem 0.625rem 0.25rem;
    font-size: 0.75rem;
    font-weight: 650;
    letter-spacing: 0.04em;
    text-transform: uppercase;
    opacity: 0.8;
  }
  .item {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.25rem;
    padding: 0.25rem 0.625rem;
    border-radius: 0.5rem;
    cursor: pointer;
    outline: none;
  }
  .item:hover,
  .item:focus {
    background: color-mix(in srgb, CanvasText 10%, transparent);
  }
  .item:focus-visible {
    outline: 2px solid var(--download-button-accent, #2563eb);
    outline-offset: -2px;
  }
  .item[aria-disabled='true'] {
    cursor: default;
  }
  .item.note {
    max-width: 18rem;
    white-space: normal;
  }
  .item .name {
    flex: 1;
    white-space: nowrap;
  }
  .item .item-size {
    font-variant-numeric: tabular-nums;
    opacity: 0.85;
    font-size: 0.875em;
  }
  .mark {
    display: inline-grid;
    place-items: center;
    width: 1rem;
    height: 1rem;
    flex: none;
  }
  .item.kind-video .mark {
    border: 2px solid currentColor;
    border-radius: 50%;
    box-sizing: border-box;
  }
  .item.kind-video[aria-checked='true'] .mark::after {
    content: '';
    width: 0.375rem;
    height: 0.375rem;
    border-radius: 50%;
    background: currentColor;
  }
  .item.kind-audio .mark,
  .item.kind-text .mark {
    border: 2px solid currentColor;
    border-radius: 0.25rem;
    box-sizing: border-box;
  }
  .item.kind-audio[aria-checked='true'] .mark::after,
  .item.kind-text[aria-checked='true'] .mark::after {
    content: '';
    width: 0.3rem;
    height: 0.55rem;
    margin-top: -0.15rem;
    border: solid currentColor;
    border-width: 0 2px 2px 0;
    transform: rotate(45deg);
  }
  .item.kind-start {
    font-weight: 650;
    color: var(--download-button-menu-color, CanvasText);
  }
  .item.kind-start .mark {
    display: none;
  }
  .separator {
    height: 1px;
    margin: 0.375rem 0.25rem;
    background: color-mix(in srgb, CanvasText 20%, transparent);
  }
`;
