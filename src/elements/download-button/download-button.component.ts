import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { DownloadErrorDetail } from '../../events/download-error.js';
import type { DownloadRequestDetail } from '../../events/download-request.js';
import type { RemoveRequestDetail } from '../../events/remove-request.js';
import { getDefaultManager } from '../../service/default-manager.js';
import type { TrackSelection } from '../../service/download/tracks.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { fire } from '../shared/dispatch.js';
import { EntryController, isEntryError } from '../shared/entry-controller.js';
import { LinkedPlayer, type PlayerLike } from '../shared/linked-player.js';
import { StatusController } from '../shared/status-controller.js';
import { icon } from './download-button.icons.js';
import { type DownloadButtonLabels, LABEL_ATTRIBUTES, labelOf } from './download-button.labels.js';
import { styles } from './download-button.styles.js';
import { type DownloadButtonReason, type DownloadButtonState, buttonView, primaryLabel, selectionOf } from './download-button.view.js';

export type { DownloadButtonReason, DownloadButtonState };

/**
 * Downloads an entry for offline playback, shows the progress, pauses,
 * resumes, removes. Attach it to a player with `for="player-id"` (it then
 * downloads what the player plays, with the player's manager) or give it an
 * entry (`entry` property, `src` URL or inline JSON). Its state is the
 * manager's status of its asset: every button and player for the same asset
 * stays in sync, in every tab.
 *
 * @summary A download / pause / resume / remove button with a progress ring.
 * @tag download-button
 *
 * @attr for - Id of the `<offline-player>` to download for (looked up in the same document or shadow root).
 * @attr src - URL of the entry JSON, when not linked to a player.
 * @attr asset-id - Id to store the download under (default: the player's asset id, else the entry's id).
 * @attr state - Reflected, read-only: `none`, `preparing`, `downloading`, `paused`, `completed` or `failed`.
 * @attr progress - Reflected, read-only: percentage downloaded (0-100).
 * @attr reason - Reflected, read-only: why the download is paused or failed (`interrupted`, `network`, `quota`, `user`, `error`), or `expired` for a downloaded asset whose licence expired.
 * @attr disabled - Disables the button.
 * @attr quality - Highest video height to download (e.g. `720`); default 720.
 * @attr audio-languages - Audio languages to download, space-separated (`en fr`), or `all` (default).
 * @attr subtitles - Subtitle languages, space-separated, `all` (default, also when empty) or `none`.
 * @attr label-download - Text for "Download".
 * @attr label-pause - Text for "Pause download".
 * @attr label-resume - Text for "Resume download".
 * @attr label-retry - Text for "Retry download".
 * @attr label-remove - Text for "Remove download".
 * @attr label-cancel - Text for "Cancel download".
 * @attr label-preparing - Text for "Preparing download".
 * @attr label-completed - Text for "Downloaded".
 * @attr label-progress - Progress text, `{percent}` is replaced (default "{percent}% downloaded").
 * @attr label-interrupted - Text for a download interrupted by a closed page (default "Interrupted: resume").
 * @attr label-waiting - Text while waiting for the network (default "Waiting for network").
 * @attr label-storage-full - Text when the storage is full (default "Storage full").
 * @attr label-expired - Text when the licence expired (default "Licence expired: renew").
 * @attr label-unavailable - Text when nothing can be downloaded (default "Cannot download").
 *
 * @fires {CustomEvent<DownloadRequestDetail>} download-request - Cancelable, before a download starts or resumes. `detail: { assetId, entry, action: 'start' | 'resume' | 'retry' }`.
 * @fires {CustomEvent<RemoveRequestDetail>} remove-request - Cancelable, before a download is removed or cancelled. `detail: { assetId, cancel: boolean }`.
 * @fires {CustomEvent<DownloadProgressDetail>} download-progress - The manager's event, for this asset. `detail: { assetId, bytesDownloaded, estimatedTotalBytes, fraction }`.
 * @fires {CustomEvent<DownloadStateChangeDetail>} download-state-change - The manager's event, for this asset. `detail: { assetId, state, previousState, reason }`.
 * @fires {CustomEvent<RegistrationChangeDetail>} registration-change - The manager's event, for this asset. `detail: { assetId, change, status }`.
 * @fires {CustomEvent<DownloadErrorDetail>} download-error - A download failed or could not start. `detail: { assetId, error: OfflineError }`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart button - The main button (download, pause, resume, retry).
 * @csspart ring - The progress ring (role="progressbar").
 * @csspart icon - The icon inside the ring.
 * @csspart label - The main button's visible text.
 * @csspart secondary - The remove / cancel button.
 * @csspart message - Why nothing can be downloaded (a bad entry, or offline and not downloaded).
 *
 * @cssproperty --download-button-accent - Colour of the ring's progress and the icon (default #2563eb).
 * @cssproperty --download-button-track - Colour of the ring's track (default #d1d5db).
 * @cssproperty --download-button-size - Diameter of the ring (default 2rem).
 * @cssproperty --download-button-background - Background of the buttons (default transparent).
 * @cssproperty --download-button-color - Text colour (default currentColor).
 * @cssproperty --download-button-radius - Corner radius of the buttons (default 999px).
 * @cssproperty --download-button-font - Font of the labels (default 500 0.9rem system-ui).
 * @cssproperty --download-button-focus-ring - Outline shown on keyboard focus.
 * @cssproperty --download-button-error-color - Colour of the message when nothing can be downloaded (default #b91c1c).
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
  @property({ reflect: true }) quality: string | null = null;
  @property({ attribute: 'audio-languages', reflect: true }) audioLanguages: string | null = null;
  @property({ reflect: true }) subtitles: string | null = null;
  /** Labels as one object (`label-*` attributes win over it). */
  @property({ attribute: false }) labels: Partial<DownloadButtonLabels> = {};

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

  /** Why nothing can be downloaded, why it failed, or the last action's error; else null. */
  get error(): OfflineError | null {
    const status = this.view.status;
    if (this.entrySource.error && !status?.registered) return this.entrySource.error;
    if (status?.registered && status.error && (status.state === 'failed' || status.state === 'corrupt')) {
      return new OfflineError(status.error.code as ErrorCode, status.error.message, { details: { assetId: status.assetId } });
    }
    return this.actionError;
  }

  private _manager?: LocalAssetsManager;
  /** Set while a download is being prepared here (nothing registered yet). */
  @state() private preparing = false;
  /** The last action that failed without changing the status (a start refused before registration, a pause refused). */
  @state() private actionError: OfflineError | null = null;
  private cancelRequested = false;
  private readonly link = new LinkedPlayer(this, () => this.for, () => this.requestUpdate());
  private readonly entrySource = new EntryController(this, (_entry, error) => error && this.report(error), () => this.link.player?.entry ?? null);
  private readonly view = new StatusController(this, () => ({ manager: this.manager, assetId: this.effectiveAssetId }), (status) => this.statusChanged(status), true);

  /** Shown at once (before the manager's event is re-dispatched): the button's state is the asset's. */
  private statusChanged(status: AssetStatus | null): void {
    if (status?.registered) this.actionError = null;
    this.applyView();
    // Known only by asset id: the download brings the entry.
    if (!this.entry && status?.entry) this.entrySource.resolve();
  }

  private applyView(): void {
    Object.assign(this, buttonView(this.view.status, { error: this.entrySource.error ?? this.actionError, preparing: this.preparing }));
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
  }

  /** The selection the attributes ask for. */
  get selection(): TrackSelection {
    return selectionOf(this.quality, this.audioLanguages, this.subtitles);
  }

  /** Fires download-error and shows it. */
  private report(error: OfflineError): void {
    fire<DownloadErrorDetail>(this, 'download-error', { assetId: this.effectiveAssetId ?? '', error });
  }

  /** Runs an action; its failure is shown and fired (returns it, for download() to reject with). */
  private async act(action: () => Promise<unknown>, doing: string, fallback: ErrorCode): Promise<OfflineError | null> {
    try {
      await action();
      return null;
    } catch (e) {
      const error = asOfflineError(e, fallback, doing);
      this.actionError = error;
      this.report(error);
      return error;
    }
  }

  /**
   * Starts (or resumes, or retries) the download, as a click would. Rejects
   * with the OfflineError (also fired as `download-error`) when there is
   * nothing to download: a bad entry, none at all, or offline and not stored.
   */
  async download(): Promise<void> {
    const { entry, effectiveAssetId: assetId } = this;
    if (!entry || !assetId) {
      const error = this.entrySource.error ?? new OfflineError(ErrorCode.INVALID_ENTRY, 'There is nothing to download: give the button an entry, a src, or link it to a player');
      this.actionError = error;
      this.report(error);
      throw error;
    }
    if (this.preparing) return;
    const action = this.state === 'paused' ? 'resume' : this.state === 'failed' ? 'retry' : 'start';
    if (!fire<DownloadRequestDetail>(this, 'download-request', { assetId, entry, action }, { cancelable: true })) return;
    this.actionError = null;
    if (this.view.status?.registered) {
      await this.act(() => this.manager.resumeDownload(assetId), 'Resuming the download', ErrorCode.STORAGE_ERROR);
      return;
    }
    this.preparing = true;
    this.cancelRequested = false;
    await this.act(
      async () => {
        const prepared = await this.manager.prepareForDownload(entry, { assetId, selection: this.selection });
        // Cancelled while preparing: nothing was registered, nothing to start.
        if (!this.cancelRequested) await this.manager.startDownload(prepared);
      },
      'Downloading',
      ErrorCode.NETWORK_ERROR,
    ).finally(() => (this.preparing = false));
  }

  /** Pauses the download in progress. */
  async pause(): Promise<void> {
    const assetId = this.effectiveAssetId;
    if (assetId) await this.act(() => this.manager.pauseDownload(assetId), 'Pausing', ErrorCode.STORAGE_ERROR);
  }

  /** Renews the licence of a downloaded asset whose licence expired (online). */
  async renew(): Promise<void> {
    const assetId = this.effectiveAssetId;
    if (assetId) await this.act(() => this.manager.renewAsset(assetId), 'Renewing the licence', ErrorCode.LICENSE_REQUEST_FAILED);
  }

  /** Removes the download (or cancels it while in progress), after a cancelable `remove-request`. */
  async removeDownload(): Promise<void> {
    const assetId = this.effectiveAssetId;
    if (!assetId) return;
    if (!fire<RemoveRequestDetail>(this, 'remove-request', { assetId, cancel: this.state !== 'completed' }, { cancelable: true })) return;
    if (this.preparing) this.cancelRequested = true;
    this.actionError = null;
    if (this.view.status?.registered) await this.act(() => this.manager.removeAsset(assetId), 'Removing', ErrorCode.STORAGE_ERROR);
  }

  private onPrimary(): void {
    if (this.disabled || isEntryError(this.entrySource.error)) return;
    const { state, reason } = this;
    // A failure is fired as download-error and shown: nothing more to do with it here.
    if (state === 'none' || state === 'paused' || state === 'failed') this.download().catch(() => undefined);
    else if (state === 'downloading') void this.pause();
    else if (state === 'completed' && reason === 'expired') void this.renew();
  }

  private onKeydown(event: KeyboardEvent): void {
    // Delete / Backspace on the main button asks to remove, like the secondary button.
    if ((event.key === 'Delete' || event.key === 'Backspace') && this.state !== 'none' && !this.disabled) {
      event.preventDefault();
      void this.removeDownload();
    }
  }

  private label(name: keyof DownloadButtonLabels): string {
    return labelOf(this, this.labels, name);
  }

  protected override render() {
    const { state } = this;
    const corrupt = this.view.status?.state === 'corrupt';
    const primary = primaryLabel(this, isEntryError(this.entrySource.error) || corrupt);
    const unavailable = primary === 'unavailable';
    const inactive = this.disabled || unavailable || state === 'preparing' || (state === 'completed' && this.reason !== 'expired') || !this.effectiveAssetId;
    const showRing = state === 'preparing' || state === 'downloading' || state === 'paused';
    const circumference = 2 * Math.PI * 16;
    const secondary = state === 'completed' || corrupt ? 'remove' : !unavailable && (state === 'downloading' || state === 'paused' || state === 'failed') ? 'cancel' : null;
    const error = state === 'failed' ? this.error : null;
    return html`
      <div part="base" class="base state-${state}">
        <button part="button" class="primary" type="button" aria-disabled=${inactive ? 'true' : 'false'} ?disabled=${this.disabled} title=${error?.message ?? nothing} @click=${this.onPrimary} @keydown=${this.onKeydown}>
          <span class="ring-box">
            <svg class="ring" viewBox="0 0 36 36" aria-hidden="true">
              <circle class="track" cx="18" cy="18" r="16"></circle>
              ${showRing ? svg`<circle class="bar" cx="18" cy="18" r="16" stroke-dasharray=${circumference} stroke-dashoffset=${circumference * (1 - this.progress / 100)}></circle>` : nothing}
            </svg>
            <span part="icon" class="icon" aria-hidden="true">${icon(state)}</span>
          </span>
          <span part="label" class="label">${this.label(primary)}</span>
        </button>
        ${showRing
          ? html`<span part="ring" class="progress" role="progressbar" aria-label=${this.label('progress').replace('{percent}', '').trim() || 'Download progress'}
              aria-valuemin="0" aria-valuemax="100" aria-valuenow=${this.progress} aria-valuetext=${this.label('progress').replace('{percent}', String(this.progress))}>${this.progress}%</span>`
          : nothing}
        ${secondary
          ? html`<button part="secondary" class="secondary" type="button" ?disabled=${this.disabled} @click=${() => void this.removeDownload()}>${this.label(secondary)}</button>`
          : nothing}
        <span part="message" class=${unavailable ? 'message' : 'sr-only'} role="status">${error?.message ?? ''}</span>
      </div>
    `;
  }
}
