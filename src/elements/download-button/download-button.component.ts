import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { OfflineError } from '../../errors.js';
import { getDefaultManager } from '../../service/default-manager.js';
import type { TrackSelection } from '../../service/download/tracks.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { COMMON_LABELS, type CommonLabels, errorLabel } from '../shared/common.labels.js';
import { EntryController, isEntryError } from '../shared/entry-controller.js';
import { LinkedPlayer, type PlayerLike } from '../shared/linked-player.js';
import { formatBytes, languageName } from '../shared/format.js';
import { LocaleController, textOf } from '../shared/i18n.js';
import { StatusController } from '../shared/status-controller.js';
import { DownloadActions } from './download-button.actions.js';
import { DEFAULT_LABELS, type DownloadButtonLabels, LABEL_ATTRIBUTES } from './download-button.labels.js';
import { LazyParts } from './download-button.parts.js';
import { styles } from './download-button.styles.js';
import { buttonModel, confirmWords } from './download-button.model.js';
import { renderButton } from './download-button.template.js';
import { type DownloadButtonReason, type DownloadButtonState, buttonView, errorOf, secondaryOf, selectionOf } from './download-button.view.js';

export type { DownloadButtonReason, DownloadButtonState };

/**
 * Downloads an entry for offline playback, shows the progress and the size,
 * pauses, resumes, removes (after asking). Attach it to a player with
 * `for="player-id"` (it then downloads what the player plays, with the
 * player's manager) or give it an entry (`entry` property, `src` URL or
 * inline JSON). Its state is the manager's status of its asset: every button
 * and player for the same asset stays in sync, in every tab.
 *
 * One click downloads with the preset choice (`quality`, `audio-languages`,
 * `subtitles`) or the default one; the menu beside it lists the qualities with
 * their sizes and the languages, worked out when it first opens. `compact`
 * shows the ring alone, with a tooltip, for a player's overlay. Texts follow
 * the element's `lang` (built in: en, fr, de, es); every one can be changed
 * with its `label-<name>` attribute (`label-download`, `label-storage-full`,
 * ...: listed in custom-elements.json) or the `labels` property.
 *
 * @summary A download / pause / resume / remove button with a progress ring and a quality menu.
 * @tag download-button
 *
 * @attr for - Id of the `<offline-player>` to download for (looked up in the same document or shadow root).
 * @attr src - URL of the entry JSON, when not linked to a player.
 * @attr asset-id - Id to store the download under (default: the player's asset id, else the entry's id).
 * @attr state - Reflected, read-only: `none`, `queued` (waiting for a download slot: "Queued (2nd)"; a click takes it out of the queue), `preparing`, `downloading`, `paused`, `completed` or `failed`.
 * @attr progress - Reflected, read-only: percentage downloaded (0-100).
 * @attr reason - Reflected, read-only: why the download is paused or failed (`interrupted`, `network`, `metered` ("Waiting for Wi-Fi"), `quota`, `user`, `error`), or `expired` for a downloaded asset whose licence expired.
 * @attr disabled - Disables the button.
 * @attr compact - Icon only (the ring), with a tooltip: for a player's overlay or a tight row.
 * @attr menu - Where the quality menu opens: `trigger` (default: its own button beside the main one), `always` (every click on the main control before a download opens it), `none` (no menu).
 * @attr quality - Highest video height to download (e.g. `720`); default 720. Also the menu's preset.
 * @attr audio-languages - Audio languages to download, space-separated (`en fr`), or `all` (default). Also the menu's preset.
 * @attr subtitles - Subtitle languages, space-separated, `all` (default, also when empty) or `none`. Also the menu's preset.
 *
 * @fires {CustomEvent<DownloadRequestDetail>} download-request - Cancelable, before a download starts or resumes. `detail: { assetId, entry, action: 'start' | 'resume' | 'retry' }`.
 * @fires {CustomEvent<RemoveRequestDetail>} remove-request - Cancelable, before a download is removed or cancelled (after the person confirmed). `detail: { assetId, cancel: boolean }`.
 * @fires {CustomEvent<DownloadProgressDetail>} download-progress - The manager's event, for this asset. `detail: { assetId, bytesDownloaded, estimatedTotalBytes, fraction }`.
 * @fires {CustomEvent<DownloadStateChangeDetail>} download-state-change - The manager's event, for this asset. `detail: { assetId, state, previousState, reason }`.
 * @fires {CustomEvent<RegistrationChangeDetail>} registration-change - The manager's event, for this asset. `detail: { assetId, change, status }`.
 * @fires {CustomEvent<DownloadErrorDetail>} download-error - A download failed or could not start. `detail: { assetId, error: OfflineError }`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart button - The main control (download, pause, resume, retry, renew).
 * @csspart ring - The progress ring (an SVG).
 * @csspart icon - The icon inside the ring.
 * @csspart label - The main control's words (visually hidden when `compact`).
 * @csspart size - The size while downloading ("0.5 of 1.0 MB") or once downloaded.
 * @csspart menu-button - The button that opens the menu (aria-haspopup="menu").
 * @csspart menu - The menu of qualities and languages (role="menu", a popover).
 * @csspart secondary - The remove / cancel button (icon, with a tooltip).
 * @csspart tooltip - The tooltip of the `compact` main control.
 * @csspart progress - The progress bar for assistive technology (role="progressbar", visually hidden).
 * @csspart message - Why nothing can be downloaded (a bad entry, or offline and not downloaded); also the live region.
 * @csspart confirm - The dialog that asks before removing or cancelling.
 *
 * @cssproperty --download-button-accent - Colour of the ring's progress and the icon (default #2563eb).
 * @cssproperty --download-button-track - Colour of the ring's track (default: the text colour at 25 %).
 * @cssproperty --download-button-border - Edge of the controls (default: the text colour at 60 %, at least 3:1 against the page).
 * @cssproperty --download-button-size - Diameter of the ring (default 2rem).
 * @cssproperty --download-button-background - Background of the controls (default transparent).
 * @cssproperty --download-button-color - Text colour (default currentColor).
 * @cssproperty --download-button-radius - Corner radius of the controls (default 999px).
 * @cssproperty --download-button-font - Font of the labels (default 500 0.9rem system-ui).
 * @cssproperty --download-button-focus-ring - Outline shown on keyboard focus.
 * @cssproperty --download-button-error-color - Colour of the message when nothing can be downloaded (default #b91c1c).
 * @cssproperty --download-button-menu-background - Background of the menu (default Canvas).
 * @cssproperty --download-button-menu-color - Text colour of the menu (default CanvasText).
 */
export class DownloadButtonElement extends LitElement {
  static override styles = styles;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...LABEL_ATTRIBUTES];
  }

  @property({ reflect: true }) for: string | null = null;
  @property({ reflect: true }) src: string | null = null;
  @property({ attribute: 'asset-id', reflect: true }) assetId: string | null = null;
  /** Read-only: the download's state. */
  @property({ reflect: true }) state: DownloadButtonState = 'none';
  /** Read-only: percentage downloaded. */
  @property({ type: Number, reflect: true }) progress = 0;
  /** Read-only: why it is paused or failed, or `expired`. */
  @property({ reflect: true }) reason: DownloadButtonReason | null = null;
  @property({ type: Boolean, reflect: true }) disabled = false;
  /** Icon only, with a tooltip. */
  @property({ type: Boolean, reflect: true }) compact = false;
  /** Where the menu opens: its own trigger (default), every click (`always`), or not at all (`none`). */
  @property() menu: 'trigger' | 'always' | 'none' = 'trigger';
  @property({ reflect: true }) quality: string | null = null;
  @property({ attribute: 'audio-languages', reflect: true }) audioLanguages: string | null = null;
  @property({ reflect: true }) subtitles: string | null = null;
  /** Texts as one object (`label-*` attributes win over it); also the shared words for sizes and errors. */
  @property({ attribute: false }) labels: Partial<DownloadButtonLabels & CommonLabels> = {};

  /** The entry to download: the property (validated), `src`, inline JSON, the linked player's, or (with only `asset-id`) the download's own. */
  @property({ attribute: false })
  get entry(): MediaEntry | null {
    return this.entrySource.entry;
  }
  set entry(value: MediaEntry | null) {
    this.entrySource.setProperty(value);
  }

  /** The manager: its own, else the linked player's, else the default one. */
  @property({ attribute: false })
  get manager(): LocalAssetsManager {
    return this._manager ?? this.link.player?.manager ?? getDefaultManager();
  }
  set manager(value: LocalAssetsManager | null) {
    const old = this._manager;
    this._manager = value ?? undefined;
    this.requestUpdate('manager', old);
  }

  /** The linked player (resolved from `for`), or null. */
  get player(): PlayerLike | null {
    return this.link.player;
  }

  /** The asset this button downloads. */
  get effectiveAssetId(): string | null {
    return this.assetId ?? this.player?.effectiveAssetId ?? this.entry?.id ?? null;
  }

  /** Why nothing can be downloaded, why it failed, or the last action's error; else null. Its message is for developers: the button shows human words. */
  get error(): OfflineError | null {
    return errorOf(this.view.status, this.entrySource.error, this.actions.error);
  }

  /** The selection the attributes ask for. */
  get selection(): TrackSelection {
    return selectionOf(this.quality, this.audioLanguages, this.subtitles);
  }

  /** Resolves once the texts for the button's language are loaded and shown. */
  get localeReady(): Promise<void> {
    return this.locale.ready.then(() => this.updateComplete).then(() => undefined);
  }

  private _manager?: LocalAssetsManager;
  private readonly link = new LinkedPlayer(this, () => this.for, () => this.requestUpdate());
  private readonly entrySource = new EntryController(this, (_entry, error) => error && this.actions.report(error), () => this.link.player?.entry ?? null);
  private readonly view = new StatusController(this, () => ({ manager: this.manager, assetId: this.effectiveAssetId }), (status) => this.statusChanged(status), true);
  private readonly actions = new DownloadActions(this, () => !!this.view.status?.registered, () => this.entrySource.error);
  private readonly locale = new LocaleController(this);
  private readonly parts = new LazyParts(this, () => ({
    prepare: () => this.manager.prepareForDownload(this.entry, { assetId: this.effectiveAssetId ?? undefined, selection: this.selection }),
    start: (prepared) => void this.actions.start(prepared),
    describe: (error) => this.common(errorLabel(error)),
    reportError: (e) => this.actions.prepareFailed(e),
    text: (name) => this.text(name),
    size: (bytes) => formatBytes(bytes, this.locale.lang, { kilobytes: this.common('kilobytes'), megabytes: this.common('megabytes'), gigabytes: this.common('gigabytes'), sizeOf: '' }),
    language: (tag) => languageName(tag, this.locale.lang, this.text('unknownLanguage')),
    anchor: () => this.shadowRoot?.querySelector<HTMLElement>(this.menu === 'always' ? '[part=button]' : '[part=menu-button]') ?? null,
  }));

  /** Shown at once (before the manager's event is re-dispatched): the button's state is the asset's. */
  private statusChanged(status: AssetStatus | null): void {
    if (status?.registered) this.actions.error = null;
    this.applyView();
    // Known only by asset id: the download brings the entry.
    if (!this.entry && status?.entry) this.entrySource.resolve();
  }

  private applyView(): void {
    Object.assign(this, buttonView(this.view.status, { error: this.entrySource.error ?? this.actions.error, preparing: this.actions.preparing }));
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name.startsWith('label-')) this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for')) this.link.resolve();
    this.entrySource.refresh();
    this.view.sync();
    // State flows down from the asset's status; the button adds only what happens before a registration.
    this.applyView();
    this.parts.menu?.setKey(this.entry, this.effectiveAssetId);
    if (!this.canChoose && this.parts.menu?.open) this.parts.menu.close(false);
  }

  /**
   * Starts (or resumes, or retries) the download, as a click would, with the
   * preset or default choice. Rejects with the OfflineError (also fired as
   * `download-error`) when there is nothing to download: a bad entry, none at
   * all, or offline and not stored.
   */
  download(): Promise<void> {
    return this.actions.download();
  }

  /** Pauses the download in progress. */
  pause(): Promise<void> {
    return this.actions.pause();
  }

  /** Renews the licence of a downloaded asset whose licence expired (online). */
  renew(): Promise<void> {
    return this.actions.renew();
  }

  /** Removes the download (or cancels it while in progress) after a cancelable `remove-request`; no question asked (the controls ask first). */
  removeDownload(): Promise<void> {
    return this.actions.remove();
  }

  private get secondary(): 'remove' | 'cancel' | null {
    const status = this.view.status;
    return secondaryOf(this.state, !!status?.registered, status?.state === 'corrupt');
  }

  private get canChoose(): boolean {
    return this.state === 'none' && this.menu !== 'none' && !this.disabled && !!this.entry && !!this.effectiveAssetId && !isEntryError(this.entrySource.error);
  }

  /** Asks before removing or cancelling; on "yes", focus goes to the main control. */
  private askToRemove(opener: HTMLElement | null): void {
    const kind = this.secondary;
    if (!kind || this.disabled) return;
    const confirmed = () => {
      this.shadowRoot?.querySelector<HTMLElement>('[part=button]')?.focus();
      void this.removeDownload();
    };
    void this.parts.ask(confirmWords(kind, this.entry?.name ?? this.effectiveAssetId ?? '', (name) => this.text(name)), confirmed, opener);
  }

  private onPrimary(): void {
    if (this.disabled || isEntryError(this.entrySource.error)) return;
    const { state, reason } = this;
    if (this.menu === 'always' && this.canChoose) return void this.parts.openMenu();
    // A failure is fired as download-error and shown: nothing more to do with it here.
    if (state === 'none' || state === 'paused' || state === 'failed') this.download().catch(() => undefined);
    else if (state === 'downloading' || state === 'queued') void this.pause(); // a queued one leaves the queue (paused)
    else if (state === 'completed' && reason === 'expired') void this.renew();
  }

  private onKeydown(event: KeyboardEvent): void {
    // Delete / Backspace asks to remove, like the remove button.
    if ((event.key === 'Delete' || event.key === 'Backspace') && this.secondary) {
      event.preventDefault();
      this.askToRemove(event.currentTarget as HTMLElement);
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && (event.currentTarget as HTMLElement).matches('[aria-haspopup]')) {
      event.preventDefault();
      void this.parts.openMenu(event.key === 'ArrowUp' ? 'last' : 'first');
    }
  }

  private text(name: keyof DownloadButtonLabels): string {
    return textOf(this, this.labels, this.locale.table?.button, DEFAULT_LABELS, name);
  }

  private common(name: keyof CommonLabels): string {
    return textOf(this, this.labels, this.locale.table?.common, COMMON_LABELS, name, false);
  }

  protected override render() {
    const model = buttonModel({
      view: this, status: this.view.status, error: this.error, entryUnusable: isEntryError(this.entrySource.error), hasAsset: !!this.effectiveAssetId,
      disabled: this.disabled, compact: this.compact, menu: this.menu, canChoose: this.canChoose, menuOpen: !!this.parts.menu?.open,
      lang: this.locale.lang, text: (name) => this.text(name), common: (name) => this.common(name),
    });
    const handlers = {
      primary: () => this.onPrimary(),
      keydown: (e: KeyboardEvent) => this.onKeydown(e),
      secondary: (e: Event) => this.askToRemove(e.currentTarget as HTMLElement),
      trigger: () => void this.parts.openMenu(),
    };
    return renderButton(model, handlers, this.parts.render());
  }
}
