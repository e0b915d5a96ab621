// The menu beside the button: the qualities with their sizes, the audio and
// subtitle languages, then "Download". WAI-ARIA menu button pattern: the
// trigger has aria-haspopup="menu"; arrows, Home and End move, Enter and
// Space choose, Escape and Tab close and give focus back to the trigger. The
// choices come from prepareForDownload, asked only when the menu first opens
// (it fetches the manifest), and the download starts with exactly them. The
// menu is a popover (top layer), so a player's clipped overlay cannot cut it.
// This module loads on first use: a page with only buttons does not pay for it.
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { OfflineError } from '../../errors.js';
import type { SelectedTracks } from '../../service/download/tracks.js';
import type { PreparedDownload } from '../../service/prepared-download.js';
import { type MenuItem, menuModel } from './download-button.menu-model.js';
export { menuStyles } from './download-button.menu-styles.js';
import type { DownloadButtonLabels } from './download-button.labels.js';

/** What the menu needs of a prepared download (a PreparedDownload). */
export type PreparedChoices = Pick<PreparedDownload, 'tracks' | 'selectedTracks' | 'setSelectedTracks' | 'estimatedSize'>;

export interface MenuDeps {
  /** prepareForDownload for the current entry, with the preset selection. */
  prepare: () => Promise<PreparedDownload>;
  /** Starts the download, prepared with the choice made here. */
  start: (prepared: PreparedDownload) => void;
  /** A prepare that failed, in human words. */
  describe: (error: OfflineError) => string;
  reportError: (error: unknown) => void;
  text: (name: keyof DownloadButtonLabels) => string;
  size: (bytes: number) => string;
  language: (tag: string) => string;
  /** The control the menu hangs from (and gives focus back to). */
  anchor: () => HTMLElement | null;
}

export class DownloadMenu implements ReactiveController {
  open = false;
  private prepared: PreparedDownload | null = null;
  private preparing: Promise<void> | null = null;
  private failure: string | null = null;
  private choice: SelectedTracks | null = null;
  /** What the prepared download was made for (a new entry or asset id prepares again). */
  private key: [unknown, unknown] | null = null;
  /** Bumped when the key changes: a prepare started before is dropped. */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly deps: MenuDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close(false);
  }

  /** Forgets what was prepared when the entry or asset changed. */
  setKey(entry: unknown, assetId: unknown): void {
    if (this.key && entry === this.key[0] && assetId === this.key[1]) return;
    const first = this.key === null;
    this.key = [entry, assetId];
    if (first) return; // the menu was made for this entry
    this.generation += 1;
    this.prepared = null;
    this.choice = null;
    this.failure = null;
    this.preparing = null;
    if (this.open) this.close(false);
  }

  /** Opens (preparing on first use) and focuses the first item, or the last. */
  show(focus: 'first' | 'last' = 'first'): void {
    if (this.open) return;
    this.open = true;
    this.host.requestUpdate();
    if (!this.prepared && !this.preparing) this.prepare();
    void this.host.updateComplete.then(() => {
      const menu = this.menu();
      if (!menu || !this.open) return;
      if (typeof menu.showPopover === 'function' && !menu.matches(':popover-open')) menu.showPopover();
      this.place();
      this.focusItem(focus === 'first' ? this.firstFocus() : -1);
      window.addEventListener('resize', this.reposition);
      window.addEventListener('scroll', this.reposition, true);
    });
  }

  /** Closes; `restoreFocus` gives focus back to the trigger. */
  close(restoreFocus = true): void {
    if (!this.open) return;
    this.open = false;
    window.removeEventListener('resize', this.reposition);
    window.removeEventListener('scroll', this.reposition, true);
    const menu = this.menu();
    if (menu && typeof menu.hidePopover === 'function' && menu.matches(':popover-open')) menu.hidePopover();
    this.host.requestUpdate();
    if (restoreFocus) this.deps.anchor()?.focus();
  }

  toggle(): void {
    if (this.open) this.close();
    else this.show();
  }

  private prepare(): void {
    const generation = this.generation;
    this.failure = null;
    this.preparing = this.deps.prepare().then(
      (prepared) => {
        if (generation !== this.generation) return;
        this.prepared = prepared;
        this.choice = prepared.selectedTracks;
      },
      (e: unknown) => {
        if (generation !== this.generation) return;
        this.failure = this.deps.describe(e as OfflineError);
        this.deps.reportError(e);
      },
    );
    void this.preparing.then(async () => {
      // Focus was on "Loading…", which goes away: move it to the first real choice.
      const hadFocus = this.open && !!this.menu()?.contains(this.host.shadowRoot!.activeElement);
      this.preparing = null;
      this.host.requestUpdate();
      await this.host.updateComplete;
      if (this.open && hadFocus) this.focusItem(this.firstFocus());
      this.place();
    });
  }

  private menu(): HTMLElement | null {
    return this.host.shadowRoot?.querySelector<HTMLElement>('[part=menu]') ?? null;
  }

  private items(): HTMLElement[] {
    return [...(this.menu()?.querySelectorAll<HTMLElement>('[role^=menuitem]') ?? [])];
  }

  private firstFocus(): number {
    const checked = this.items().findIndex((item) => item.getAttribute('aria-checked') === 'true');
    return Math.max(0, checked);
  }

  private focusItem(index: number): void {
    const items = this.items();
    if (items.length === 0) return;
    items.at(((index % items.length) + items.length) % items.length)!.focus();
  }

  /**
   * Below the control, its left edges aligned (its right edges when there is
   * no room on the right), inside the viewport (above the control when there
   * is no room below).
   */
  private place(): void {
    const menu = this.menu();
    const anchor = this.deps.anchor();
    if (!menu || !anchor || typeof menu.showPopover !== 'function') return;
    const a = (anchor.closest('.group') ?? anchor).getBoundingClientRect();
    const { width, height } = menu.getBoundingClientRect();
    const margin = 8;
    const start = a.left + width <= window.innerWidth - margin ? a.left : a.right - width;
    const left = Math.min(Math.max(margin, start), window.innerWidth - width - margin);
    let top = a.bottom + 4;
    if (top + height > window.innerHeight - margin && a.top - height - 4 >= margin) top = a.top - height - 4;
    menu.style.left = `${Math.max(margin, left)}px`;
    menu.style.top = `${Math.max(margin, top)}px`;
  }

  private readonly reposition = (): void => this.place();

  // Arrow functions: lit calls event listeners with the host element as `this`.
  private readonly onKeydown = (event: KeyboardEvent): void => {
    const items = this.items();
    const index = items.indexOf(this.host.shadowRoot!.activeElement as HTMLElement);
    const keys: Record<string, () => void> = {
      ArrowDown: () => this.focusItem(index + 1),
      ArrowUp: () => this.focusItem(index - 1),
      Home: () => this.focusItem(0),
      End: () => this.focusItem(-1),
      Escape: () => this.close(),
      Tab: () => this.close(),
      Enter: () => items[index]?.click(),
      ' ': () => items[index]?.click(),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  };

  /** The popover closed by itself (a click outside, Escape): keep the state in step. */
  private readonly onToggle = (event: Event): void => {
    if ((event as ToggleEvent).newState !== 'closed' || !this.open) return;
    const hadFocus = this.menu()?.contains(this.host.shadowRoot!.activeElement) ?? false;
    this.close(hadFocus);
  };

  private choose(item: MenuItem): void {
    const { prepared, choice } = this;
    if (!prepared || !choice || item.disabled) return;
    if (item.kind === 'start') {
      prepared.setSelectedTracks(choice);
      this.close(false);
      // The trigger goes away with the state "none": focus goes to the main control, which shows the download.
      this.host.shadowRoot?.querySelector<HTMLElement>('[part=button]')?.focus();
      this.prepared = null; // a new download prepares again
      this.choice = null;
      this.deps.start(prepared);
      return;
    }
    const video = prepared.tracks.video.find((t) => t.id === item.id);
    const audio = prepared.tracks.audio.find((t) => t.id === item.id);
    const text = prepared.tracks.text.find((t) => t.id === item.id);
    if (item.kind === 'video' && video) this.choice = { ...choice, video };
    else if (item.kind === 'audio' && audio) {
      const kept = choice.audio.filter((a) => a.language !== audio.language);
      // Never a video without sound: the last audio language stays.
      if (kept.length === choice.audio.length) this.choice = { ...choice, audio: [...choice.audio, audio] };
      else if (kept.length > 0) this.choice = { ...choice, audio: kept };
    } else if (item.kind === 'text' && text) {
      const kept = choice.text.filter((t) => t.id !== text.id);
      this.choice = { ...choice, text: kept.length < choice.text.length ? kept : [...choice.text, text] };
    }
    this.host.requestUpdate();
  }

  render(): TemplateResult | typeof nothing {
    if (!this.open) return nothing;
    const { text } = this.deps;
    let body: TemplateResult;
    if (this.failure !== null || !this.prepared || !this.choice) {
      const note = this.failure ?? text('loading');
      body = html`<div role="menuitem" aria-disabled="true" tabindex="-1" class="item note">${note}</div>`;
    } else {
      const model = menuModel(this.prepared, this.choice, this.deps);
      const group = (label: string, items: MenuItem[]) =>
        items.length === 0
          ? nothing
          : html`<div role="group" aria-label=${label} class="menu-group"><div class="heading" aria-hidden="true">${label}</div>${items.map((item) => this.item(item))}</div>`;
      body = html`${group(text('quality'), model.video)}${group(text('audio'), model.audio)}${group(text('subtitles'), model.text)}
        <div role="separator" class="separator"></div>
        ${this.item(model.start)}`;
    }
    return html`<div part="menu" id="menu" class="menu" role="menu" aria-label=${text('options')} popover="auto"
      @keydown=${this.onKeydown} @toggle=${this.onToggle}>${body}</div>`;
  }

  private item(item: MenuItem): TemplateResult {
    const role = item.kind === 'start' ? 'menuitem' : item.kind === 'video' ? 'menuitemradio' : 'menuitemcheckbox';
    return html`<div role=${role} tabindex="-1" class="item kind-${item.kind}" aria-checked=${item.kind === 'start' ? nothing : String(item.checked)}
      aria-disabled=${item.disabled ? 'true' : nothing} @click=${() => this.choose(item)}>
      <span class="mark" aria-hidden="true"></span><span class="name">${item.label}</span>${item.size ? html`<span class="item-size">${item.size}</span>` : nothing}
    </div>`;
  }
}
