import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { EntryChangeDetail } from '../../events/entry-change.js';
import type { PlayerErrorDetail } from '../../events/player-error.js';
import type { RegistrationChangeDetail } from '../../events/registration-change.js';
import type { SourceChangeDetail } from '../../events/source-change.js';
import { getDefaultManager } from '../../service/default-manager.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry, MediaSource } from '../../service/model/media-entry.js';
import { loadSource } from '../../service/playback/load-source.js';
import { loadShaka, type Shaka } from '../../service/shaka/shaka.js';
import { fromShakaError } from '../../service/shaka/shaka-errors.js';
import { isOnline } from '../../service/util/online.js';
import { fire } from '../shared/dispatch.js';
import { EntryController } from '../shared/entry-controller.js';
import { styles } from './offline-player.styles.js';

type ShakaPlayer = InstanceType<Shaka['Player']>;

/**
 * A drop-in video player for a MediaEntry: it plays the downloaded copy when
 * there is one (no network needed), otherwise it streams the entry's best
 * source online through Shaka Player, which it loads only when it has
 * something to play.
 *
 * @summary Plays an entry, from the local copy when it was downloaded.
 * @tag offline-player
 *
 * @attr src - URL of the entry JSON (relative URLs inside it resolve against it).
 * @attr asset-id - Id of the downloaded asset (default: the entry's id).
 * @attr autoplay - Start playing once loaded (as on `<video>`).
 * @attr muted - Start muted (as on `<video>`).
 * @attr controls - Show the browser's playback controls (as on `<video>`).
 * @attr poster - Image shown before playback (default: the entry's thumbnailUrl).
 * @attr preload - `none`, `metadata` or `auto` (as on `<video>`).
 * @attr local - Reflected, read-only: present while the local copy plays.
 * @attr local-label - Text of the badge shown while the local copy plays (default "Downloaded").
 *
 * @fires {CustomEvent<SourceChangeDetail>} source-change - A source was loaded. `detail: { local: boolean, mediaSource: MediaSource }`.
 * @fires {CustomEvent<PlayerErrorDetail>} player-error - Playback failed or was refused (e.g. `LICENSE_EXPIRED`). `detail: { error: OfflineError }`.
 * @fires {CustomEvent<EntryChangeDetail>} entry-change - The entry was set or loaded from `src`/inline JSON. `detail: { entry: MediaEntry | null }`.
 *
 * @slot - An inline `<script type="application/json">` holding the entry (not rendered).
 * @slot overlay - Content laid over the video's top corner, e.g. a `<download-button>`.
 *
 * @csspart video - The `<video>` element.
 * @csspart message - The error message (role="alert").
 * @csspart badge - The badge shown while the local copy plays.
 *
 * @cssproperty --offline-player-aspect-ratio - Aspect ratio of the video box (default 16 / 9).
 * @cssproperty --offline-player-background - Background behind the video (default #000).
 * @cssproperty --offline-player-radius - Corner radius (default 0).
 * @cssproperty --offline-player-message-background - Background of the error message.
 * @cssproperty --offline-player-message-color - Text colour of the error message.
 * @cssproperty --offline-player-badge-background - Background of the "Downloaded" badge.
 * @cssproperty --offline-player-badge-color - Text colour of the badge.
 */
export class OfflinePlayerElement extends LitElement {
  static override styles = styles;

  /**
   * The entry to play: set as a property (validated), or loaded from `src`,
   * inline JSON or, with only `asset-id`, the downloaded asset's own entry.
   */
  @property({ attribute: false })
  get entry(): MediaEntry | null {
    return this.entrySource.entry;
  }
  set entry(value: MediaEntry | null) {
    this.entrySource.setProperty(value);
  }
  @property({ reflect: true }) src: string | null = null;
  @property({ attribute: 'asset-id', reflect: true }) assetId: string | null = null;
  @property({ type: Boolean, reflect: true }) autoplay = false;
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ type: Boolean, reflect: true }) controls = false;
  @property({ reflect: true }) poster: string | null = null;
  @property({ reflect: true }) preload: 'none' | 'metadata' | 'auto' | null = null;
  /** Read-only: whether the local copy plays. */
  @property({ type: Boolean, reflect: true }) local = false;
  @property({ attribute: 'local-label' }) localLabel = 'Downloaded';

  /** The manager to use (default: the shared default manager). */
  @property({ attribute: false })
  get manager(): LocalAssetsManager {
    return this._manager ?? getDefaultManager();
  }
  set manager(value: LocalAssetsManager | null) {
    const old = this._manager;
    this._manager = value ?? undefined;
    this.requestUpdate('manager', old);
  }

  /** The source playing now (null before anything loaded). */
  get currentSource(): MediaSource | null {
    return this.source;
  }

  /** The last playback error, or null. */
  get error(): OfflineError | null {
    return this.failure;
  }

  @query('video') private videoElement!: HTMLVideoElement;
  @state() private failure: OfflineError | null = null;
  private _manager?: LocalAssetsManager;
  private source: MediaSource | null = null;
  private player: ShakaPlayer | null = null;
  private creating: Promise<ShakaPlayer> | null = null;
  private expiresAt: number | null = null;
  private loadToken = 0;
  private subscribed: LocalAssetsManager | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;
  private shownEntry: MediaEntry | null = null;
  private announcedEntry: MediaEntry | null = null;
  private readonly entrySource = new EntryController(this, (entry, error) => {
    const old = this.shownEntry;
    this.shownEntry = entry;
    if (entry !== old) this.requestUpdate('entry', old);
    if (error) this.stopAndFail(error);
    else if (!entry && this.assetId && !this.src) {
      this.stopAndFail(new OfflineError(ErrorCode.ASSET_NOT_FOUND, 'This video is not downloaded', { details: { assetId: this.assetId } }));
    }
  });

  /** The underlying `<video>` element (also styleable as `::part(video)`). */
  get video(): HTMLVideoElement {
    return this.videoElement;
  }

  /** The Shaka Player instance, once something was loaded. */
  get shakaPlayer(): ShakaPlayer | null {
    return this.player;
  }

  /** The id of the asset this player looks for locally. */
  get effectiveAssetId(): string | null {
    return this.assetId ?? this.entry?.id ?? null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.subscribe();
    // Moved in the DOM: the player was let go on disconnect, load again.
    if (this.entry && this.hasUpdated && !this.player) void this.reload(this.video?.currentTime || null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe();
    clearTimeout(this.expiryTimer);
    this.loadToken += 1;
    const player = this.player;
    this.player = null;
    this.creating = null;
    void player?.destroy().catch(() => {});
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.entrySource.refresh();
    if (changed.has('manager' as keyof OfflinePlayerElement) && this.isConnected) this.subscribe();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('entry') && this.entry !== this.announcedEntry) {
      this.announcedEntry = this.entry;
      fire<EntryChangeDetail>(this, 'entry-change', { entry: this.entry });
    }
    if (changed.has('entry') || changed.has('assetId') || changed.has('manager' as keyof OfflinePlayerElement)) {
      void this.reload();
    }
  }

  /** Loads again: the local copy when there is one, else online. */
  async reload(startTime: number | null = null): Promise<void> {
    const token = ++this.loadToken;
    const entry = this.entry;
    if (!entry) return;
    this.failure = null;
    const assetId = this.effectiveAssetId!;
    let source: MediaSource | null = null;
    let local = false;
    let expiresAt: number | null = null;
    clearTimeout(this.expiryTimer);
    try {
      const status = await this.manager.getAssetStatus(assetId);
      if (token !== this.loadToken) return;
      if (status.state === 'completed') {
        const localEntry = await this.manager.createLocalMediaEntry(assetId);
        source = localEntry.sources[0];
        local = true;
        expiresAt = status.licence?.expiresAt ?? null;
      }
    } catch (e) {
      if (token !== this.loadToken) return;
      // An expired licence is refused up front, with its own message.
      if (OfflineError.is(e, ErrorCode.LICENSE_EXPIRED)) return this.fail(e);
    }
    // No local copy and no network: say so, rather than fail to stream.
    if (!source && !isOnline()) {
      return this.fail(new OfflineError(ErrorCode.NOT_AVAILABLE_OFFLINE, 'You are offline and this video is not downloaded', { details: { assetId } }));
    }
    const failures: string[] = [];
    const excludeSourceIds: string[] = [];
    for (;;) {
      if (!source) {
        const choice = await this.manager.getPreferredPlayableMediaSource(entry, { excludeSourceIds }).catch((e: unknown) => asOfflineError(e, ErrorCode.INVALID_ENTRY, 'Choosing a source'));
        if (token !== this.loadToken) return;
        if (choice instanceof OfflineError) return this.fail(choice);
        if (!choice.source) {
          if (failures.length > 0) {
            return this.fail(new OfflineError(ErrorCode.PLAYBACK_ERROR, `Playback failed: ${failures.join('; ')}`, { details: { failures } }));
          }
          return this.fail(new OfflineError(ErrorCode.NO_PLAYABLE_SOURCE, choice.reason ?? 'No source of this entry can be played here', { details: { rejected: choice.rejected } }));
        }
        source = choice.source;
      }
      try {
        const player = await this.ensurePlayer();
        if (token !== this.loadToken) return;
        await loadSource(player, source, startTime);
        if (token !== this.loadToken) return;
        break;
      } catch (e) {
        if (token !== this.loadToken) return;
        const shakaCode = (e as { code?: number })?.code;
        if (shakaCode === 7000) return; // LOAD_INTERRUPTED: a newer load took over
        const reason = fromShakaError(e, `loading ${local ? 'the downloaded copy' : source.mediaFormat.toUpperCase()}`, ErrorCode.PLAYBACK_ERROR).message;
        if (local) return this.fail(new OfflineError(ErrorCode.PLAYBACK_ERROR, reason, { cause: e, details: { shakaCode, local } }));
        // Online: try the entry's next playable source.
        failures.push(reason);
        excludeSourceIds.push(source.id);
        source = null;
      }
    }
    this.source = source;
    this.local = local;
    this.expiresAt = expiresAt;
    if (expiresAt !== null) this.stopAtExpiry(assetId, expiresAt);
    fire<SourceChangeDetail>(this, 'source-change', { local, mediaSource: source });
  }

  /** A licence that expires during playback stops it, with the same message as up front. */
  private stopAtExpiry(assetId: string, expiresAt: number): void {
    const delay = expiresAt - Date.now();
    if (delay > 2 ** 31 - 1) return;
    this.expiryTimer = setTimeout(() => {
      if (!this.local || this.effectiveAssetId !== assetId) return;
      this.video.pause();
      void this.player?.unload().catch(() => {});
      this.local = false;
      this.fail(new OfflineError(ErrorCode.LICENSE_EXPIRED, `The licence of "${assetId}" expired on ${new Date(expiresAt).toISOString()}: renew it online`, { details: { assetId, expiresAt } }));
    }, Math.max(0, delay));
  }

  /** Plays (resolves when playback started or was refused; never hangs on a pending play()). */
  play(): Promise<void> {
    const started = this.video.play();
    return Promise.race([started.catch(() => {}), new Promise<void>((r) => setTimeout(r, 1000))]).then(() => {});
  }

  pause(): void {
    this.video.pause();
  }

  /** One Shaka player per element, even when two loads ask for it at once. */
  private ensurePlayer(): Promise<ShakaPlayer> {
    if (this.player) return Promise.resolve(this.player);
    this.creating ??= this.createPlayer().finally(() => (this.creating = null));
    return this.creating;
  }

  private async createPlayer(): Promise<ShakaPlayer> {
    await this.updateComplete;
    const shaka = await loadShaka();
    const player = new shaka.Player();
    await player.attach(this.video);
    player.addEventListener('error', (event) => {
      const detail = (event as Event & { detail?: unknown }).detail;
      const error = fromShakaError(detail, 'playing', ErrorCode.PLAYBACK_ERROR);
      this.fail(new OfflineError(ErrorCode.PLAYBACK_ERROR, error.message, { cause: detail, details: { ...error.details, local: this.local } }));
    });
    this.player = player;
    return player;
  }

  private fail(error: OfflineError): void {
    this.failure = error;
    fire<PlayerErrorDetail>(this, 'player-error', { error });
  }

  /** No entry to play (a bad one, or none offline): stop what played and say why. */
  private stopAndFail(error: OfflineError): void {
    this.loadToken += 1;
    clearTimeout(this.expiryTimer);
    void this.player?.unload().catch(() => {});
    this.source = null;
    this.local = false;
    this.fail(error);
  }

  // The local copy appears (download completed) or disappears (removed):
  // switch at the current position, keeping paused/playing as it was.
  private readonly onRegistration = (event: Event): void => {
    const { assetId, change, status } = (event as CustomEvent<RegistrationChangeDetail>).detail;
    if (assetId !== this.effectiveAssetId) return;
    // Known only by asset id or an unreachable `src`: the download brings the entry.
    if (!this.entry) return this.entrySource.resolve();
    const nowLocal = change !== 'removed' && status?.state === 'completed';
    if (nowLocal && this.local) {
      // A renewed licence: follow its new expiry.
      const expiresAt = status?.licence?.expiresAt ?? null;
      if (expiresAt !== this.expiresAt) {
        clearTimeout(this.expiryTimer);
        this.expiresAt = expiresAt;
        if (expiresAt !== null) this.stopAtExpiry(assetId, expiresAt);
      }
      return;
    }
    if (nowLocal === this.local) return;
    const time = this.video && this.source ? this.video.currentTime : null;
    void this.reload(time && time > 0 ? time : null);
  };

  private subscribe(): void {
    if (this.subscribed === this.manager) return;
    this.unsubscribe();
    this.subscribed = this.manager;
    this.subscribed.addEventListener('registration-change', this.onRegistration);
  }

  private unsubscribe(): void {
    this.subscribed?.removeEventListener('registration-change', this.onRegistration);
    this.subscribed = null;
  }

  protected override render() {
    const poster = this.poster ?? this.entry?.thumbnailUrl ?? nothing;
    return html`
      <div class="frame">
        <video
          part="video"
          playsinline
          .muted=${this.muted}
          ?autoplay=${this.autoplay}
          ?controls=${this.controls}
          preload=${this.preload ?? nothing}
          poster=${poster}
          aria-label=${this.entry?.name ?? 'Video'}
        ></video>
        <span part="badge" class="badge" ?hidden=${!this.local}>${this.localLabel}</span>
        <div class="overlay"><slot name="overlay"></slot></div>
        <div part="message" class="message" role="alert" ?hidden=${!this.failure}>${this.failure?.message ?? ''}</div>
      </div>
      <slot hidden></slot>
    `;
  }
}
