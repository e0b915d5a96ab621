// The markup of <offline-downloads>: the storage line, then one card per
// download (poster, title, what was kept, state and size, progress, the one
// action that fits and "Remove"), or the empty state.
import { html, nothing, type TemplateResult } from 'lit';
import { type IconName, icon } from '../shared/icons.js';
import type { RowAction, RowModel } from './offline-downloads.view.js';

export interface ListModel {
  loaded: boolean;
  rows: RowModel[];
  listName: string;
  /** "12 MB of 10 GB used" and whether the browser keeps them, or null before it is known. */
  storage: { used: string; fraction: number; persistence: string; persistent: boolean } | null;
  offline: string | null;
  empty: { title: string; hint: string };
  actionLabel: (action: RowAction | 'remove' | 'cancel') => string;
  progressName: string;
}

export interface ListHandlers {
  action: (row: RowModel, action: RowAction) => void;
  remove: (row: RowModel, opener: HTMLElement) => void;
  keydown: (row: RowModel, event: KeyboardEvent) => void;
}

const ACTION_ICON: Record<RowAction, IconName> = { play: 'play', pause: 'pause', resume: 'resume', retry: 'renew', renew: 'renew', next: 'download' };

function row(r: RowModel, index: number, m: ListModel, on: ListHandlers): TemplateResult {
  const titleId = `title-${index}`;
  const thumb = r.thumbnail
    ? html`<img src=${r.thumbnail} alt="" loading="lazy" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />`
    : nothing;
  return html`<li part="item" class="item tone-${r.tone}" data-asset-id=${r.assetId}>
    <div part="thumbnail" class="thumb"><span class="placeholder" aria-hidden="true">${icon('film')}</span>${thumb}</div>
    <div class="info">
      <p part="title" class="title" id=${titleId}>${r.title}</p>
      ${r.kept ? html`<p class="kept">${r.kept}</p>` : nothing}
      <p class="status"><span class="state">${r.stateText}</span></p>
      ${r.progress !== null
        ? html`<div class="bar" role="progressbar" aria-label=${m.progressName} aria-describedby=${titleId} aria-valuemin="0" aria-valuemax="100"
            aria-valuenow=${r.progress} aria-valuetext=${r.progressText}><span style="width: ${r.progress}%"></span></div>`
        : nothing}
      ${r.message ? html`<p class="message">${r.message}</p>` : nothing}
    </div>
    <div part="actions" class="actions">
      ${r.action
        ? html`<button type="button" class="action main" aria-describedby=${titleId} @click=${() => on.action(r, r.action!)} @keydown=${(e: KeyboardEvent) => on.keydown(r, e)}>
            <span class="icon" aria-hidden="true">${icon(ACTION_ICON[r.action])}</span><span>${m.actionLabel(r.action)}</span>
          </button>`
        : nothing}
      <button type="button" class="action remove" aria-describedby=${titleId} @click=${(e: Event) => on.remove(r, e.currentTarget as HTMLElement)}
        @keydown=${(e: KeyboardEvent) => on.keydown(r, e)}>
        <span class="icon" aria-hidden="true">${icon('remove')}</span><span>${m.actionLabel(r.removeKind)}</span>
      </button>
    </div>
  </li>`;
}

export function renderList(m: ListModel, on: ListHandlers, confirm: unknown): TemplateResult {
  const storage = m.storage;
  return html`<div part="base" class="base">
    ${m.offline ? html`<p part="offline" class="offline" role="status">${m.offline}</p>` : html`<span role="status" class="sr-only"></span>`}
    ${storage
      ? html`<div part="storage" class="storage">
          <div class="storage-text"><span class="used">${storage.used}</span><span class="persistence ${storage.persistent ? 'kept' : ''}">${storage.persistence}</span></div>
          <div class="meter" aria-hidden="true"><span style="width: ${Math.max(storage.fraction * 100, storage.fraction > 0 ? 1 : 0)}%"></span></div>
        </div>`
      : nothing}
    ${m.rows.length > 0
      ? html`<ul part="list" class="list" aria-label=${m.listName}>${m.rows.map((r, i) => row(r, i, m, on))}</ul>`
      : m.loaded
        ? html`<div part="empty" class="empty" tabindex="-1">
            <span class="empty-icon" aria-hidden="true">${icon('download')}</span>
            <p class="empty-title">${m.empty.title}</p>
            <p class="empty-hint">${m.empty.hint}</p>
            <slot name="empty"></slot>
          </div>`
        : nothing}
    ${confirm}
  </div>`;
}
