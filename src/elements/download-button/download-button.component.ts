import { LitElement, html, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { DownloadErrorDetail } from '../../events/download-error.js';
import type { DownloadProgressDetail } from '../../events/download-progress.js';
import type { DownloadRequestDetail } from '../../events/download-request.js';
import type { DownloadStateChangeDetail } from '../../events/download-state-change.js';
import type { RegistrationChangeDetail } from '../../events/registration-change.js';
import type { EntryChangeDetail } from '../../events/entry-change.js';
import type { RemoveRequestDetail } from '../../events/remove-request.js';
import { getDefaultManager } from '../../service/default-manager.js';
import type { TrackSelection } from '../../service/download/tracks.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { MANAGER_EVENTS, fire } from '../shared/dispatch.js';
import { EntryController, isEntryError } from '../shared/entry-controller.js';
import { styles } from './download-button.styles.js';

export type DownloadButtonState = 'none' | 'preparing' | 'downloading' | 'paused' | 'completed' | 'failed';

/** Why the download is paused or failed, or that a downloaded asset's licence expired (`expired`). */
export type DownloadButtonReason = 'interrupted' | 'network' | 'quota' | 'user' | 'error' | 'expired';

/** Every text the button shows or announces; override any of them (attributes `label-*` or the `labels` property). */
export interface DownloadButtonLabels {
  download: string;
  pause: string;
  resume: string;
  retry: string;
  remove: string;
  cancel: string;
  preparing: string;
  completed: string;
  /** Progress text; `{percent}` is replaced by the number. */
  progress: string;
  /** Paused because the page closed mid-download. */
  interrupted: string;
  /** Paused because the network went away (it resumes by itself). */
  waiting: string;
  /** Stopped because the storage quota is full. */
  storageFull: string;
  /** Downloaded, but its licence expired. */
  expired: string;
  /** Nothing can be downloaded: the entry is not valid, or offline and not downloaded. */
  unavailable: string;
}

export const DEFAULT_LABELS: DownloadButtonLabels = {
  download: 'Download',
  pause: 'Pause download',
  resume: 'Resume download',
  retry: 'Retry download',
  remove: 'Remove download',
  cancel: 'Cancel download',
  preparing: 'Preparing download',
  completed: 'Downloaded',
  progress: '{percent}% downloaded',
  interrupted: 'Interrupted: resume',
  waiting: 'Waiting for network',
  storageFull: 'Storage full',
  expired: 'Licence expired: renew',
  unavailable: 'Cannot download',
};

/** The player a button is linked to with `for` (duck-typed, so builds can mix). */
interface PlayerLike extends HTMLElement {
  entry: MediaEntry | null;
  manager: LocalAssetsManager;
  effectiveAssetId: string | null;
}

const isPlayer = (el: Element | null): el is PlayerLike => !!el && 'entry' in el && 'effectiveAssetId' in el;

/**
 * Downloads an entry for offline playback, shows the progress, pauses,
 * resumes, removes. Attach it to a player with `for="player-id"` (it then
 * downloads what the player plays, with the player's manager) or give it an
 * entry (`entry` property or `src` URL). Every button and player for the same
 * asset stays in sync through the shared manager.
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
  @property({ attribute: 'label-download' }) labelDownload: string | null = null;
  @property({ attribute: 'label-pause' }) labelPause: string | null = null;
  @property({ attribute: 'label-resume' }) labelResume: string | null = null;
  @property({ attribute: 'label-retry' }) labelRetry: string | null = null;
  @property({ attribute: 'label-remove' }) labelRemove: string | null = null;
  @property({ attribute: 'label-cancel' }) labelCancel: string | null = null;
  @property({ attribute: 'label-preparing' }) labelPreparing: string | null = null;
  @property({ attribute: 'label-completed' }) labelCompleted: string | null = null;
  @property({ attribute: 'label-progress' }) labelProgress: string | null = null;
  @property({ attribute: 'label-interrupted' }) labelInterrupted: string | null = null;
  @property({ attribute: 'label-waiting' }) labelWaiting: string | null = null;
  @property({ attribute: 'label-storage-full' }) labelStorageFull: string | null = null;
  @property({ attribute: 'label-expired' }) labelExpired: string | null = null;
  @property({ attribute: 'label-unavailable' }) labelUnavailable: string | null = null;
  /** Labels as one object (attributes `label-*` win over it). */
  @property({ attribute: false }) labels: Partial<DownloadButtonLabels> = {};

  /**
   * The entry to download: set as a property (validated), or from `src`,
   * inline JSON, the linked player, or (with only `asset-id`) the download's
   * own entry.
   */
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
    return this._manager ?? this.player?.manager ?? getDefaultManager();
  }
  set manager(value: LocalAssetsManager | null) {
    const old = this._manager;
    this._manager = value ?? undefined;
    this.requestUpdate('manager', old);
  }

  /** The linked player (resolved from `for`), or null. */
  get player(): PlayerLike | null {
    return this.linked;
  }

  /** The asset this button downloads. */
  get effectiveAssetId(): string | null {
    return this.assetId ?? this.player?.effectiveAssetId ?? this.entry?.id ?? null;
  }

  /** The last error (failed state), or null. */
  get error(): OfflineError | null {
    return this.failure;
  }

  @state() private linked: PlayerLike | null = null;
  @state() private failure: OfflineError | null = null;
  private _manager?: LocalAssetsManager;
  private readonly entrySource = new EntryController(
    this,
    (_entry, error) => {
      if (error) this.failed(error);
      else if (isEntryError(this.failure)) {
        this.failure = null;
        this.watchedAsset = null; // read the asset's status again
      }
      this.sync();
    },
    () => this.player?.entry ?? null,
  );
  private subscribed: LocalAssetsManager | null = null;
  private watchedAsset: string | null = null;
  private rootObserver: MutationObserver | null = null;
  private busy = false;
  private removing = false;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set when a removal is asked while a download is still being prepared. */
  private cancelRequested = false;

  override connectedCallback(): void {
    // The player first, so the entry controller (started by super) sees it.
    this.resolvePlayer();
    super.connectedCallback();
    this.observeRoot();
    this.sync();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.expiryTimer);
    this.rootObserver?.disconnect();
    this.rootObserver = null;
    this.setPlayer(null);
    this.unsubscribe();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for')) this.resolvePlayer();
    this.entrySource.refresh();
  }

  protected override updated(): void {
    // Whatever changed (entry, player, manager, asset id): follow the right asset.
    this.sync();
  }

  // --- Linking to a player (media-chrome style) -------------------------------

  private resolvePlayer(): void {
    if (!this.isConnected) return;
    const root = this.getRootNode() as Document | ShadowRoot;
    const found = this.for ? root.getElementById?.(this.for) ?? null : null;
    this.setPlayer(isPlayer(found) ? found : null);
  }

  private setPlayer(player: PlayerLike | null): void {
    if (player === this.linked) return;
    this.linked?.removeEventListener('entry-change', this.onPlayerEntry);
    this.linked = player;
    player?.addEventListener('entry-change', this.onPlayerEntry);
  }

  private readonly onPlayerEntry = (event: Event): void => {
    if ((event as CustomEvent<EntryChangeDetail>).target === this.linked) this.entrySource.refresh();
  };

  /** The player may appear later, or its id change: watch the root. */
  private observeRoot(): void {
    const root = this.getRootNode();
    if (!(root instanceof Document || root instanceof ShadowRoot)) return;
    this.rootObserver = new MutationObserver(() => {
      const before = this.linked;
      this.resolvePlayer();
      if (before !== this.linked) this.requestUpdate();
    });
    this.rootObserver.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  }

  // --- Following the manager ---------------------------------------------------

  private sync(): void {
    if (!this.isConnected) return;
    const manager = this.manager;
    if (this.subscribed !== manager) {
      this.unsubscribe();
      this.subscribed = manager;
      for (const type of MANAGER_EVENTS) manager.addEventListener(type, this.onManagerEvent);
      this.watchedAsset = null;
    }
    const assetId = this.effectiveAssetId;
    if (assetId !== this.watchedAsset) {
      this.watchedAsset = assetId;
      if (!isEntryError(this.failure)) this.failure = null;
      if (!assetId) this.show(this.failure ? 'failed' : 'none', 0, this.failure ? 'error' : null);
      else void manager.getAssetStatus(assetId).then((status) => this.showStatus(status), () => {});
    }
  }

  private unsubscribe(): void {
    if (!this.subscribed) return;
    for (const type of MANAGER_EVENTS) this.subscribed.removeEventListener(type, this.onManagerEvent);
    this.subscribed = null;
  }

  private readonly onManagerEvent = (event: Event): void => {
    const { detail, type } = event as CustomEvent<{ assetId: string }>;
    if (detail.assetId !== this.effectiveAssetId) return;
    if (type === 'download-progress') {
      const { fraction } = detail as DownloadProgressDetail;
      if (this.state === 'downloading' || this.state === 'preparing') this.show('downloading', fraction, null);
    } else if (type === 'download-state-change') {
      const { state, reason } = detail as DownloadStateChangeDetail;
      if (state !== 'failed') this.failure = null;
      this.show(state, state === 'none' ? 0 : undefined, reason);
      if (state !== 'none') {
        void this.manager.getAssetStatus(detail.assetId).then((s) => s.state === state && this.showStatus(s), () => {});
      }
    } else if (type === 'download-error') {
      this.failure = (detail as DownloadErrorDetail).error;
    } else if (type === 'registration-change') {
      // A renewed licence: no longer expired.
      const status = (detail as RegistrationChangeDetail).status;
      if (status) this.showStatus(status);
      // Known only by asset id: the download brings the entry.
      if (!this.entry) this.entrySource.resolve();
    }
    fire(this, type, detail);
  };

  private showStatus(status: AssetStatus): void {
    if (status.assetId !== this.effectiveAssetId) return;
    if (status.error && status.state === 'failed') this.failure = new OfflineError(status.error.code as ErrorCode, status.error.message);
    const reason = status.state === 'completed' && status.licence?.expired ? 'expired' : status.reason;
    this.show(status.state, status.fraction, reason);
    // A licence that expires while the button is on screen: say so then.
    clearTimeout(this.expiryTimer);
    const expiresAt = status.state === 'completed' && !status.licence?.expired ? status.licence?.expiresAt : null;
    if (expiresAt && expiresAt - Date.now() < 2 ** 31 - 1) {
      this.expiryTimer = setTimeout(() => {
        void this.manager.getAssetStatus(status.assetId).then((s) => this.showStatus(s), () => undefined);
      }, Math.max(0, expiresAt - Date.now()) + 50);
    }
  }

  private show(state: DownloadButtonState, fraction: number | undefined, reason: DownloadButtonReason | null): void {
    this.state = state;
    this.reason = state === 'paused' || state === 'failed' || reason === 'expired' ? reason : null;
    if (state === 'completed') this.progress = 100;
    else if (state === 'none') this.progress = 0;
    else if (fraction !== undefined) this.progress = Math.min(99, Math.floor(fraction * 100));
  }

  /** Reports an error (event, visible message) and shows the failed state. */
  private failed(error: OfflineError): void {
    this.failure = error;
    this.show('failed', undefined, error.code === ErrorCode.QUOTA_EXCEEDED ? 'quota' : 'error');
    const assetId = this.effectiveAssetId ?? '';
    fire<DownloadErrorDetail>(this, 'download-error', { assetId, error });
  }

  // --- Actions -------------------------------------------------------------------

  /** The selection the attributes ask for. */
  get selection(): TrackSelection {
    const selection: TrackSelection = {};
    const height = Number(this.quality);
    if (this.quality && Number.isFinite(height) && height > 0) selection.videoHeight = height;
    const words = (value: string) => value.trim().split(/[\s,]+/).filter(Boolean);
    if (this.audioLanguages && this.audioLanguages.trim() !== 'all') selection.audioLanguages = words(this.audioLanguages);
    if (this.subtitles !== null) {
      const value = this.subtitles.trim();
      selection.textLanguages = value === '' || value === 'all' ? 'all' : value === 'none' ? 'none' : words(value);
    }
    return selection;
  }

  /**
   * Starts (or resumes, or retries) the download, as a click would. Rejects
   * with the OfflineError (also fired as `download-error`) when there is
   * nothing to download: a bad entry, none at all, or offline and not stored.
   */
  async download(): Promise<void> {
    const entry = this.entry;
    const assetId = this.effectiveAssetId;
    if (this.busy) return;
    if (!entry || !assetId) {
      const error =
        this.entrySource.error ??
        new OfflineError(ErrorCode.INVALID_ENTRY, 'There is nothing to download: give the button an entry, a src, or link it to a player', {
          details: { problems: ['no entry'] },
        });
      this.failed(error);
      throw error;
    }
    const action = this.state === 'paused' ? 'resume' : this.state === 'failed' ? 'retry' : 'start';
    if (!fire<DownloadRequestDetail>(this, 'download-request', { assetId, entry, action }, { cancelable: true })) return;
    this.busy = true;
    this.cancelRequested = false;
    this.failure = null;
    try {
      const status = await this.manager.getAssetStatus(assetId);
      if (status.registered) {
        await this.manager.resumeDownload(assetId);
      } else {
        this.show('preparing', 0, null);
        const prepared = await this.manager.prepareForDownload(entry, { assetId, selection: this.selection });
        // Cancelled while preparing: nothing was registered, nothing to start.
        if (this.cancelRequested) return this.show('none', 0, null);
        await this.manager.startDownload(prepared);
      }
    } catch (e) {
      const error = asOfflineError(e, ErrorCode.NETWORK_ERROR, 'Downloading');
      const status = await this.manager.getAssetStatus(assetId).catch(() => null);
      // Another button or tab started it meanwhile: just follow it.
      if (error.code === ErrorCode.INVALID_STATE && status?.registered) this.showStatus(status);
      else if (!status?.registered) this.failed(error);
      else this.failure = error;
    } finally {
      this.busy = false;
    }
  }

  /** Renews the licence of a downloaded asset whose licence expired (online). */
  async renew(): Promise<void> {
    const assetId = this.effectiveAssetId;
    if (!assetId) return;
    try {
      this.showStatus(await this.manager.renewAsset(assetId));
      this.failure = null;
    } catch (e) {
      this.failure = asOfflineError(e, ErrorCode.LICENSE_REQUEST_FAILED, 'Renewing the licence');
      fire<DownloadErrorDetail>(this, 'download-error', { assetId, error: this.failure });
    }
  }

  /** Pauses the download in progress. */
  async pause(): Promise<void> {
    const assetId = this.effectiveAssetId;
    if (!assetId) return;
    await this.manager.pauseDownload(assetId).catch((e) => (this.failure = asOfflineError(e, ErrorCode.STORAGE_ERROR, 'Pausing')));
  }

  /** Removes the download (or cancels it while in progress), after a cancelable `remove-request`. */
  async removeDownload(): Promise<void> {
    const assetId = this.effectiveAssetId;
    if (!assetId) return;
    if (this.removing) return;
    const cancel = this.state !== 'completed';
    if (!fire<RemoveRequestDetail>(this, 'remove-request', { assetId, cancel }, { cancelable: true })) return;
    this.removing = true;
    if (this.busy) this.cancelRequested = true;
    try {
      const status = await this.manager.getAssetStatus(assetId);
      if (status.registered) await this.manager.removeAsset(assetId);
      else this.show('none', 0, null);
      this.failure = null;
    } catch (e) {
      this.failure = asOfflineError(e, ErrorCode.STORAGE_ERROR, 'Removing');
    } finally {
      this.removing = false;
    }
  }

  private onPrimary(): void {
    if (this.disabled || isEntryError(this.failure)) return;
    switch (this.state) {
      case 'none':
      case 'paused':
      case 'failed':
        // A failure is reported as download-error and shown: nothing more to do here.
        this.download().catch(() => undefined);
        break;
      case 'completed':
        if (this.reason === 'expired') void this.renew();
        break;
      case 'downloading':
        void this.pause();
        break;
      default:
        break; // preparing: wait; completed: nothing to do (remove is the other button)
    }
  }

  private onKeydown(event: KeyboardEvent): void {
    // Delete / Backspace on the main button asks to remove, like the secondary button.
    if ((event.key === 'Delete' || event.key === 'Backspace') && this.state !== 'none' && !this.disabled) {
      event.preventDefault();
      void this.removeDownload();
    }
  }

  private label(name: keyof DownloadButtonLabels): string {
    const attributes: Record<keyof DownloadButtonLabels, string | null> = {
      download: this.labelDownload,
      pause: this.labelPause,
      resume: this.labelResume,
      retry: this.labelRetry,
      remove: this.labelRemove,
      cancel: this.labelCancel,
      preparing: this.labelPreparing,
      completed: this.labelCompleted,
      progress: this.labelProgress,
      interrupted: this.labelInterrupted,
      waiting: this.labelWaiting,
      storageFull: this.labelStorageFull,
      expired: this.labelExpired,
      unavailable: this.labelUnavailable,
    };
    return attributes[name] ?? this.labels[name] ?? DEFAULT_LABELS[name];
  }

  /** The main button's text: the action, or the state and reason in a few words. */
  private primaryLabel(): keyof DownloadButtonLabels {
    const { state, reason } = this;
    if (isEntryError(this.failure)) return 'unavailable';
    if (state === 'downloading') return 'pause';
    if (state === 'preparing') return 'preparing';
    if (state === 'completed') return reason === 'expired' ? 'expired' : 'completed';
    if (reason === 'quota' && (state === 'paused' || state === 'failed')) return 'storageFull';
    if (state === 'paused') return reason === 'interrupted' ? 'interrupted' : reason === 'network' ? 'waiting' : 'resume';
    if (state === 'failed') return 'retry';
    return 'download';
  }

  protected override render() {
    const state = this.state;
    const primary = this.primaryLabel();
    const unavailable = primary === 'unavailable';
    const inactive = this.disabled || unavailable || state === 'preparing' || (state === 'completed' && this.reason !== 'expired') || !this.effectiveAssetId;
    const showRing = state === 'preparing' || state === 'downloading' || state === 'paused';
    const progressText = this.label('progress').replace('{percent}', String(this.progress));
    const circumference = 2 * Math.PI * 16;
    const secondary = unavailable ? null : state === 'completed' ? 'remove' : state === 'downloading' || state === 'paused' || state === 'failed' ? 'cancel' : null;
    return html`
      <div part="base" class="base state-${state}">
        <button
          part="button"
          class="primary"
          type="button"
          aria-disabled=${inactive ? 'true' : 'false'}
          ?disabled=${this.disabled}
          title=${this.failure && state === 'failed' ? this.failure.message : nothing}
          @click=${this.onPrimary}
          @keydown=${this.onKeydown}
        >
          <span class="ring-box">
            <svg class="ring" viewBox="0 0 36 36" aria-hidden="true">
              <circle class="track" cx="18" cy="18" r="16"></circle>
              ${showRing
                ? svg`<circle class="bar" cx="18" cy="18" r="16" stroke-dasharray=${circumference} stroke-dashoffset=${circumference * (1 - this.progress / 100)}></circle>`
                : nothing}
            </svg>
            <span part="icon" class="icon" aria-hidden="true">${icon(state)}</span>
          </span>
          <span part="label" class="label">${this.label(primary)}</span>
        </button>
        ${showRing
          ? html`<span
              part="ring"
              class="progress"
              role="progressbar"
              aria-label=${this.label('progress').replace('{percent}', '').trim() || 'Download progress'}
              aria-valuemin="0"
              aria-valuemax="100"
              aria-valuenow=${this.progress}
              aria-valuetext=${progressText}
              >${this.progress}%</span
            >`
          : nothing}
        ${secondary
          ? html`<button part="secondary" class="secondary" type="button" ?disabled=${this.disabled} @click=${() => void this.removeDownload()}>
              ${this.label(secondary)}
            </button>`
          : nothing}
        <span part="message" class=${unavailable ? 'message' : 'sr-only'} role="status">${state === 'failed' && this.failure ? this.failure.message : ''}</span>
      </div>
    `;
  }
}

function icon(state: DownloadButtonState) {
  switch (state) {
    case 'downloading':
      return html`<svg viewBox="0 0 24 24"><rect x="7" y="6" width="3.5" height="12" rx="1"/><rect x="13.5" y="6" width="3.5" height="12" rx="1"/></svg>`;
    case 'paused':
    case 'failed':
      return html`<svg viewBox="0 0 24 24"><path d="M12 5v9m0 0-4-4m4 4 4-4M6 19h12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
    case 'completed':
      return html`<svg viewBox="0 0 24 24"><path d="m6 12.5 4 4 8-9" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
    case 'preparing':
      return html`<svg viewBox="0 0 24 24"><circle cx="6" cy="12" r="1.6"/><circle cx="12" cy="12" r="1.6"/><circle cx="18" cy="12" r="1.6"/></svg>`;
    default:
      return html`<svg viewBox="0 0 24 24"><path d="M12 5v9m0 0-4-4m4 4 4-4M6 19h12" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>`;
  }
}
